package calendar

import (
	"fmt"
	"time"
)

// Limit is a processing time (thời hạn giải quyết): Days working days, or, when Hours is set,
// that much working time over the office sessions. Limit{} is a same-day procedure.
type Limit struct {
	Days  int
	Hours time.Duration
}

// EventKind is what happened to a processing clock.
type EventKind string

const (
	// Pause stops the clock, e.g. while the applicant supplements the dossier and the law says
	// that time is not counted.
	Pause EventKind = "pause"
	// Resume restarts a paused clock with the working time it had left.
	Resume EventKind = "resume"
	// Restart starts the whole processing time again, e.g. when the complete dossier arrives
	// after a request to supplement it (Decree 61/2018 Art. 19: "thời hạn giải quyết được tính
	// lại từ đầu"). A restart also ends a pause.
	Restart EventKind = "restart"
)

// Event is one change of a processing clock.
type Event struct {
	At   time.Time
	Kind EventKind
}

// Clock is the processing clock of one dossier: its receipt, its limit and what happened since,
// in time order.
type Clock struct {
	Received time.Time
	Limit    Limit
	Events   []Event
}

// ClockDue returns when the clock runs out. The last Restart starts it afresh, as a receipt
// would. A Pause freezes the office time left until the due moment, and the following Resume
// counts that much office time again from the resumption; for limits in working days the new
// due moment is then moved to the end of its working day, as appointments are. A pause at or
// after the due moment changes nothing: the time had run out. While the clock is paused there
// is no due date and ClockDue returns an error wrapping ErrPaused.
func (c *Calendar) ClockDue(k Clock) (time.Time, error) {
	r, err := c.run(k)
	if err != nil {
		return time.Time{}, err
	}
	if r.paused {
		return time.Time{}, &Error{Field: "events", Msg: msgs.Text("clock_paused"), Kind: ErrPaused}
	}
	return r.due, nil
}

// ClockRemaining returns the time left on the clock at now: as Remaining(now, due) while it
// runs, frozen at what was left when it stopped while it is paused.
func (c *Calendar) ClockRemaining(k Clock, now time.Time) (Remaining, error) {
	r, err := c.run(k)
	if err != nil {
		return Remaining{}, err
	}
	if r.paused {
		return Remaining{Hours: r.left, Days: int(r.left / c.dayLen), Paused: true}, nil
	}
	return c.Remaining(now, r.due)
}

type clockState struct {
	due    time.Time
	paused bool
	left   time.Duration // office time left when paused
}

func (c *Calendar) run(k Clock) (clockState, error) {
	if err := c.checkClock(k); err != nil {
		return clockState{}, err
	}
	start, events := k.Received, k.Events
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == Restart {
			start, events = events[i].At, events[i+1:]
			break
		}
	}
	due, err := c.limitDue(start, k.Limit)
	if err != nil {
		return clockState{}, err
	}
	// Office time before counting begins is not part of the limit: for working days, the rest
	// of the day of receipt (Civil Code Art. 147).
	counting := start
	if k.Limit.Hours == 0 && k.Limit.Days > 0 {
		n, _, _ := c.instant("received", start) // checked by limitDue
		if n, err = c.workingFrom(n); err == nil {
			n, err = c.addWorkingDays(n, 1)
		}
		if err != nil {
			return clockState{}, err
		}
		counting = dateOfNum(n).At(0)
	}
	for i := 0; i < len(events); i += 2 { // checkClock: pause, resume, pause, ...
		p := events[i].At
		if !p.Before(due) {
			continue
		}
		left, err := c.WorkingTime(later(p, counting), due)
		if err != nil {
			return clockState{}, err
		}
		if i+1 == len(events) {
			return clockState{paused: true, left: left}, nil
		}
		resumed := events[i+1].At
		if due, err = c.addWorkingTime("events", resumed, left); err != nil {
			return clockState{}, err
		}
		if k.Limit.Hours == 0 {
			n, _, _ := c.instant("due", due)
			if n, err = c.workingFrom(n); err != nil {
				return clockState{}, err
			}
			due = c.endOf(n)
		}
		counting = resumed
	}
	return clockState{due: due}, nil
}

func (c *Calendar) limitDue(start time.Time, l Limit) (time.Time, error) {
	if l.Hours > 0 {
		return c.DueHours(start, l.Hours)
	}
	return c.Due(start, l.Days)
}

func (c *Calendar) checkClock(k Clock) error {
	switch {
	case k.Limit.Hours < 0:
		return invalid("limit.hours", msgs.Text("working_hours_cannot_be_negative"))
	case k.Limit.Hours > 0 && k.Limit.Days != 0:
		return invalid("limit", msgs.Text("limit_is_in_working_days_or"))
	}
	if k.Received.IsZero() {
		return invalid("received", msgs.Text("time_is_not_set"))
	}
	paused := false
	prev := k.Received
	for i, e := range k.Events {
		f := fmt.Sprintf("events[%d]", i)
		if e.At.Before(prev) {
			return invalid(f+".at", msgs.Text("is_before_receipt_or_previous_event", e.At))
		}
		prev = e.At
		switch {
		case e.Kind == Pause && !paused, e.Kind == Resume && paused:
			paused = !paused
		case e.Kind == Restart:
			paused = false
		case e.Kind == Pause || e.Kind == Resume:
			key := "event_while_running"
			if paused {
				key = "event_while_paused"
			}
			return invalid(f+".kind", msgs.Text(key, e.Kind))
		default:
			return invalid(f+".kind", msgs.Text("unknown_event", e.Kind))
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
