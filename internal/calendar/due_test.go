package calendar

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const hour = time.Hour

func monthOf(m int) time.Month { return time.Month(m) }

// vn returns y-m-d hh:mm in Asia/Ho_Chi_Minh.
func vn(y, m, d, hh, mm int) time.Time { return time.Date(y, time.Month(m), d, hh, mm, 0, 0, vietnam) }

func mustNew(t testing.TB, opts ...Option) *Calendar {
	t.Helper()
	c, err := New(opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestDue(t *testing.T) {
	official := mustNew(t)
	rulesOnly := mustNew(t, WithSchedules())
	overridden := mustNew(t, WithOverrides(
		Override{D(2026, 2, 23), OverrideDayOff, "Nghỉ đột xuất"},            // a working Monday made a day off
		Override{D(2026, 2, 21), OverrideWorkingDay, "Trực tiếp nhận hồ sơ"}, // a Tết Saturday made working
		Override{D(2026, 4, 27), OverrideWorkingDay, "Làm việc"},             // a day in lieu cancelled
	))
	tests := []struct {
		name     string
		c        *Calendar
		received time.Time
		days     int
		want     time.Time
	}{
		// Civil Code Art. 147: the day of receipt is not counted.
		{"ordinary week", official, vn(2026, 3, 2, 9, 0), 5, vn(2026, 3, 9, 17, 0)},
		{"one day", official, vn(2026, 3, 2, 16, 59), 1, vn(2026, 3, 3, 17, 0)},
		// Out of office hours the clock starts at the next session, whose day is not counted.
		{"after office hours counts from the next session", official, vn(2026, 3, 2, 23, 0), 1, vn(2026, 3, 4, 17, 0)},
		{"before opening counts from that morning", official, vn(2026, 3, 2, 4, 58), 1, vn(2026, 3, 3, 17, 0)},
		{"at lunch counts from the afternoon", official, vn(2026, 3, 2, 12, 30), 1, vn(2026, 3, 3, 17, 0)},
		{"UTC input", official, time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC), 1, vn(2026, 3, 3, 17, 0)}, // Mon 01:00 in Vietnam
		// Tết 2026 (official: 14–22 Feb).
		{"Friday before Tết", official, vn(2026, 2, 13, 10, 0), 1, vn(2026, 2, 23, 17, 0)},
		{"across Tết", official, vn(2026, 2, 12, 9, 0), 3, vn(2026, 2, 24, 17, 0)},
		{"filed online during Tết", official, vn(2026, 2, 14, 20, 0), 3, vn(2026, 2, 26, 17, 0)},
		{"filed on mùng 1", official, vn(2026, 2, 17, 9, 0), 1, vn(2026, 2, 24, 17, 0)},
		// Hùng Kings 2026: Sunday 26 April, Monday 27 in lieu.
		{"across Hùng Kings", official, vn(2026, 4, 24, 10, 0), 2, vn(2026, 4, 29, 17, 0)},
		// 30/4–1/5 2026: Thursday and Friday.
		{"across 30/4–1/5 2026", official, vn(2026, 4, 29, 10, 0), 3, vn(2026, 5, 6, 17, 0)},
		// 30/4–1/5 2025: Saturday 26 April is a working day.
		{"make-up Saturday counts", official, vn(2025, 4, 25, 10, 0), 1, vn(2025, 4, 26, 17, 0)},
		{"across 30/4–1/5 2025", official, vn(2025, 4, 29, 10, 0), 2, vn(2025, 5, 6, 17, 0)},
		// 2/9 2026: Saturday 22 August worked, 29 Aug – 2 Sep off.
		{"make-up Saturday before National Day", official, vn(2026, 8, 21, 10, 0), 5, vn(2026, 8, 27, 17, 0)},
		{"across National Day 2026", official, vn(2026, 8, 27, 10, 0), 2, vn(2026, 9, 3, 17, 0)},
		{"National Day without the schedule", rulesOnly, vn(2026, 8, 28, 10, 0), 1, vn(2026, 8, 31, 17, 0)},
		{"National Day with the schedule", official, vn(2026, 8, 28, 10, 0), 1, vn(2026, 9, 3, 17, 0)},
		// 2/9 2025: Monday–Tuesday.
		{"across National Day 2025", official, vn(2025, 8, 29, 15, 0), 1, vn(2025, 9, 3, 17, 0)},
		// New Year, into 2027 (default rules).
		{"across New Year 2027", official, vn(2026, 12, 31, 10, 0), 2, vn(2027, 1, 5, 17, 0)},
		{"across Tết 2027 (default rules)", official, vn(2027, 2, 4, 10, 0), 1, vn(2027, 2, 12, 17, 0)},
		// Overrides.
		{"override: working Monday made a day off", overridden, vn(2026, 2, 13, 10, 0), 1, vn(2026, 2, 21, 17, 0)},
		{"override: day in lieu cancelled", overridden, vn(2026, 4, 24, 10, 0), 1, vn(2026, 4, 27, 17, 0)},
		{"override: filed in Tết, deemed received on the Saturday made working", overridden, vn(2026, 2, 20, 10, 0), 2, vn(2026, 2, 25, 17, 0)},
		// Same-day procedures: Decree 61/2018 Art. 18 cut-off at 15:00.
		{"same day before cut-off", official, vn(2026, 2, 23, 14, 59), 0, vn(2026, 2, 23, 17, 0)},
		{"same day at cut-off", official, vn(2026, 2, 23, 15, 0), 0, vn(2026, 2, 24, 17, 0)},
		{"same day before opening", official, vn(2026, 2, 23, 6, 30), 0, vn(2026, 2, 23, 17, 0)},
		{"same day on a day off", official, vn(2026, 2, 21, 9, 0), 0, vn(2026, 2, 23, 17, 0)},
		{"same day on Friday after cut-off", official, vn(2026, 3, 6, 16, 0), 0, vn(2026, 3, 9, 17, 0)},
		// Long limits.
		{"a year of working days", official, vn(2026, 3, 2, 9, 0), 250, vn(2027, 3, 2, 17, 0)},
	}
	for _, tt := range tests {
		got, err := tt.c.Due(tt.received, tt.days)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: Due(%v, %d) = %v, %v; want %v", tt.name, tt.received, tt.days, got, err, tt.want)
		}
		if err == nil && got.Location() != vietnam {
			t.Errorf("%s: Due(%v, %d) is in %v; want Asia/Ho_Chi_Minh", tt.name, tt.received, tt.days, got.Location())
		}
	}
}

// TestDueCountsWorkingDays checks Due against a day-by-day count over several years.
func TestDueCountsWorkingDays(t *testing.T) {
	c := mustNew(t)
	for n := D(2024, 1, 1).num(); n < D(2028, 1, 1).num(); n += 3 {
		received := dateOfNum(n).At(10 * hour)
		for _, k := range []int{1, 2, 7, 15, 30, 60, 250} {
			got, err := c.Due(received, k)
			if err != nil {
				t.Fatal(err)
			}
			m, left := n, k
			if ok, _ := c.isWorking(m); !ok {
				for ok, _ := c.isWorking(m); !ok; ok, _ = c.isWorking(m) {
					m++
				}
			}
			for left > 0 {
				m++
				if ok, _ := c.isWorking(m); ok {
					left--
				}
			}
			if want := c.endOf(m); !got.Equal(want) {
				t.Fatalf("Due(%v, %d) = %v; want %v", received, k, got, want)
			}
		}
	}
}

func TestDueBadInput(t *testing.T) {
	c := mustNew(t)
	tests := []struct {
		received time.Time
		days     int
		kind     error
		field    string
	}{
		{vn(2026, 3, 2, 9, 0), -1, ErrInvalid, "workingDays"},
		{vn(2026, 3, 2, 9, 0), MaxWorkingDays + 1, ErrInvalid, "workingDays"},
		{time.Time{}, 5, ErrInvalid, "received"},
		{vn(1899, 12, 31, 9, 0), 5, ErrOutOfRange, "received"},
		{vn(2200, 1, 1, 9, 0), 5, ErrOutOfRange, "received"},
		{vn(2199, 12, 30, 9, 0), 5, ErrOutOfRange, "result"},
	}
	for _, tt := range tests {
		got, err := c.Due(tt.received, tt.days)
		var e *Error
		if !errors.Is(err, tt.kind) || !errors.As(err, &e) || e.Field != tt.field {
			t.Errorf("Due(%v, %d) = %v, %v; want %v on %q", tt.received, tt.days, got, err, tt.kind, tt.field)
		}
	}
	if _, err := c.Due(vn(2026, 3, 2, 9, 0), MaxWorkingDays); err != nil {
		t.Errorf("Due(…, MaxWorkingDays) = %v; want a date", err)
	}
}

func TestDueHours(t *testing.T) {
	c := mustNew(t)
	sat := mustNew(t, WithSaturdayMornings())
	tests := []struct {
		name     string
		c        *Calendar
		received time.Time
		d        time.Duration
		want     time.Time
	}{
		{"within the morning", c, vn(2026, 3, 2, 9, 0), 2 * hour, vn(2026, 3, 2, 11, 0)},
		{"over lunch", c, vn(2026, 3, 2, 10, 0), 4 * hour, vn(2026, 3, 2, 15, 0)},
		{"ends at a session end", c, vn(2026, 3, 2, 8, 0), 4 * hour, vn(2026, 3, 2, 12, 0)},
		{"into the next day", c, vn(2026, 3, 2, 11, 0), 8 * hour, vn(2026, 3, 3, 11, 0)},
		{"received at lunch", c, vn(2026, 3, 2, 12, 30), 30 * time.Minute, vn(2026, 3, 2, 13, 30)},
		{"received after hours", c, vn(2026, 3, 2, 18, 0), 1 * hour, vn(2026, 3, 3, 9, 0)},
		{"across Tết", c, vn(2026, 2, 13, 16, 0), 2 * hour, vn(2026, 2, 23, 9, 0)},
		{"weekend closed", c, vn(2026, 3, 6, 16, 0), 3 * hour, vn(2026, 3, 9, 10, 0)},
		{"Saturday morning open", sat, vn(2026, 3, 6, 16, 0), 3 * hour, vn(2026, 3, 7, 10, 0)},
		{"Saturday afternoon closed", sat, vn(2026, 3, 7, 11, 0), 2 * hour, vn(2026, 3, 9, 9, 0)},
		{"Tết Saturday closed", sat, vn(2026, 2, 13, 16, 0), 2 * hour, vn(2026, 2, 23, 9, 0)},
	}
	for _, tt := range tests {
		got, err := tt.c.DueHours(tt.received, tt.d)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: DueHours(%v, %v) = %v, %v; want %v", tt.name, tt.received, tt.d, got, err, tt.want)
		}
	}
	for _, d := range []time.Duration{0, -hour, MaxWorkingDays*8*hour + 1} {
		if _, err := c.DueHours(vn(2026, 3, 2, 9, 0), d); !errors.Is(err, ErrInvalid) {
			t.Errorf("DueHours(…, %v) error = %v; want ErrInvalid", d, err)
		}
	}
	// Saturday mornings do not change counts in working days.
	got, err := sat.Due(vn(2026, 3, 6, 10, 0), 1)
	if want := vn(2026, 3, 9, 17, 0); err != nil || !got.Equal(want) {
		t.Errorf("with Saturday mornings: Due(Fri 2026-03-06, 1) = %v, %v; want %v", got, err, want)
	}
}

func TestOfficeHoursAndCutOff(t *testing.T) {
	c := mustNew(t, WithOfficeHours(Session{7*hour + 30*time.Minute, 11*hour + 30*time.Minute}, Session{13 * hour, 16*hour + 30*time.Minute}),
		WithCutOff(16*hour))
	got, err := c.Due(vn(2026, 3, 2, 15, 30), 0)
	if want := vn(2026, 3, 2, 16, 30); err != nil || !got.Equal(want) {
		t.Errorf("Due(Mon 15:30, 0) with a 16:00 cut-off = %v, %v; want %v", got, err, want)
	}
	got, err = c.Due(vn(2026, 3, 2, 9, 0), 1)
	if want := vn(2026, 3, 3, 16, 30); err != nil || !got.Equal(want) {
		t.Errorf("Due(Mon, 1) with office until 16:30 = %v, %v; want %v", got, err, want)
	}
}

func TestRemaining(t *testing.T) {
	c := mustNew(t)
	due := vn(2026, 2, 24, 17, 0) // Tuesday after Tết 2026
	tests := []struct {
		now  time.Time
		want Remaining
	}{
		{vn(2026, 2, 23, 10, 0), Remaining{Hours: 14 * hour, Days: 1}},
		{vn(2026, 2, 13, 16, 0), Remaining{Hours: 17 * hour, Days: 2}}, // Tết in between counts nothing
		{vn(2026, 2, 24, 16, 0), Remaining{Hours: hour, Days: 0}},
		{vn(2026, 2, 24, 17, 0), Remaining{Hours: 0, Days: 0}},
		{vn(2026, 2, 24, 18, 0), Remaining{Hours: 0, Days: 0, Overdue: true}},
		{vn(2026, 2, 25, 10, 0), Remaining{Hours: -2 * hour, Days: -1, Overdue: true}},
		{vn(2026, 3, 2, 8, 0), Remaining{Hours: -24 * hour, Days: -4, Overdue: true}},
	}
	for _, tt := range tests {
		got, err := c.Remaining(tt.now, due)
		if err != nil || got != tt.want {
			t.Errorf("Remaining(%v, %v) = %+v, %v; want %+v", tt.now, due, got, err, tt.want)
		}
	}
	if _, err := c.Remaining(time.Time{}, due); !errors.Is(err, ErrInvalid) {
		t.Errorf("Remaining(zero, due) error = %v; want ErrInvalid", err)
	}
}

func TestWorkingDaysAndTime(t *testing.T) {
	c := mustNew(t)
	if n, err := c.WorkingDays(D(2026, 2, 13), D(2026, 2, 27)); err != nil || n != 5 {
		t.Errorf("WorkingDays(2026-02-13, 2026-02-27) = %d, %v; want 5", n, err)
	}
	if n, err := c.WorkingDays(D(2026, 2, 27), D(2026, 2, 13)); err != nil || n != -5 {
		t.Errorf("WorkingDays(2026-02-27, 2026-02-13) = %d, %v; want -5", n, err)
	}
	if n, err := c.WorkingDays(D(2025, 12, 31), D(2027, 1, 1)); err != nil || n < 240 || n > 250 {
		t.Errorf("WorkingDays over 2026 = %d, %v; want about 245", n, err)
	}
	if d, err := c.WorkingTime(vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 9, 0)); err != nil || d != 2*hour {
		t.Errorf("WorkingTime(Fri 16:00, Mon 09:00) = %v, %v; want 2h", d, err)
	}
}

func TestStepDues(t *testing.T) {
	c := mustNew(t)
	got, err := c.StepDues(vn(2026, 3, 2, 9, 0), []int{1, 2, 2})
	want := []time.Time{vn(2026, 3, 3, 17, 0), vn(2026, 3, 5, 17, 0), vn(2026, 3, 9, 17, 0)}
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("StepDues(Mon 2026-03-02, [1 2 2]) = %v, %v; want %v", got, err, want)
	}
	if _, err := c.StepDues(vn(2026, 3, 2, 9, 0), []int{1, -2}); !errors.Is(err, ErrInvalid) {
		t.Errorf("StepDues with a negative step: error = %v; want ErrInvalid", err)
	}
}

// TestConcurrentFirstUse builds year tables from many goroutines at once (run with -race).
func TestConcurrentFirstUse(t *testing.T) {
	c := mustNew(t)
	want, _ := mustNew(t).Due(vn(2026, 12, 30, 9, 0), 30)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := c.Due(vn(2026, 12, 30, 9, 0), 30)
			if err == nil && !got.Equal(want) {
				err = errors.New(got.String())
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Due(2026-12-30, 30): %v; want %v", err, want)
	}
}

func TestDate(t *testing.T) {
	for n := D(MinYear, 1, 1).num(); n <= D(MaxYear, 12, 31).num(); n += 17 {
		d := dateOfNum(n)
		ref := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		if d.num() != n || d.Weekday() != ref.Weekday() || ref.Format(time.DateOnly) != d.String() {
			t.Fatalf("day %d: %v (%v); time package says %v (%v)", n, d, d.Weekday(), ref.Format(time.DateOnly), ref.Weekday())
		}
	}
	var d Date
	if err := d.UnmarshalText([]byte("2026-02-17")); err != nil || d != D(2026, 2, 17) {
		t.Errorf("UnmarshalText(2026-02-17) = %v, %v", d, err)
	}
	if _, err := ParseDate("17/02/2026"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseDate(17/02/2026) error = %v; want ErrInvalid", err)
	}
	if got := DateOf(time.Date(2026, 2, 16, 17, 0, 0, 0, time.UTC)); got != D(2026, 2, 17) {
		t.Errorf("DateOf(2026-02-16T17:00Z) = %v; want 2026-02-17 (midnight in Vietnam)", got)
	}
}

func TestClockStart(t *testing.T) {
	c := mustNew(t)
	sat := mustNew(t, WithSaturdayMornings())
	tests := []struct {
		name string
		c    *Calendar
		at   time.Time
		want time.Time
	}{
		{"in a session", c, vn(2026, 3, 2, 9, 17), vn(2026, 3, 2, 9, 17)},
		{"at opening", c, vn(2026, 3, 2, 8, 0), vn(2026, 3, 2, 8, 0)},
		{"before opening", c, vn(2026, 3, 2, 4, 58), vn(2026, 3, 2, 8, 0)},
		{"at lunch", c, vn(2026, 3, 2, 12, 0), vn(2026, 3, 2, 13, 0)},
		{"at closing", c, vn(2026, 3, 2, 17, 0), vn(2026, 3, 3, 8, 0)},
		{"Friday night", c, vn(2026, 3, 6, 21, 0), vn(2026, 3, 9, 8, 0)},
		{"Friday night, Saturday mornings open", sat, vn(2026, 3, 6, 21, 0), vn(2026, 3, 7, 8, 0)},
		{"Saturday afternoon, Saturday mornings open", sat, vn(2026, 3, 7, 14, 0), vn(2026, 3, 9, 8, 0)},
		{"during Tết", c, vn(2026, 2, 17, 9, 0), vn(2026, 2, 23, 8, 0)},
	}
	for _, tt := range tests {
		got, err := tt.c.ClockStart(tt.at)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: ClockStart(%v) = %v, %v; want %v", tt.name, tt.at, got, err, tt.want)
		}
	}
	if _, err := c.ClockStart(time.Time{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("ClockStart(zero) = %v; want ErrInvalid", err)
	}
	if c.DayLength() != 8*time.Hour {
		t.Errorf("DayLength = %v; want 8h", c.DayLength())
	}
}
