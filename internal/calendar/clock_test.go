package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestClockDue(t *testing.T) {
	c := mustNew(t)
	received := vn(2026, 3, 2, 9, 0) // Monday; 5 working days → Monday 9 March 17:00
	tests := []struct {
		name   string
		clock  Clock
		want   time.Time
		paused bool
	}{
		{"no events", Clock{Received: received, Limit: Limit{Days: 5}}, vn(2026, 3, 9, 17, 0), false},
		{
			// 10 office hours used (Tue, Wed 8–10), 30 left; resumed Tue 10 Mar 14:00 → Mon 16 Mar 11:00 → end of day.
			"pause and resume", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 3, 4, 10, 0), Pause}, {vn(2026, 3, 10, 14, 0), Resume}}},
			vn(2026, 3, 16, 17, 0), false,
		},
		{
			"pause on the day of receipt loses nothing", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 3, 2, 11, 0), Pause}, {vn(2026, 3, 4, 8, 0), Resume}}},
			vn(2026, 3, 10, 17, 0), false,
		},
		{
			"two pauses", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 3, 4, 10, 0), Pause}, {vn(2026, 3, 10, 14, 0), Resume},
				{vn(2026, 3, 11, 8, 0), Pause}, {vn(2026, 3, 12, 8, 0), Resume}}},
			vn(2026, 3, 17, 17, 0), false,
		},
		{
			"pause across Tết", Clock{Received: vn(2026, 2, 9, 9, 0), Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 2, 12, 17, 0), Pause}, {vn(2026, 2, 25, 8, 0), Resume}}},
			// Tue–Thu used (3 days); 2 days left from Wed 25 Feb 08:00 → Thu 26 Feb.
			vn(2026, 2, 26, 17, 0), false,
		},
		{
			"restart (Decree 61/2018 Art. 19)", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 3, 4, 10, 0), Pause}, {vn(2026, 3, 9, 10, 0), Restart}}},
			vn(2026, 3, 16, 17, 0), false,
		},
		{
			"pause after the due date", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{
				{vn(2026, 3, 10, 9, 0), Pause}, {vn(2026, 3, 12, 9, 0), Resume}}},
			vn(2026, 3, 9, 17, 0), false,
		},
		{
			"working hours", Clock{Received: vn(2026, 3, 2, 8, 0), Limit: Limit{Hours: 8 * hour}, Events: []Event{
				{vn(2026, 3, 2, 10, 0), Pause}, {vn(2026, 3, 4, 15, 0), Resume}}},
			vn(2026, 3, 5, 12, 0), false,
		},
		{
			"same-day procedure resumed", Clock{Received: received, Limit: Limit{}, Events: []Event{
				{vn(2026, 3, 2, 10, 0), Pause}, {vn(2026, 3, 3, 9, 0), Resume}}},
			vn(2026, 3, 3, 17, 0), false,
		},
		{"paused", Clock{Received: received, Limit: Limit{Days: 5}, Events: []Event{{vn(2026, 3, 4, 10, 0), Pause}}}, time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := c.ClockDue(tt.clock)
		if tt.paused {
			if !errors.Is(err, ErrPaused) {
				t.Errorf("%s: ClockDue = %v, %v; want ErrPaused", tt.name, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: ClockDue(%+v) = %v, %v; want %v", tt.name, tt.clock, got, err, tt.want)
		}
	}
}

func TestClockRemaining(t *testing.T) {
	c := mustNew(t)
	k := Clock{Received: vn(2026, 3, 2, 9, 0), Limit: Limit{Days: 5}, Events: []Event{{vn(2026, 3, 4, 10, 0), Pause}}}
	got, err := c.ClockRemaining(k, vn(2026, 3, 20, 9, 0))
	want := Remaining{Hours: 30 * hour, Days: 3, Paused: true}
	if err != nil || got != want {
		t.Errorf("ClockRemaining(paused) = %+v, %v; want %+v", got, err, want)
	}
	k.Events = append(k.Events, Event{vn(2026, 3, 10, 14, 0), Resume})
	got, err = c.ClockRemaining(k, vn(2026, 3, 16, 16, 0))
	want = Remaining{Hours: hour, Days: 0}
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("ClockRemaining(resumed) = %+v, %v; diff (-want +got):\n%s", got, err, diff)
	}
}

func TestClockBadInput(t *testing.T) {
	c := mustNew(t)
	received := vn(2026, 3, 2, 9, 0)
	tests := []struct {
		name  string
		clock Clock
		field string
	}{
		{"resume while running", Clock{Received: received, Events: []Event{{vn(2026, 3, 3, 9, 0), Resume}}}, "events[0].kind"},
		{"pause twice", Clock{Received: received, Events: []Event{{vn(2026, 3, 3, 9, 0), Pause}, {vn(2026, 3, 4, 9, 0), Pause}}}, "events[1].kind"},
		{"before receipt", Clock{Received: received, Events: []Event{{vn(2026, 3, 1, 9, 0), Pause}}}, "events[0].at"},
		{"out of order", Clock{Received: received, Events: []Event{{vn(2026, 3, 4, 9, 0), Pause}, {vn(2026, 3, 3, 9, 0), Resume}}}, "events[1].at"},
		{"unknown kind", Clock{Received: received, Events: []Event{{vn(2026, 3, 3, 9, 0), "stop"}}}, "events[0].kind"},
		{"days and hours", Clock{Received: received, Limit: Limit{Days: 1, Hours: hour}}, "limit"},
		{"negative hours", Clock{Received: received, Limit: Limit{Hours: -hour}}, "limit.hours"},
		{"negative days", Clock{Received: received, Limit: Limit{Days: -1}}, "workingDays"},
		{"no receipt", Clock{Limit: Limit{Days: 1}}, "received"},
	}
	for _, tt := range tests {
		got, err := c.ClockDue(tt.clock)
		var e *Error
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Field != tt.field {
			t.Errorf("%s: ClockDue = %v, %v; want ErrInvalid on %q", tt.name, got, err, tt.field)
		}
	}
}

func TestSplitBudget(t *testing.T) {
	tests := []struct {
		total   int
		weights []int
		want    []int
	}{
		{10, []int{1, 1, 1}, []int{4, 3, 3}},
		{7, []int{1, 1, 1}, []int{3, 2, 2}},
		{15, []int{2, 5, 3}, []int{3, 8, 4}},
		{20, []int{1, 3}, []int{5, 15}},
		{5, []int{0, 1}, []int{0, 5}},
		{0, []int{1, 2}, []int{0, 0}},
		{3, []int{1, 1, 1, 1, 1}, []int{1, 1, 1, 0, 0}},
	}
	for _, tt := range tests {
		got, err := SplitBudget(tt.total, tt.weights)
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("SplitBudget(%d, %v) = %v, %v; want %v", tt.total, tt.weights, got, err, tt.want)
		}
		if err == nil {
			if err := CheckBudget(tt.total, got); err != nil {
				t.Errorf("CheckBudget(%d, SplitBudget(%d, %v)) = %v", tt.total, tt.total, tt.weights, err)
			}
		}
	}
	bad := []struct {
		total   int
		weights []int
		field   string
	}{
		{-1, []int{1}, "total"},
		{10, nil, "weights"},
		{10, []int{0, 0}, "weights"},
		{10, []int{1, -1}, "weights[1]"},
	}
	for _, tt := range bad {
		_, err := SplitBudget(tt.total, tt.weights)
		var e *Error
		if !errors.As(err, &e) || e.Field != tt.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("SplitBudget(%d, %v) error = %v; want ErrInvalid on %q", tt.total, tt.weights, err, tt.field)
		}
	}
	if err := CheckBudget(10, []int{4, 3, 2}); !errors.Is(err, ErrInvalid) {
		t.Errorf("CheckBudget(10, [4 3 2]) = %v; want ErrInvalid", err)
	}
	if err := CheckBudget(10, []int{11, -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("CheckBudget(10, [11 -1]) = %v; want ErrInvalid", err)
	}
}
