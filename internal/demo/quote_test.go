package demo

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

// TestSeedQuotes: the demo's fee schedules give the amounts their sources state, and the demo
// keeps a free fully online commune procedure and a fee-bearing one that costs something
// online (the payment tests use Phiếu lý lịch tư pháp, 3.000333).
func TestSeedQuotes(t *testing.T) {
	_, ps := loadSeed(t)
	byCode := map[string]*catalog.Procedure{}
	for i := range ps {
		byCode[ps[i].Code] = &ps[i]
	}
	on := time.Date(2026, 12, 7, 10, 0, 0, 0, vntime.Location())
	tests := []struct {
		code  string
		in    catalog.FeeInput
		total int64
		lines int
	}{
		{"3.000333", catalog.FeeInput{Online: true}, 200000, 1},            // Thông tư 244/2016/TT-BTC
		{"3.000333", catalog.FeeInput{Online: true, Copies: 3}, 205000, 2}, // + 5.000 from the 3rd Phiếu
		{"3.000333", catalog.FeeInput{Categories: []string{"sinh-vien"}}, 100000, 2},
		{"3.000333", catalog.FeeInput{Categories: []string{"tre-em"}}, 0, 2},
		{"2.000815", catalog.FeeInput{Pages: 4, Copies: 3}, 18000, 1}, // (2×2.000 + 2×1.000) × 3
		{"2.000815", catalog.FeeInput{Pages: 300}, 200000, 1},         // at most 200.000 a copy
		{"2.000884", catalog.FeeInput{}, 10000, 1},
		{"1.001612", catalog.FeeInput{}, 100000, 1},             // paper
		{"1.001612", catalog.FeeInput{Online: true}, 0, 2},      // free online (NQ 78/2026)
		{"2.000720", catalog.FeeInput{Online: true}, 0, 2},      //
		{"1.004222", catalog.FeeInput{Online: true}, 10000, 1},  // Thông tư 75/2022/TT-BTC
		{"1.004222", catalog.FeeInput{}, 20000, 1},              //
		{"1.014063", catalog.FeeInput{Online: true}, 25000, 2},  // 50% until 31/12/2026
		{"3.000347", catalog.FeeInput{Online: true}, 135000, 1}, // the online rate ended 31/12/2025
		{"1.001456", catalog.FeeInput{Online: true}, 200000, 1}, // the online rate ended 31/12/2023
		{"1.001193", catalog.FeeInput{Online: true}, 0, 0},      // khai sinh in time: free
		{"1.001193", catalog.FeeInput{Cases: []string{"qua-han"}, Copies: 2}, 13000, 2},
		{"1.004873", catalog.FeeInput{}, 3000, 1},
		{"1.013225", catalog.FeeInput{}, 0, 0}, // building permit: no source gives the council's figure
	}
	for _, tt := range tests {
		p := byCode[tt.code]
		if p == nil {
			t.Errorf("%s: not in the seed", tt.code)
			continue
		}
		tt.in.On = on
		q := p.Quote(tt.in)
		if q.TotalVND != tt.total || len(q.Lines) != tt.lines {
			t.Errorf("%s: Quote(%+v) = %d in %d lines %+v; want %d in %d", tt.code, tt.in, q.TotalVND, len(q.Lines), q.Lines, tt.total, tt.lines)
		}
		for _, l := range q.Lines {
			if l.Basis == "" {
				t.Errorf("%s: line %q has no legal basis", tt.code, l.Name)
			}
		}
	}
	// Fees without a figure are reported unpriced, never as free: the building permit, the
	// paper rate of tạm trú for a person, the council's civil-status rates marked partial.
	for _, c := range []struct {
		code   string
		online bool
	}{{"1.013225", true}, {"1.004194", false}, {"1.004859", true}, {"1.002755", true}} {
		if q := byCode[c.code].Quote(catalog.FeeInput{Online: c.online, On: on}); len(q.Unpriced) != 1 || q.TotalVND != 0 {
			t.Errorf("%s online=%v: Quote = %+v; want one unpriced fee and nothing charged", c.code, c.online, q)
		}
	}
	var freeOnline, paidOnline bool
	for i := range ps {
		p := &ps[i]
		q := p.Quote(catalog.FeeInput{Online: true, On: on})
		if p.OnlineLevel == catalog.OnlineFull && p.Level == catalog.LevelCommune && q.TotalVND == 0 && len(q.Unpriced) == 0 {
			freeOnline = true
		}
		if p.OnlineLevel == catalog.OnlineFull && q.TotalVND > 0 {
			paidOnline = true
		}
	}
	if !freeOnline || !paidOnline {
		t.Errorf("free fully online commune procedure: %v; fully online procedure costing something online: %v", freeOnline, paidOnline)
	}
}
