package stats

import (
	"reflect"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

func at(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, vntime.Location())
	if err != nil {
		panic(err)
	}
	return &t
}

// TestContribution checks one dossier's cells, hand-computed, for each case the rules tell
// apart.
func TestContribution(t *testing.T) {
	const a = 7
	base := Snapshot{ID: 1, AgencyID: a, Procedure: "1.001193", Channel: ChannelOnline, SubmittedAt: *at("2026-03-02 23:30")}
	for _, c := range []struct {
		name   string
		edit   func(*Snapshot)
		days   map[DayKey]DayCounts
		months map[MonthKey]MonthCounts
	}{
		{"just submitted, online: received that local day (23:30 in Hà Nội is 16:30 UTC)",
			func(s *Snapshot) { s.Status = StatusSubmitted },
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1}}},
		{"received at the counter, open and due: overdue from its due day",
			func(s *Snapshot) {
				s.Channel, s.Status, s.DueAt = ChannelCounter, StatusProcessing, at("2026-03-05 17:00")
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Counter: 1}, {a, "2026-03-05"}: {OverdueDelta: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1}}},
		{"paused for a supplement: not overdue",
			func(s *Snapshot) {
				s.Channel, s.Status, s.DueAt, s.Supplements = ChannelPost, StatusSupplement, at("2026-03-05 17:00"), 1
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Post: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1}}},
		{"returned on its due day after its due time: late, never overdue at a day's end",
			func(s *Snapshot) {
				s.Status, s.DueAt, s.FinishedAt = StatusReturned, at("2026-03-05 10:00"), at("2026-03-05 16:00")
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-05"}: {Settled: 1, Late: 1, Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}}},
		{"done in April, due in March: late, overdue from its due day to its end, split by month",
			func(s *Snapshot) {
				s.Status, s.DueAt, s.FinishedAt = StatusDone, at("2026-03-30 17:00"), at("2026-04-02 09:00")
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-30"}: {OverdueDelta: 1},
				{a, "2026-04-02"}: {Settled: 1, Late: 1, Finished: 1, OverdueDelta: -1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1},
				{a, "1.001193", "2026-04"}: {Settled: 1, Late: 1, Finished: 1}}},
		{"refused on time after one supplement: settled on time",
			func(s *Snapshot) {
				s.Status, s.DueAt, s.FinishedAt, s.Supplements = StatusRefused, at("2026-03-05 17:00"), at("2026-03-03 09:00"), 1
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-03"}: {Settled: 1, OnTime: 1, Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Settled: 1, OnTime: 1, Finished: 1}}},
		{"two supplement requests: late though before its due time (formula 2.1)",
			func(s *Snapshot) {
				s.Status, s.DueAt, s.FinishedAt, s.Supplements = StatusDone, at("2026-03-05 17:00"), at("2026-03-03 09:00"), 2
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-03"}: {Settled: 1, Late: 1, Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}}},
		{"decided, fee owed before return: settled at its decision, no due date: on time",
			func(s *Snapshot) { s.Status, s.FinishedAt = StatusPayment, at("2026-03-04 08:00") },
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-04"}: {Settled: 1, OnTime: 1, Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Settled: 1, OnTime: 1, Finished: 1}}},
		{"withdrawn after its due day: finished, not settled, overdue until then",
			func(s *Snapshot) {
				s.Status, s.DueAt, s.FinishedAt = StatusWithdrawn, at("2026-03-03 17:00"), at("2026-03-06 08:00")
			},
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-03"}: {OverdueDelta: 1},
				{a, "2026-03-06"}: {Finished: 1, OverdueDelta: -1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Finished: 1}}},
		{"rejected at reception the same day: finished only",
			func(s *Snapshot) { s.Status, s.FinishedAt = StatusRejected, at("2026-03-02 23:45") },
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1, Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Finished: 1}}},
		{"stopped: finished only",
			func(s *Snapshot) { s.Status, s.FinishedAt = StatusStopped, at("2026-03-09 08:00") },
			map[DayKey]DayCounts{{a, "2026-03-02"}: {Received: 1, Online: 1}, {a, "2026-03-09"}: {Finished: 1}},
			map[MonthKey]MonthCounts{{a, "1.001193", "2026-03"}: {Received: 1, Online: 1, Finished: 1}}},
	} {
		s := base
		c.edit(&s)
		got := Contribution(s)
		if !reflect.DeepEqual(got.Days, c.days) || !reflect.DeepEqual(got.Months, c.months) {
			t.Errorf("%s:\n got %+v\nwant %+v %+v", c.name, got, c.days, c.months)
		}
		// The agency's months are its days summed by month.
		months := map[AgencyMonthKey]DayCounts{}
		for k, v := range c.days {
			m := AgencyMonthKey{k.Agency, k.Day[:7]}
			months[m] = months[m].plus(v, 1)
		}
		for k, v := range months {
			if v == (DayCounts{}) {
				delete(months, k)
			}
		}
		if !reflect.DeepEqual(got.AgencyMonths, months) {
			t.Errorf("%s: agency months %+v; want %+v", c.name, got.AgencyMonths, months)
		}
	}
}

// TestAddCancels: a change and its reverse leave nothing, so that stored rows come back to
// zero and equal tables compare equal.
func TestAddCancels(t *testing.T) {
	before := Snapshot{AgencyID: 3, Procedure: "p", Channel: ChannelOnline, Status: StatusProcessing,
		SubmittedAt: *at("2026-05-01 09:00"), DueAt: at("2026-05-04 17:00")}
	after := before
	after.Status, after.FinishedAt = StatusDone, at("2026-05-06 10:00")
	d := NewTables()
	d.Add(Contribution(after), 1)
	d.Add(Contribution(before), -1)
	want := Tables{Days: map[DayKey]DayCounts{{3, "2026-05-06"}: {Settled: 1, Late: 1, Finished: 1, OverdueDelta: -1}},
		AgencyMonths: map[AgencyMonthKey]DayCounts{{3, "2026-05"}: {Settled: 1, Late: 1, Finished: 1, OverdueDelta: -1}},
		Months:       map[MonthKey]MonthCounts{{3, "p", "2026-05"}: {Settled: 1, Late: 1, Finished: 1}}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("after − before = %+v; want %+v", d, want)
	}
	d.Add(Contribution(before), 1)
	d.Add(Contribution(after), -1)
	if len(d.Days) != 0 || len(d.AgencyMonths) != 0 || len(d.Months) != 0 {
		t.Errorf("a change and its reverse left %+v", d)
	}
}
