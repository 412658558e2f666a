package stats

// The rules: what each counter counts. Sources: CONTRACT.md "## Reports" (received, settled,
// on time, in progress and overdue as the reports publish them) and egov.md §5, Decision
// 766/QĐ-TTg formula 2.1 [S] (on time when the end of processing is by the due date; more than
// one supplement request makes a dossier late).
//
//   received      every dossier, at day(submitted_at), whatever its channel or later fate;
//                 online / counter / post split it by channel.
//   finished      finished_at set (any end: decided, refused, rejected, withdrawn, stopped), at
//                 day(finished_at).
//   settled       its result was issued (approved or refused, CONTRACT.md Reports), at
//                 day(finished_at): see Settled.
//   on_time       settled, due_at NULL or finished_at ≤ due_at, and at most one supplement
//                 request (formula 2.1); late: settled and not on time.
//   in progress   at the end of day T: Σ received(day ≤ T) − Σ finished(day ≤ T).
//   overdue       at the end of day T, by the due date as it now stands: Σ overdue_delta(day ≤ T),
//                 where an open, running dossier (finished_at NULL, not paused) with a due date
//                 adds +1 at day(due_at), and a finished one whose day(finished_at) is after
//                 day(due_at) adds +1 at day(due_at) and −1 at day(finished_at): it was open and
//                 past due at the end of the days between. Now: the figure at the end of today
//                 less the open, running dossiers due later today (Store.Totals).
//
// The rates' counters (Rates), each at the day its denominator counts the dossier:
//
//   digitised     received, and its papers exist electronically: filed online, or scanned when
//                 registered at the counter or by post (Decision 766 4.2; Circular
//                 01/2023/TT-VPCP on digitising dossiers, egov.md §3). Recorded at filing.
//   reused        received, and one of its files was already attached to an earlier dossier: a
//                 document or result on file used again instead of asked for again (Decision 766
//                 4.3; once-only, Decree 224/2026 Art. 18(4), egov.md §3). Recorded at filing.
//   fees          received, and it has a live fee invoice (one not cancelled), at day(submitted_at).
//   paid_online   of those, the invoice was paid through an online payment, VNPay or VietQR
//                 (paid, or paid and later refunded; Decision 766 3.6), at day(submitted_at).
//   evaluated     settled, and the applicant evaluated it (Circular 01/2018/TT-VPCP Art. 13), at
//                 day(finished_at); only a returned or refused dossier can be evaluated.
//   satisfied     evaluated with no criterion scored 0 ("not satisfied"), the complement of the
//                 dissatisfied share of Decision 766 5.4 (Unhappy).
//
// Days are local dates in Asia/Ho_Chi_Minh. The figures of past days follow a dossier's row as
// it now stands (a later extension moves its due date, a paused dossier leaves the overdue
// count), which is what the reports publish: the state of the dossiers received up to then.

// MaxOnTimeSupplements is how many supplement requests a dossier settled on time may have had
// (egov.md §5, formula 2.1 [S]: more than one supplement request ⇒ late).
const MaxOnTimeSupplements = 1

// Settled reports whether a dossier's result was issued: it has an end of processing
// (finished_at: set when approved, dossier.Decide, or closed, dossier.Close) and did not end
// without a decision. Withdrawn (the applicant took it back), rejected at reception (never
// received for processing) and stopped (processing halted without a result) issue none;
// approved dossiers (done, returned, awaiting the fee before return) and refused ones (Mẫu 03,
// a reasoned refusal is a result) do. A dossier approved and then withdrawn while its fee was
// owed counts as withdrawn: it was never handed its result.
func Settled(s Snapshot) bool {
	if s.FinishedAt == nil {
		return false
	}
	switch s.Status {
	case StatusWithdrawn, StatusRejected, StatusStopped:
		return false
	}
	return true
}

// OnTime reports whether a settled dossier was settled on time (formula 2.1).
func OnTime(s Snapshot) bool {
	return Settled(s) && (s.DueAt == nil || !s.FinishedAt.After(*s.DueAt)) && s.Supplements <= MaxOnTimeSupplements
}

// Unhappy reports whether an evaluation's scores (criterion → 0, 1 or 2) hold a 0, "not
// satisfied": Decision 766 5.4 counts such a dossier as dissatisfied (egov.md §5).
func Unhappy(scores map[string]int) bool {
	for _, v := range scores {
		if v == 0 {
			return true
		}
	}
	return false
}

// Paused reports whether a dossier's clock is stopped: waiting for the applicant's supplement or
// fee. A paused dossier is not counted overdue.
func Paused(s Snapshot) bool { return s.Status == StatusSupplement || s.Status == StatusPayment }

// Contribution is what one dossier adds to the aggregate tables.
func Contribution(s Snapshot) Tables {
	t := NewTables()
	day := func(k string, f func(*DayCounts)) {
		key := DayKey{s.AgencyID, k}
		c := t.Days[key]
		f(&c)
		t.Days[key] = c
	}
	month := func(k string, f func(*MonthCounts)) {
		key := MonthKey{s.AgencyID, s.Procedure, k}
		c := t.Months[key]
		f(&c)
		t.Months[key] = c
	}
	online := count(s.Channel == ChannelOnline)
	filed := Rates{Digitised: count(s.Digitised), Reused: count(s.Reused), Fees: count(s.Fee), PaidOnline: count(s.Fee && s.PaidOnline)}
	day(Day(s.SubmittedAt), func(c *DayCounts) {
		c.Received++
		switch s.Channel {
		case ChannelOnline:
			c.Online++
		case ChannelCounter:
			c.Counter++
		case ChannelPost:
			c.Post++
		}
		c.Rates = c.Rates.plus(filed, 1)
	})
	month(Month(s.SubmittedAt), func(c *MonthCounts) { c.Received++; c.Online += online; c.Rates = c.Rates.plus(filed, 1) })
	if s.FinishedAt != nil {
		settled := Settled(s)
		onTime := count(OnTime(s))
		late := count(settled) - onTime
		ev := Rates{Evaluated: count(settled && s.Evaluated), Satisfied: count(settled && s.Evaluated && s.Satisfied)}
		day(Day(*s.FinishedAt), func(c *DayCounts) {
			c.Finished++
			c.Settled += count(settled)
			c.OnTime += onTime
			c.Late += late
			c.Rates = c.Rates.plus(ev, 1)
		})
		month(Month(*s.FinishedAt), func(c *MonthCounts) {
			c.Finished++
			c.Settled += count(settled)
			c.OnTime += onTime
			c.Late += late
			c.Rates = c.Rates.plus(ev, 1)
		})
	}
	if s.DueAt != nil {
		due := Day(*s.DueAt)
		switch {
		case s.FinishedAt == nil && !Paused(s):
			day(due, func(c *DayCounts) { c.OverdueDelta++ })
		case s.FinishedAt != nil && Day(*s.FinishedAt) > due:
			day(due, func(c *DayCounts) { c.OverdueDelta++ })
			day(Day(*s.FinishedAt), func(c *DayCounts) { c.OverdueDelta-- })
		}
	}
	// The agency's months sum its days; rows a +1 and −1 cancelled are dropped (Tables' rule).
	for k, c := range t.Days {
		if c == (DayCounts{}) {
			delete(t.Days, k)
			continue
		}
		m := AgencyMonthKey{k.Agency, k.Day[:7]}
		t.AgencyMonths[m] = t.AgencyMonths[m].plus(c, 1)
	}
	for k, c := range t.AgencyMonths {
		if c == (DayCounts{}) {
			delete(t.AgencyMonths, k)
		}
	}
	return t
}

// count is 1 for true, 0 for false.
func count(v bool) int64 {
	if v {
		return 1
	}
	return 0
}
