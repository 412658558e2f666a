package calendar

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hday is the part of a Day the tests pin.
type hday struct {
	Date     Date
	Kind     DayKind
	Occasion Occasion
	Working  bool
}

func brief(days []Day) []hday {
	out := make([]hday, len(days))
	for i, d := range days {
		out[i] = hday{d.Date, d.Kind, d.Occasion, d.Working}
	}
	return out
}

func hol(y, m, d int, o Occasion) hday { return hday{D(y, monthOf(m), d), KindHoliday, o, false} }
func comp(y, m, d int, o Occasion) hday {
	return hday{D(y, monthOf(m), d), KindCompensatory, o, false}
}

// TestHolidays pins the default arrangement of Labour Code Art. 112 and the days in lieu of
// Art. 111(3), before official schedules.
func TestHolidays(t *testing.T) {
	tests := []struct {
		year int
		want []hday
	}{
		{2024, []hday{
			hol(2024, 1, 1, NewYear),
			hol(2024, 2, 9, Tet), // 30 tháng Chạp Quý Mão
			hol(2024, 2, 10, Tet), hol(2024, 2, 11, Tet), hol(2024, 2, 12, Tet), hol(2024, 2, 13, Tet),
			comp(2024, 2, 14, Tet), comp(2024, 2, 15, Tet), // for Sat 10, Sun 11
			hol(2024, 4, 18, HungKings),
			hol(2024, 4, 30, Reunification), hol(2024, 5, 1, LabourDay),
			hol(2024, 9, 1, NationalDay), hol(2024, 9, 2, NationalDay),
			comp(2024, 9, 3, NationalDay), // 1 Sep is a Sunday
		}},
		{2025, []hday{
			hol(2025, 1, 1, NewYear),
			hol(2025, 1, 28, Tet), // 29 tháng Chạp Giáp Thìn: month 12 is short
			hol(2025, 1, 29, Tet), hol(2025, 1, 30, Tet), hol(2025, 1, 31, Tet), hol(2025, 2, 1, Tet),
			comp(2025, 2, 3, Tet),
			hol(2025, 4, 7, HungKings),
			hol(2025, 4, 30, Reunification), hol(2025, 5, 1, LabourDay),
			hol(2025, 9, 1, NationalDay), hol(2025, 9, 2, NationalDay),
		}},
		{2026, []hday{
			hol(2026, 1, 1, NewYear),
			hol(2026, 2, 16, Tet), hol(2026, 2, 17, Tet), hol(2026, 2, 18, Tet), hol(2026, 2, 19, Tet), hol(2026, 2, 20, Tet),
			hol(2026, 4, 26, HungKings), comp(2026, 4, 27, HungKings), // Sunday → Monday
			hol(2026, 4, 30, Reunification), hol(2026, 5, 1, LabourDay),
			hol(2026, 9, 1, NationalDay), hol(2026, 9, 2, NationalDay),
		}},
		{2027, []hday{
			hol(2027, 1, 1, NewYear),
			hol(2027, 2, 5, Tet), // 29 tháng Chạp Bính Ngọ
			hol(2027, 2, 6, Tet), hol(2027, 2, 7, Tet), hol(2027, 2, 8, Tet), hol(2027, 2, 9, Tet),
			comp(2027, 2, 10, Tet), comp(2027, 2, 11, Tet),
			hol(2027, 4, 16, HungKings),
			hol(2027, 4, 30, Reunification), hol(2027, 5, 1, LabourDay), comp(2027, 5, 3, LabourDay),
			hol(2027, 9, 2, NationalDay), hol(2027, 9, 3, NationalDay), // Thursday: adjacent day after
		}},
	}
	for _, tt := range tests {
		got, err := Holidays(tt.year)
		if err != nil {
			t.Fatalf("Holidays(%d): %v", tt.year, err)
		}
		if diff := cmp.Diff(tt.want, brief(got)); diff != "" {
			t.Errorf("Holidays(%d) mismatch (-want +got):\n%s", tt.year, diff)
		}
		for _, d := range got {
			if d.NameVI == "" || d.NameEN == "" || d.Source == "" {
				t.Errorf("Holidays(%d): %v lacks a name or a source: %+v", tt.year, d.Date, d)
			}
		}
	}
	if _, err := Holidays(2200); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Holidays(2200) error = %v; want ErrOutOfRange", err)
	}
}

// TestHolidaysEveryYear checks the shape of the rules over the whole range: 11 holidays, 5 of
// them Tết, and a day in lieu on a working day for each holiday on a weekend.
func TestHolidaysEveryYear(t *testing.T) {
	for y := MinYear; y <= MaxYear; y++ {
		days, err := Holidays(y)
		if err != nil {
			t.Fatalf("Holidays(%d): %v", y, err)
		}
		var holidays, tet, weekendDays, lieu int
		for _, d := range days {
			switch d.Kind {
			case KindHoliday:
				holidays++
				if d.Occasion == Tet {
					tet++
				}
				if weekend(d.Date.num()) {
					weekendDays++
				}
			case KindCompensatory:
				lieu++
				if weekend(d.Date.num()) {
					t.Errorf("Holidays(%d): day in lieu %v is a weekend day", y, d.Date)
				}
			}
		}
		if holidays != 11 || tet != 5 || lieu != weekendDays {
			t.Errorf("Holidays(%d): %d holidays (%d Tết), %d on weekends, %d days in lieu; want 11 (5), n, n",
				y, holidays, tet, weekendDays, lieu)
		}
	}
}

// TestCalendarEveryYear builds every year's table and checks its size.
func TestCalendarEveryYear(t *testing.T) {
	c := mustNew(t)
	for y := MinYear; y <= MaxYear; y++ {
		if _, err := c.Days(y); err != nil {
			t.Fatalf("Days(%d): %v", y, err)
		}
		// Counting from 1 January leaves it out, which is right: it is a holiday.
		n, err := c.WorkingDays(D(y, 1, 1), D(y, 12, 31))
		if err != nil || n < 240 || n > 252 {
			t.Errorf("year %d has %d working days, %v; want 240–252", y, n, err)
		}
	}
	if _, err := c.Days(MaxYear + 1); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Days(%d) error = %v; want ErrOutOfRange", MaxYear+1, err)
	}
}

func TestBuiltinSchedules(t *testing.T) {
	ss, err := BuiltinSchedules()
	if err != nil {
		t.Fatal(err)
	}
	years := map[int]bool{}
	for i, s := range ss {
		years[s.Year] = true
		if s.Source == "" || s.Status == "" {
			t.Errorf("schedule %d (%d %v) lacks a source or status", i, s.Year, s.Occasions)
		}
	}
	for _, y := range []int{2024, 2025, 2026} {
		if !years[y] {
			t.Errorf("no built-in schedule for %d", y)
		}
	}
	// Callers get a copy.
	ss[0].DaysOff[0].From = D(2000, 1, 1)
	again, _ := BuiltinSchedules()
	if again[0].DaysOff[0].From == D(2000, 1, 1) {
		t.Error("BuiltinSchedules returned shared slices")
	}
}

// TestOfficialSchedules checks the calendar in force against the announcements.
func TestOfficialSchedules(t *testing.T) {
	c := mustNew(t)
	tests := []struct {
		date    Date
		working bool
		why     string
	}{
		// Tết 2026: Sat 14 – Sun 22 Feb off, 9 days; back on Monday 23 Feb.
		{D(2026, 2, 13), true, "Friday before Tết 2026"},
		{D(2026, 2, 14), false, "Tết 2026"}, {D(2026, 2, 15), false, "Tết 2026"},
		{D(2026, 2, 16), false, "Tết 2026"}, {D(2026, 2, 17), false, "Tết 2026 mùng 1"},
		{D(2026, 2, 18), false, "Tết 2026"}, {D(2026, 2, 19), false, "Tết 2026"},
		{D(2026, 2, 20), false, "Tết 2026"}, {D(2026, 2, 21), false, "Tết 2026"},
		{D(2026, 2, 22), false, "Tết 2026"},
		{D(2026, 2, 23), true, "first working Monday after Tết 2026"},
		// New Year 2026: Fri 2 Jan swapped with Sat 10 Jan.
		{D(2026, 1, 2), false, "New Year 2026 swap"}, {D(2026, 1, 10), true, "New Year 2026 make-up Saturday"},
		// Hùng Kings 2026 on a Sunday: Monday 27 April in lieu (no schedule; Art. 111(3)).
		{D(2026, 4, 27), false, "Hùng Kings 2026 in lieu"},
		// National Day 2026: Mon 31 Aug swapped with Sat 22 Aug.
		{D(2026, 8, 22), true, "National Day 2026 make-up Saturday"}, {D(2026, 8, 31), false, "National Day 2026 swap"},
		{D(2026, 9, 3), true, "after National Day 2026"},
		// 2025.
		{D(2025, 1, 24), true, "Friday before Tết 2025"}, {D(2025, 2, 3), true, "after Tết 2025: the schedule replaces the default day in lieu"},
		{D(2025, 4, 26), true, "Saturday 26 April 2025 made a working day"}, {D(2025, 5, 2), false, "Friday 2 May 2025 off"},
		{D(2025, 9, 1), false, "National Day 2025"}, {D(2025, 9, 3), true, "after National Day 2025"},
		// 2024.
		{D(2024, 2, 8), false, "Tết 2024 begins on 29 tháng Chạp"}, {D(2024, 2, 15), true, "after Tết 2024"},
		{D(2024, 4, 29), false, "Monday 29 April 2024 off"}, {D(2024, 5, 4), true, "Saturday 4 May 2024 made a working day"},
		{D(2024, 9, 3), false, "National Day 2024"},
		// 2027: default rules.
		{D(2027, 2, 11), false, "Tết 2027 day in lieu"}, {D(2027, 2, 12), true, "after Tết 2027"},
		{D(2027, 5, 3), false, "Labour Day 2027 in lieu"},
	}
	for _, tt := range tests {
		got, err := c.IsWorkingDay(tt.date)
		if err != nil || got != tt.working {
			t.Errorf("IsWorkingDay(%v) = %v, %v; want %v (%s)", tt.date, got, err, tt.working, tt.why)
		}
	}
}

// TestScheduleReplacesDefault checks that a schedule replaces the default days of the occasions
// it names, and only those.
func TestScheduleReplacesDefault(t *testing.T) {
	rulesOnly, err := New(WithSchedules())
	if err != nil {
		t.Fatal(err)
	}
	withSched := mustNew(t)
	tests := []struct {
		c       *Calendar
		date    Date
		working bool
	}{
		{rulesOnly, D(2026, 8, 31), true}, // default: 1 and 2 September only
		{withSched, D(2026, 8, 31), false},
		{rulesOnly, D(2026, 8, 22), false},
		{withSched, D(2026, 8, 22), true},
		{rulesOnly, D(2025, 2, 3), false}, // default day in lieu for Tết on Sat 1 Feb
		{withSched, D(2025, 2, 3), true},
		{rulesOnly, D(2026, 1, 2), true},
		{withSched, D(2026, 1, 2), false},
	}
	for _, tt := range tests {
		got, err := tt.c.IsWorkingDay(tt.date)
		if err != nil || got != tt.working {
			t.Errorf("IsWorkingDay(%v) = %v, %v; want %v", tt.date, got, err, tt.working)
		}
	}
	// A schedule of its own: Tết 2027 as a 9-day break, with Saturday 20 Feb made up.
	c, err := New(WithSchedules(Schedule{
		Year: 2027, Occasions: []Occasion{Tet},
		DaysOff:     []Span{{D(2027, 2, 4), D(2027, 2, 12)}},
		WorkingDays: []Date{D(2027, 2, 20)},
		NameVI:      "Tết 2027 (thử)", NameEN: "Tết 2027 (test)", Source: "test", Status: StatusUnconfirmed,
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		date    Date
		working bool
	}{{D(2027, 2, 3), true}, {D(2027, 2, 4), false}, {D(2027, 2, 12), false}, {D(2027, 2, 15), true}, {D(2027, 2, 20), true}} {
		if got, _ := c.IsWorkingDay(tt.date); got != tt.working {
			t.Errorf("custom schedule: IsWorkingDay(%v) = %v; want %v", tt.date, got, tt.working)
		}
	}
}

func TestDaysListsReasons(t *testing.T) {
	c := mustNew(t, WithOverrides(Override{D(2026, 3, 2), OverrideDayOff, "Ngày nghỉ địa phương"}))
	days, err := c.Days(2026)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, d := range days {
		if d.Date == D(2026, 3, 2) {
			found = d.Kind == KindOverride && !d.Working && d.NameVI == "Ngày nghỉ địa phương"
		}
		if d.Kind == KindScheduled && d.Source == "" {
			t.Errorf("Days(2026): %v has no source", d.Date)
		}
	}
	if !found {
		t.Errorf("Days(2026) does not list the override of 2026-03-02: %v", brief(days))
	}
}

func TestCalendarBadOptions(t *testing.T) {
	tests := []struct {
		name  string
		opt   Option
		field string
	}{
		{"weekday made working", WithSchedules(Schedule{Year: 2027, Occasions: []Occasion{Tet}, WorkingDays: []Date{D(2027, 2, 17)},
			NameVI: "x", NameEN: "x", Source: "x", Status: StatusUnconfirmed}), "schedules[0].working_days[0]"},
		{"unknown occasion", WithSchedules(Schedule{Year: 2027, Occasions: []Occasion{"christmas"},
			NameVI: "x", NameEN: "x", Source: "x", Status: StatusUnconfirmed}), "schedules[0].occasions[0]"},
		{"no status", WithSchedules(Schedule{Year: 2027, Occasions: []Occasion{Tet}, NameVI: "x", NameEN: "x", Source: "x"}),
			"schedules[0].status"},
		{"range backwards", WithSchedules(Schedule{Year: 2027, Occasions: []Occasion{Tet}, DaysOff: []Span{{D(2027, 2, 9), D(2027, 2, 4)}},
			NameVI: "x", NameEN: "x", Source: "x", Status: StatusUnconfirmed}), "schedules[0].days_off[0]"},
		{"override kind", WithOverrides(Override{D(2026, 3, 2), "holiday", "x"}), "overrides[0].kind"},
		{"override date", WithOverrides(Override{D(2026, 2, 30), OverrideDayOff, "x"}), "overrides[0].date"},
		{"conflicting overrides", WithOverrides(Override{D(2026, 3, 2), OverrideDayOff, "x"}, Override{D(2026, 3, 2), OverrideWorkingDay, "y"}),
			"overrides[1].kind"},
		{"overlapping sessions", WithOfficeHours(Session{8 * hour, 12 * hour}, Session{11 * hour, 17 * hour}), "officeHours[1]"},
		{"empty session", WithOfficeHours(Session{8 * hour, 8 * hour}), "officeHours[0]"},
		{"no sessions", WithOfficeHours(), "officeHours"},
		{"cut-off", WithCutOff(0), "cutOff"},
		{"cut-off too late", WithCutOff(25 * hour), "cutOff"},
	}
	for _, tt := range tests {
		_, err := New(tt.opt)
		var e *Error
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Field != tt.field {
			t.Errorf("New(%s) error = %v; want ErrInvalid on %q", tt.name, err, tt.field)
		}
	}
	// An afternoon-only office has no Saturday morning to open.
	_, err := New(WithOfficeHours(Session{13 * hour, 17 * hour}), WithSaturdayMornings())
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("New(afternoon office, WithSaturdayMornings()) error = %v; want ErrInvalid", err)
	}
}
