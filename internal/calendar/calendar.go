package calendar

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"
)

// MaxWorkingDays bounds every processing time in working days (about 14 years): larger values
// are data errors, not procedures.
const MaxWorkingDays = 3650

// DefaultCutOff is the time after which a dossier received on a working day is handled the next
// working day (Decree 61/2018 Art. 18: paper dossiers received after 15:00 move on the next
// working morning). It applies to same-day (0 working day) procedures.
const DefaultCutOff = 15 * time.Hour

// Session is a span of office hours within a day, as durations since local midnight.
type Session struct {
	Start time.Duration
	End   time.Duration
}

// DefaultOfficeHours are 8:00–12:00 and 13:00–17:00, Monday to Friday: 8 hours a day, 40 a week
// (QĐ 188/1999/QĐ-TTg).
func DefaultOfficeHours() []Session {
	return []Session{{8 * time.Hour, 12 * time.Hour}, {13 * time.Hour, 17 * time.Hour}}
}

// Calendar answers working-day questions for one office: which days are working days, and
// when a processing time that starts at a given moment runs out. It combines the holiday rules
// of the Labour Code, the official schedules and administrators' overrides, and precomputes one
// table per year on first use. A Calendar is immutable and safe for concurrent use; build a new
// one when the overrides change.
type Calendar struct {
	schedules []Schedule
	covered   map[int]map[Occasion]bool // year → occasions arranged by a schedule
	overrides map[int]Override          // day number → override
	office    []Session
	saturday  []Session // non-nil: ordinary Saturdays are half working days
	satOn     bool
	cutOff    time.Duration
	dayLen    time.Duration // office time of a full working day
	years     [MaxYear - MinYear + 1]atomic.Pointer[yearTable]
}

// Option configures a Calendar.
type Option func(*Calendar) error

// WithSchedules replaces the built-in official schedules (BuiltinSchedules) with ss; with no
// arguments the calendar uses the default rules alone.
func WithSchedules(ss ...Schedule) Option {
	return func(c *Calendar) error {
		for i, s := range ss {
			if err := s.validate(fmt.Sprintf("schedules[%d]", i)); err != nil {
				return err
			}
		}
		c.schedules = slices.Clone(ss)
		return nil
	}
}

// WithOverrides layers administrators' decisions on top of rules and schedules. Two overrides
// of the same day must agree.
func WithOverrides(os ...Override) Option {
	return func(c *Calendar) error {
		for i, o := range os {
			f := fmt.Sprintf("overrides[%d]", i)
			if err := o.validate(f); err != nil {
				return err
			}
			n := o.Date.num()
			if prev, ok := c.overrides[n]; ok && prev.Kind != o.Kind {
				return invalid(f+".kind", msgs.Text("is_overridden_both_as_and_as", o.Date, prev.Kind, o.Kind))
			}
			c.overrides[n] = o
		}
		return nil
	}
}

// WithOfficeHours sets the office sessions of a working day (default DefaultOfficeHours). The
// last session's end is the time of day a due date is given for.
func WithOfficeHours(ss ...Session) Option {
	return func(c *Calendar) error {
		if err := checkSessions("officeHours", ss); err != nil {
			return err
		}
		c.office = slices.Clone(ss)
		return nil
	}
}

// WithSaturdayMornings makes ordinary Saturdays (not holidays, not days off of a schedule or
// override) half working days for an office whose counter receives on Saturday mornings, with
// sessions ss; with no arguments, the office-hour sessions that end by 12:00. Half days count in
// working-hour clocks only: processing times in working days count Monday–Friday, the working
// week of state agencies (QĐ 188/1999), and a due date never falls on a half day.
func WithSaturdayMornings(ss ...Session) Option {
	return func(c *Calendar) error {
		if len(ss) > 0 {
			if err := checkSessions("saturdayMornings", ss); err != nil {
				return err
			}
		}
		c.satOn = true
		c.saturday = slices.Clone(ss)
		return nil
	}
}

// WithCutOff sets the time of day after which a same-day procedure moves to the next working
// day (default DefaultCutOff, 15:00).
func WithCutOff(d time.Duration) Option {
	return func(c *Calendar) error {
		if d <= 0 || d > 24*time.Hour {
			return invalid("cutOff", msgs.Text("cut_off_is_not_time_of", d))
		}
		c.cutOff = d
		return nil
	}
}

// New returns a Calendar built from the holiday rules of Labour Code 2019 Arts. 111–112, the
// built-in official schedules and the given options.
func New(opts ...Option) (*Calendar, error) {
	ss, err := BuiltinSchedules()
	if err != nil {
		return nil, err
	}
	c := &Calendar{schedules: ss, overrides: map[int]Override{}, office: DefaultOfficeHours(), cutOff: DefaultCutOff}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.satOn && len(c.saturday) == 0 {
		for _, s := range c.office {
			if s.End <= 12*time.Hour {
				c.saturday = append(c.saturday, s)
			}
		}
		if len(c.saturday) == 0 {
			return nil, invalid("saturdayMornings", msgs.Text("office_has_no_session_ending_by"))
		}
	}
	c.covered = schedulesCovering(c.schedules)
	for _, s := range c.office {
		c.dayLen += s.End - s.Start
	}
	return c, nil
}

func checkSessions(field string, ss []Session) error {
	if len(ss) == 0 {
		return invalid(field, msgs.Text("at_least_one_session_is_needed"))
	}
	var prev time.Duration
	for i, s := range ss {
		if s.Start < prev || s.End <= s.Start || s.End > 24*time.Hour {
			return invalid(fmt.Sprintf("%s[%d]", field, i),
				msgs.Text("session_must_be_within_day_after", s.Start, s.End))
		}
		prev = s.End
	}
	return nil
}

// yearTable is the precomputed working-day table of one Gregorian year.
type yearTable struct {
	first int         // day number of 1 January
	n     int         // days in the year
	work  [6]uint64   // bit i: day i is a full working day
	half  [6]uint64   // bit i: day i is a half working day (Saturday morning)
	cum   [367]uint16 // cum[i]: full working days among days 0..i-1
	nth   []uint16    // nth[k]: day of year of the (k+1)th full working day
	days  []Day       // holidays and other exceptions, in date order
}

func (t *yearTable) total() int           { return int(t.cum[t.n]) }
func (t *yearTable) working(i int) bool   { return t.work[i>>6]&(1<<(i&63)) != 0 }
func (t *yearTable) halfDay(i int) bool   { return t.half[i>>6]&(1<<(i&63)) != 0 }
func bit(b *[6]uint64, i int)             { b[i>>6] |= 1 << (i & 63) }
func (c *Calendar) lastDay() int          { return yearStart[len(yearStart)-1] - 1 }
func (c *Calendar) inRange(n int) bool    { return n >= 0 && n <= c.lastDay() }
func yearOf(n int) int                    { return dateOfNum(n).Year }
func firstOf(y int) int                   { return yearStart[y-MinYear] }
func (c *Calendar) endOf(n int) time.Time { return dateOfNum(n).At(c.office[len(c.office)-1].End) }

// yearStart[i] is the day number of 1 January of MinYear+i; the last entry closes MaxYear.
var yearStart = func() []int {
	s := make([]int, MaxYear-MinYear+2)
	for i := range s {
		s[i] = D(MinYear+i, time.January, 1).num()
	}
	return s
}()

// year returns the table of year y, building it on first use. Concurrent first uses may build
// it twice; one result wins and both are equal.
func (c *Calendar) year(y int) (*yearTable, error) {
	if y < MinYear || y > MaxYear {
		return nil, errYearRange("year", y)
	}
	p := &c.years[y-MinYear]
	if t := p.Load(); t != nil {
		return t, nil
	}
	t, err := c.build(y)
	if err != nil {
		return nil, err
	}
	if !p.CompareAndSwap(nil, t) {
		t = p.Load()
	}
	return t, nil
}

// build applies, in order: the weekly rest days (Saturday, Sunday), the Art. 112 holidays of the
// occasions no schedule arranges, the official schedules, the days in lieu of Art. 111(3) for
// those holidays, and the overrides.
func (c *Calendar) build(y int) (*yearTable, error) {
	t := &yearTable{first: firstOf(y), n: firstOf(y+1) - firstOf(y)}
	working := make([]bool, t.n)
	special := make([]bool, t.n) // the day's status does not come from its weekday
	for i := range working {
		working[i] = !weekend(t.first + i)
	}
	in := func(n int) (int, bool) { i := n - t.first; return i, i >= 0 && i < t.n }

	hol, err := statutory(y, c.covered[y])
	if err != nil {
		return nil, err
	}
	for _, h := range hol {
		i, _ := in(h.Date.num())
		working[i], special[i] = false, true
		t.days = append(t.days, h)
	}
	for _, s := range c.schedules {
		names := Day{Kind: KindScheduled, Occasion: s.Occasions[0], NameVI: s.NameVI, NameEN: s.NameEN, Source: s.Source}
		for _, sp := range s.DaysOff {
			for n := sp.From.num(); n <= sp.To.num(); n++ {
				if i, ok := in(n); ok {
					working[i], special[i] = false, true
					d := names
					d.Date = dateOfNum(n)
					t.days = append(t.days, d)
				}
			}
		}
		for _, wd := range s.WorkingDays {
			if i, ok := in(wd.num()); ok {
				working[i], special[i] = true, true
				d := names
				d.Date, d.Working = wd, true
				d.NameVI, d.NameEN = "Làm việc bù – "+s.NameVI, "Working day in lieu – "+s.NameEN
				t.days = append(t.days, d)
			}
		}
	}
	for _, d := range compensate(hol, func(n int) bool { i, ok := in(n); return !ok || working[i] }) {
		if i, ok := in(d.Date.num()); ok {
			working[i], special[i] = false, true
			t.days = append(t.days, d)
		}
	}
	for n, o := range c.overrides {
		if i, ok := in(n); ok {
			working[i], special[i] = o.Kind == OverrideWorkingDay, true
			t.days = append(t.days, Day{Date: o.Date, Working: working[i], Kind: KindOverride, NameVI: o.Name, NameEN: o.Name,
				Source: "override"})
		}
	}
	sortDays(t.days)

	t.nth = make([]uint16, 0, 262)
	for i := range t.n {
		t.cum[i+1] = t.cum[i]
		switch {
		case working[i]:
			bit(&t.work, i)
			t.cum[i+1]++
			t.nth = append(t.nth, uint16(i))
		case c.saturday != nil && !special[i] && dateOfNum(t.first+i).Weekday() == time.Saturday:
			bit(&t.half, i)
		}
	}
	return t, nil
}

// isWorking reports whether day number n (in range) is a full working day.
func (c *Calendar) isWorking(n int) (bool, error) {
	t, err := c.year(yearOf(n))
	if err != nil {
		return false, err
	}
	return t.working(n - t.first), nil
}

// addWorkingDays returns the k-th full working day after day n (k >= 1).
func (c *Calendar) addWorkingDays(n, k int) (int, error) {
	y := yearOf(n)
	t, err := c.year(y)
	if err != nil {
		return 0, err
	}
	target := int(t.cum[n-t.first+1]) + k // ordinal of the wanted day within year y
	for target > t.total() {
		target -= t.total()
		y++
		if y > MaxYear {
			return 0, outOfRange("result", msgs.Text("result_falls_after", MaxYear))
		}
		if t, err = c.year(y); err != nil {
			return 0, err
		}
	}
	return t.first + int(t.nth[target-1]), nil
}

// workingFrom returns n if it is a full working day, else the next one.
func (c *Calendar) workingFrom(n int) (int, error) {
	ok, err := c.isWorking(n)
	if err != nil || ok {
		return n, err
	}
	return c.addWorkingDays(n, 1)
}

// countWorking returns the number of full working days in (a, b], a <= b.
func (c *Calendar) countWorking(a, b int) (int, error) {
	count := 0
	for y := yearOf(a); y <= yearOf(b); y++ {
		t, err := c.year(y)
		if err != nil {
			return 0, err
		}
		lo, hi := 0, t.n // days [lo, hi) of year y
		if a >= t.first {
			lo = a - t.first + 1
		}
		if b < t.first+t.n {
			hi = b - t.first + 1
		}
		count += int(t.cum[hi]) - int(t.cum[lo])
	}
	return count, nil
}

// sessions returns the office sessions of day n: full day, Saturday morning, or none.
func (c *Calendar) sessions(n int) ([]Session, error) {
	t, err := c.year(yearOf(n))
	if err != nil {
		return nil, err
	}
	switch i := n - t.first; {
	case t.working(i):
		return c.office, nil
	case t.halfDay(i):
		return c.saturday, nil
	}
	return nil, nil
}

// IsWorkingDay reports whether d is a full working day of this calendar.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	if err := d.check("date"); err != nil {
		return false, err
	}
	return c.isWorking(d.num())
}

// Days returns the holidays, days in lieu, scheduled days off and working days, and overrides
// of year in force in this calendar, in date order. A day can be listed for more than one
// reason; Working is that of the reason applied last (rules, schedules, days in lieu, overrides).
func (c *Calendar) Days(year int) ([]Day, error) {
	t, err := c.year(year)
	if err != nil {
		return nil, err
	}
	return slices.Clone(t.days), nil
}

// WorkingDays returns the number of full working days after from up to and including to
// (negative when to is before from).
func (c *Calendar) WorkingDays(from, to Date) (int, error) {
	if err := from.check("from"); err != nil {
		return 0, err
	}
	if err := to.check("to"); err != nil {
		return 0, err
	}
	if to.Compare(from) < 0 {
		n, err := c.countWorking(to.num(), from.num())
		return -n, err
	}
	return c.countWorking(from.num(), to.num())
}
