package calendar

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"strings"
	"testing"
)

// vectorMonth is one line of testdata/lunar-1900-2199.txt.gz.
type vectorMonth struct {
	start Date
	lunar LunarDate // Day is 1
}

// readVectors loads the month starts written by scripts/lunar-vectors (npm @dqcai/vn-lunar).
// The last month has no closing line when the package stops at 2199.
func readVectors(t testing.TB) []vectorMonth {
	t.Helper()
	f, err := os.Open("testdata/lunar-1900-2199.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []vectorMonth
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if strings.HasPrefix(s, "#") || s == "" {
			continue
		}
		var ds string
		var y, m, leap int
		if _, err := fmt.Sscanf(s, "%s %d %d %d", &ds, &y, &m, &leap); err != nil {
			t.Fatalf("line %d %q: %v", line, s, err)
		}
		d, err := ParseDate(ds)
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		out = append(out, vectorMonth{d, LunarDate{Year: y, Month: m, Day: 1, Leap: leap == 1}})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 2400 {
		t.Fatalf("read %d months, want about 2488", len(out))
	}
	return out
}

// TestSolarToLunarVectors compares every day of 1900-01-01..2199-12-31 with an independent
// implementation (npm @dqcai/vn-lunar 1.0.1, MIT, built on Hồ Ngọc Đức's tables), and converts
// each day back.
func TestSolarToLunarVectors(t *testing.T) {
	months := readVectors(t)
	first, last := D(MinYear, 1, 1), D(MaxYear, 12, 31)
	if months[0].start.Compare(first) > 0 {
		t.Fatalf("vectors start at %v, after %v", months[0].start, first)
	}
	fails, days := 0, 0
	for i, m := range months {
		end := last.num() + 1
		if i+1 < len(months) {
			end = months[i+1].start.num()
		}
		for n := max(m.start.num(), first.num()); n < end && n <= last.num(); n++ {
			d := dateOfNum(n)
			days++
			want := m.lunar
			want.Day = n - m.start.num() + 1
			got, err := SolarToLunar(d.Year, int(d.Month), d.Day)
			if err != nil || got != want {
				if fails++; fails <= 20 {
					t.Errorf("SolarToLunar(%v) = %v, %v; want %v", d, got, err, want)
				}
				continue
			}
			back, err := LunarToSolar(got)
			if err != nil || back != d {
				if fails++; fails <= 20 {
					t.Errorf("LunarToSolar(%v) = %v, %v; want %v", got, back, err, d)
				}
			}
		}
	}
	if fails > 0 {
		t.Errorf("%d of %d days disagree with npm @dqcai/vn-lunar", fails, days)
	}
	if want := last.num() - first.num() + 1; days != want {
		t.Errorf("checked %d days, want %d (%v..%v)", days, want, first, last)
	}
}
