package calendar

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// vietnam is the zone of every date and time in this package.
var vietnam = vntime.Location()

// Supported range of every date in this package (lunar calendar and working-day tables).
const (
	MinYear = 1900
	MaxYear = 2199
)

// Date is a civil (solar, dương lịch) date in Vietnam, without a time of day.
// Its text form is ISO 8601, "2026-02-17".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D is shorthand for Date{y, m, d}.
func D(y int, m time.Month, d int) Date { return Date{y, m, d} }

// DateOf returns the date of t in Asia/Ho_Chi_Minh.
func DateOf(t time.Time) Date {
	y, m, d := t.In(vietnam).Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, invalid("date", msgs.Text("is_not_date_of_form_yyyy", s))
	}
	y, m, d := t.Date()
	return Date{y, m, d}, nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday((d.num() + 1) % 7) } // 1900-01-01 was a Monday

// AddDays returns the date n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date { return dateOfNum(d.num() + n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.num(), e.num()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// At returns the instant at clock time tod (since midnight) on d in Asia/Ho_Chi_Minh.
func (d Date) At(tod time.Duration) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, vietnam).Add(tod)
}

// valid reports whether d names a real day of the Gregorian calendar.
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// check rejects impossible dates and dates outside MinYear..MaxYear.
func (d Date) check(field string) error {
	if !d.valid() {
		return invalid(field, msgs.Text("is_not_real_date", d.Year, int(d.Month), d.Day))
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return errYearRange(field, d.Year)
	}
	return nil
}

func errYearRange(field string, y int) error {
	return outOfRange(field, msgs.Text("year_is_outside", y, MinYear, MaxYear))
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// num returns the day number of d: days since 1900-01-01 (proleptic Gregorian).
// Algorithm: H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil.
func (d Date) num() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 693901 // 693901 = days from 0000-03-01 to 1900-01-01
}

// dateOfNum is the inverse of Date.num (Hinnant's civil_from_days).
func dateOfNum(n int) Date {
	z := n + 693901
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// julianDay converts a day number to a Julian Day Number (noon UT of that date).
func julianDay(n int) int { return n + 2415021 }
