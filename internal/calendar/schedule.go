package calendar

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

// Status says how far the source of a Schedule was checked.
type Status string

const (
	StatusConfirmed   Status = "confirmed"   // the announcement, or a government page quoting it, was read
	StatusSecondary   Status = "secondary"   // reported by the press with its number; text not read
	StatusUnconfirmed Status = "unconfirmed" // not verified: treat as provisional
)

// Schedule is an officially announced arrangement of holidays for state agencies: the Prime
// Minister fixes the days of Tết and National Day each year (Labour Code 2019 Art. 112(3)), and
// working days are swapped to join holidays to weekends. For Year, it replaces the default
// arrangement of the listed Occasions (their Art. 112 days and the days in lieu of Art. 111(3))
// with DaysOff and WorkingDays.
type Schedule struct {
	Year        int        `json:"year"`
	Occasions   []Occasion `json:"occasions"`
	DaysOff     []Span     `json:"days_off"`
	WorkingDays []Date     `json:"working_days,omitempty"` // weekend days made working days
	NameVI      string     `json:"name_vi"`
	NameEN      string     `json:"name_en"`
	Source      string     `json:"source"`
	Status      Status     `json:"status"`
}

// Span is the days From to To, both included.
type Span struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// OverrideKind is what an Override makes of its day.
type OverrideKind string

const (
	OverrideDayOff     OverrideKind = "day_off"
	OverrideWorkingDay OverrideKind = "working_day"
)

// Override is an administrator's decision about one day (a local holiday, a late official swap,
// a correction), stored outside this package. Overrides are applied last and win over rules and
// schedules; no day in lieu follows from them.
type Override struct {
	Date Date         `json:"date"`
	Kind OverrideKind `json:"kind"`
	Name string       `json:"name"`
}

//go:embed schedules.json
var schedulesJSON []byte

var builtin = sync.OnceValues(func() ([]Schedule, error) {
	var f struct {
		Note      string     `json:"note"`
		Schedules []Schedule `json:"schedules"`
	}
	dec := json.NewDecoder(bytes.NewReader(schedulesJSON))
	dec.DisallowUnknownFields() // a misspelt key must not silently drop a day off
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("calendar: schedules.json: %w", err)
	}
	for i, s := range f.Schedules {
		if err := s.validate(fmt.Sprintf("schedules[%d]", i)); err != nil {
			return nil, fmt.Errorf("calendar: schedules.json: %w", err)
		}
	}
	return f.Schedules, nil
})

// BuiltinSchedules returns the official schedules embedded in this package (schedules.json):
// 2024, 2025 and 2026. Each carries its source and a Status.
func BuiltinSchedules() ([]Schedule, error) {
	s, err := builtin()
	if err != nil {
		return nil, err
	}
	out := make([]Schedule, len(s))
	for i, v := range s {
		v.Occasions = append([]Occasion(nil), v.Occasions...)
		v.DaysOff = append([]Span(nil), v.DaysOff...)
		v.WorkingDays = append([]Date(nil), v.WorkingDays...)
		out[i] = v
	}
	return out, nil
}

func (s Schedule) validate(field string) error {
	if s.Year < MinYear || s.Year > MaxYear {
		return errYearRange(field+".year", s.Year)
	}
	if len(s.Occasions) == 0 {
		return invalid(field+".occasions", msgs.Text("schedule_must_name_holidays_it_arranges"))
	}
	for i, o := range s.Occasions {
		if !o.valid() {
			return invalid(fmt.Sprintf("%s.occasions[%d]", field, i), msgs.Text("unknown_holiday", o))
		}
	}
	switch s.Status {
	case StatusConfirmed, StatusSecondary, StatusUnconfirmed:
	default:
		return invalid(field+".status", msgs.Text("status_is_not_confirmed_secondary_or", s.Status))
	}
	if s.Source == "" || s.NameVI == "" || s.NameEN == "" {
		return invalid(field+".source", msgs.Text("schedule_needs_source_and_vietnamese_and"))
	}
	near := func(f string, d Date) error {
		if err := d.check(f); err != nil {
			return err
		}
		if d.Year < s.Year-1 || d.Year > s.Year {
			return invalid(f, msgs.Text("is_not_in_or_just_before", d, s.Year))
		}
		return nil
	}
	for i, sp := range s.DaysOff {
		f := fmt.Sprintf("%s.days_off[%d]", field, i)
		if err := near(f+".from", sp.From); err != nil {
			return err
		}
		if err := near(f+".to", sp.To); err != nil {
			return err
		}
		if sp.To.Compare(sp.From) < 0 || sp.To.num()-sp.From.num() > 31 {
			return invalid(f, msgs.Text("is_not_range_of_at_most", sp.From, sp.To))
		}
	}
	for i, d := range s.WorkingDays {
		f := fmt.Sprintf("%s.working_days[%d]", field, i)
		if err := near(f, d); err != nil {
			return err
		}
		if !weekend(d.num()) {
			return invalid(f, msgs.Text("is_not_saturday_or_sunday_only", d))
		}
	}
	return nil
}

func (o Override) validate(field string) error {
	if err := o.Date.check(field + ".date"); err != nil {
		return err
	}
	if o.Kind != OverrideDayOff && o.Kind != OverrideWorkingDay {
		return invalid(field+".kind", msgs.Text("kind_is_not_day_off_or_working_day", o.Kind))
	}
	return nil
}

// schedulesCovering indexes, by year, the occasions that schedules arrange.
func schedulesCovering(ss []Schedule) map[int]map[Occasion]bool {
	m := map[int]map[Occasion]bool{}
	for _, s := range ss {
		if m[s.Year] == nil {
			m[s.Year] = map[Occasion]bool{}
		}
		for _, o := range s.Occasions {
			m[s.Year][o] = true
		}
	}
	return m
}
