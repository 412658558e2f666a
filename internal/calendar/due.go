package calendar

import (
	"fmt"
	"time"
)

// Due returns when a processing time of workingDays working days (thời hạn giải quyết), running
// from received, ends: at the end of office hours (17:00 by default) of the last working day,
// in Asia/Ho_Chi_Minh. That is the appointment printed on the receipt (Giấy tiếp nhận hồ sơ và
// hẹn trả kết quả); by law the period runs to 24:00 of that day (Civil Code 2015 Art. 148).
//
//   - The clock starts at ClockStart(received): a receipt out of office hours (an online
//     filing at night or at the weekend) counts as received at the next office session.
//   - Civil Code 2015 Art. 147: the day the clock starts is not counted; the period is the
//     workingDays working days after it.
//   - workingDays 0 (same-day procedures): the day the clock starts, or the next working day
//     when it starts at or after the cut-off (15:00, Decree 61/2018 Art. 18).
//
// workingDays must be 0..MaxWorkingDays; received must fall in 1900–2199.
func (c *Calendar) Due(received time.Time, workingDays int) (time.Time, error) {
	if workingDays < 0 || workingDays > MaxWorkingDays {
		return time.Time{}, errDays("workingDays", workingDays)
	}
	start, err := c.ClockStart(received)
	if err != nil {
		return time.Time{}, err
	}
	n, tod, err := c.instant("received", start)
	if err != nil {
		return time.Time{}, err
	}
	ok, err := c.isWorking(n)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case workingDays == 0 && (!ok || tod >= c.cutOff):
		n, err = c.addWorkingDays(n, 1)
	case workingDays == 0:
	default:
		if !ok {
			n, err = c.addWorkingDays(n, 1)
			if err != nil {
				return time.Time{}, err
			}
		}
		n, err = c.addWorkingDays(n, workingDays)
	}
	if err != nil {
		return time.Time{}, err
	}
	return c.endOf(n), nil
}

// ClockStart returns when a clock started by something arriving at t (a dossier filed, a step
// entered) begins to run: t itself within an office session, otherwise the start of the next
// office session (of the calendar's office hours, Saturday mornings included with
// WithSaturdayMornings). Decree 61/2018 Art. 18 moves a paper dossier received after 15:00 to
// the next working morning; no rule was found for filings out of office hours (egov.md §6,
// unconfirmed), so they are taken, like it, as arriving when the office next opens. Every
// deadline counts from here: the result's appointment (Due, DueHours) and each step's.
func (c *Calendar) ClockStart(t time.Time) (time.Time, error) {
	return c.addWorkingTime("received", t, 0)
}

// EndOfDay is the end of office hours on day d: the time of day a due date is given for.
func (c *Calendar) EndOfDay(d Date) time.Time { return d.At(c.office[len(c.office)-1].End) }

// DayLength is the office time of a full working day (8 hours with the default office hours).
func (c *Calendar) DayLength() time.Duration { return c.dayLen }

// DueHours returns when a processing time of d working hours over the office sessions, running
// from received, ends. Counting starts at ClockStart(received): received itself (Civil Code
// 2015 Art. 147(1): periods in hours start at the stated moment), or the next office session
// when received outside office hours. Saturday mornings count when the calendar has
// WithSaturdayMornings.
func (c *Calendar) DueHours(received time.Time, d time.Duration) (time.Time, error) {
	if d <= 0 || d > MaxWorkingDays*c.dayLen {
		return time.Time{}, invalid("workingHours", msgs.Text("is_not_between_0_and_working", d, MaxWorkingDays))
	}
	return c.addWorkingTime("received", received, d)
}

// addWorkingTime returns the moment when d of office time has elapsed after t; d == 0 gives the
// next office moment at or after t.
func (c *Calendar) addWorkingTime(field string, t time.Time, d time.Duration) (time.Time, error) {
	n, tod, err := c.instant(field, t)
	if err != nil {
		return time.Time{}, err
	}
	for {
		ss, err := c.sessions(n)
		if err != nil {
			return time.Time{}, errResult(err)
		}
		for _, s := range ss {
			if tod >= s.End {
				continue
			}
			start := max(tod, s.Start)
			avail := s.End - start
			if d <= avail {
				return dateOfNum(n).At(start + d), nil
			}
			d -= avail
		}
		n, tod = n+1, 0
		if !c.inRange(n) {
			return time.Time{}, errResult(nil)
		}
	}
}

// WorkingTime returns the office time between from and to (negative when to is before from).
func (c *Calendar) WorkingTime(from, to time.Time) (time.Duration, error) {
	if to.Before(from) {
		d, err := c.WorkingTime(to, from)
		return -d, err
	}
	a, atod, err := c.instant("from", from)
	if err != nil {
		return 0, err
	}
	b, btod, err := c.instant("to", to)
	if err != nil {
		return 0, err
	}
	var sum time.Duration
	for n := a; n <= b; n++ {
		ss, err := c.sessions(n)
		if err != nil {
			return 0, err
		}
		lo, hi := time.Duration(0), 24*time.Hour
		if n == a {
			lo = atod
		}
		if n == b {
			hi = btod
		}
		for _, s := range ss {
			if x, y := max(s.Start, lo), min(s.End, hi); y > x {
				sum += y - x
			}
		}
	}
	return sum, nil
}

// Remaining is the time left until a due date.
type Remaining struct {
	// Hours is the office time from now to the due moment; negative, the office time since it.
	Hours time.Duration
	// Days counts working days from today to the due date: 0 when due today, 1 when due the
	// next working day; negative, the working days since the due date.
	Days int
	// Overdue is set once now is after the due moment.
	Overdue bool
	// Paused is set when the clock is stopped (ClockRemaining): Hours is frozen at what was
	// left when it stopped, and Days is the whole office days in it.
	Paused bool
}

// Remaining returns the working time left from now until due, negative when overdue.
func (c *Calendar) Remaining(now, due time.Time) (Remaining, error) {
	h, err := c.WorkingTime(now, due)
	if err != nil {
		return Remaining{}, err
	}
	a, _, _ := c.instant("now", now) // checked by WorkingTime
	b, _, _ := c.instant("due", due)
	r := Remaining{Hours: h, Overdue: now.After(due)}
	if b >= a {
		r.Days, err = c.countWorking(a, b)
	} else {
		r.Days, err = c.countWorking(b, a)
		r.Days = -r.Days
	}
	return r, err
}

// StepDues returns the due moment of each step of a procedure whose steps have the given
// budgets in working days, run one after another from received: step i is due when the sum of
// budgets 0..i has run out.
func (c *Calendar) StepDues(received time.Time, steps []int) ([]time.Time, error) {
	out := make([]time.Time, len(steps))
	sum := 0
	for i, s := range steps {
		if s < 0 || s > MaxWorkingDays {
			return nil, errDays(fmt.Sprintf("steps[%d]", i), s)
		}
		sum += s
		due, err := c.Due(received, sum)
		if err != nil {
			return nil, err
		}
		out[i] = due
	}
	return out, nil
}

// instant splits t into a day number and a time of day in Asia/Ho_Chi_Minh, and checks the range.
func (c *Calendar) instant(field string, t time.Time) (n int, tod time.Duration, err error) {
	if t.IsZero() {
		return 0, 0, invalid(field, msgs.Text("time_is_not_set"))
	}
	lt := t.In(vietnam)
	y, m, d := lt.Date()
	if y < MinYear || y > MaxYear {
		return 0, 0, errYearRange(field, y)
	}
	day := Date{y, m, d}
	hh, mm, ss := lt.Clock()
	tod = time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second +
		time.Duration(lt.Nanosecond())
	return day.num(), tod, nil
}

func errDays(field string, n int) error {
	return invalid(field, msgs.Text("is_not_between_0_and_working_days", n, MaxWorkingDays))
}

// errResult reports a result past the supported range; err from a table build wins.
func errResult(err error) error {
	if err != nil {
		return err
	}
	return outOfRange("result", msgs.Text("result_falls_after", MaxYear))
}
