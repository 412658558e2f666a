package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// How often each path is taken, among the dossiers that reach the point. Hà Nội reports
// 99.85% of commune-level dossiers settled on time (egov.md §9): steps rarely overrun.
const (
	pRejectOnline   = 0.015  // reception refuses an online filing (Mẫu 03)
	pRejectPaper    = 0.003  // … a paper one, checked with the applicant at the counter
	pSupplementRecv = 0.04   // reception asks an online applicant to complete the dossier (Mẫu 02)
	pSupplementProc = 0.025  // the specialist asks, within 3 working days of receipt
	pWithdraw       = 0.003  // the applicant withdraws, at each stage
	pRefuse         = 0.01   // the leader refuses to settle
	pLateProcessing = 0.0025 // the specialist overruns the step's budget
	pLateApproval   = 0.0015
	pLateReturn     = 0.0015
	pExtend         = 0.5  // a specialist about to be late sends the apology and a new date (Mẫu 04)
	pCounterAccount = 0.3  // a paper dossier matched to a citizen account (by phone or e-mail)
	pLocal          = 0.85 // a commune-level dossier filed by someone living in the ward
	pPost           = 0.05 // of paper dossiers, those sent by post
)

var (
	rejectNotes = []string{
		"Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.",
		"Người nộp không đủ điều kiện thực hiện thủ tục.",
		"Thông tin trên tờ khai không khớp với giấy tờ tùy thân.",
	}
	supplementNotes = []string{
		"Bổ sung bản sao giấy tờ tùy thân còn hiệu lực.",
		"Bổ sung giấy tờ chứng minh chỗ ở hợp pháp.",
		"Tờ khai chưa có chữ ký của người yêu cầu; đề nghị bổ sung.",
		"Bản chụp giấy tờ không rõ nét; đề nghị nộp lại bản rõ nét.",
	}
	refuseNotes = []string{
		"Không đủ điều kiện theo quy định của pháp luật.",
		"Kết quả xác minh không phù hợp với thông tin kê khai.",
	}
	extendNote = "Hồ sơ cần xác minh thêm; thành thật xin lỗi và hẹn lại ngày trả kết quả."
	// As dossier.Store.create writes them.
	submitNotes = map[dossier.Channel]string{dossier.ChannelCounter: "Nộp hồ sơ giấy tại Bộ phận Một cửa",
		dossier.ChannelPost: "Nộp hồ sơ giấy qua dịch vụ bưu chính"}
	// Online filings by hour of day: office hours, and the evening after work.
	onlineHours = newCumul([]float64{0.3, 0.15, 0.1, 0.1, 0.15, 0.4, 1.0, 2.2, 4.0, 5.0, 5.0, 4.2, 2.5, 3.0, 4.6, 4.6,
		4.0, 3.0, 2.2, 2.4, 2.8, 2.6, 1.6, 0.8})
	// Demand by month (before and after Tết, the summer lull) and weekday (Monday queues).
	monthFactor   = [13]float64{0, 1.12, 0.9, 1.0, 0.98, 0.98, 1.02, 1.0, 0.95, 0.97, 1.02, 1.02, 1.05}
	weekdayFactor = [7]float64{0.8, 1.15, 1.05, 1.0, 1.0, 0.9, 0.8} // Sunday … Saturday (working Saturdays)
)

// life runs one dossier through the default process up to AsOf, recording what the workflow
// records at each action (workflow/action.go): the events, the step log, the state columns.
type life struct {
	g   *generator
	r   *rand.Rand
	d   *rec
	err error
}

func (l *life) cal() *calendar.Calendar { return l.g.cal }

func (l *life) past(t time.Time) bool { return t.After(l.g.asOf) }

func (l *life) fail(err error) {
	if l.err == nil && err != nil {
		l.err = err
	}
}

// work is the moment d of office time after t (at least a minute).
func (l *life) work(t time.Time, d time.Duration) time.Time {
	d = max(d, time.Minute)
	due, err := l.cal().DueHours(t, d)
	l.fail(err)
	return due
}

// workDays is n working days of office time.
func workDays(n float64) time.Duration { return time.Duration(n * 8 * float64(time.Hour)) }

// fraction of a step's budget the officer takes: mostly well within it, sometimes over.
func (l *life) fraction(pLate float64) float64 {
	if l.r.Float64() < pLate {
		return 1.05 + 1.5*l.r.Float64()
	}
	return 0.05 + 0.9*math.Pow(l.r.Float64(), 1.4)
}

// budget is the office time from t to the step's deadline, at least 10 minutes.
func (l *life) budget(t time.Time) time.Duration {
	d, err := l.cal().WorkingTime(t, l.d.stepDue)
	l.fail(err)
	return max(d, 10*time.Minute)
}

// event records an action at t, after the sweeps that ran before it. Callers change the
// dossier's columns after the event (or after sweeping to t themselves).
func (l *life) event(t time.Time, actor int64, action string, to dossier.Status, note string) {
	d := l.d
	l.sweep(t)
	d.events = append(d.events, event{at: t, actor: actor, action: action, from: d.status, to: to, note: note})
	d.status, d.updated = to, t
}

// endStep closes the open step of the log (the workflow's endStep).
func (l *life) endStep(t time.Time) {
	if n := len(l.d.steps); n > 0 && l.d.steps[n-1].ended.IsZero() {
		l.d.steps[n-1].ended = t
	}
}

func (l *life) attach(component, file, kind string, by int64, t time.Time) {
	for _, a := range l.d.atts {
		if a.component == component && a.file == file {
			return
		}
	}
	l.d.atts = append(l.d.atts, att{component: component, file: file, kind: kind, by: by, at: t})
}

// legalDue is the appointment for a dossier received at from (workflow's legalDue).
func (l *life) legalDue(from time.Time) time.Time {
	p := l.d.proc.p
	var due time.Time
	var err error
	switch {
	case p.ProcessingDays != nil:
		due, err = l.cal().Due(from, *p.ProcessingDays)
	case p.ProcessingHours != nil:
		due, err = l.cal().DueHours(from, time.Duration(*p.ProcessingHours)*time.Hour)
	case p.ProcessingCalendarDays != nil:
		var start time.Time
		start, err = l.cal().ClockStart(from)
		day := calendar.DateOf(start).AddDays(*p.ProcessingCalendarDays)
		for ok, _ := l.cal().IsWorkingDay(day); !ok; ok, _ = l.cal().IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		due = l.cal().EndOfDay(day)
	}
	l.fail(err)
	return due
}

// stepDue is the deadline of a step entered at now: receipt plus the budgets of the steps up
// to it (workflow's stepDue); the reception step's time without a legal time.
func (l *life) stepDue(now time.Time, step string) time.Time {
	d := l.d
	if d.due.IsZero() || d.received.IsZero() {
		due, err := dossier.ReceptionDue(l.cal(), now)
		l.fail(err)
		return due
	}
	total, err := l.cal().WorkingTime(d.received, d.due)
	l.fail(err)
	minutes := int(total / time.Minute)
	parts, err := calendar.SplitBudget(minutes, l.g.weights)
	if err != nil || minutes <= 0 {
		return d.due
	}
	upto := l.g.stepIdx[step]
	sum := 0
	for i := 0; i <= upto; i++ {
		sum += parts[i]
	}
	if upto == len(parts)-1 || sum >= minutes || sum <= 0 {
		return d.due
	}
	due, err := l.cal().DueHours(d.received, time.Duration(sum)*time.Minute)
	l.fail(err)
	return due
}

// enter moves the dossier into a step (workflow's enter): status, queue, deadline, assignee,
// a new step log row, and the event — the automatic assignment when a specialist step has
// nobody yet.
func (l *life) enter(t time.Time, stepID string, actor int64, action, note string) {
	d := l.d
	l.sweep(t)
	s := l.g.steps[stepID]
	due := l.stepDue(t, stepID)
	if s.Role != org.RoleSpecialist {
		d.assignee = 0
	}
	d.step, d.role, d.stepDue = s.ID, string(s.Role), due
	d.steps = append(d.steps, stepRow{step: s.ID, assignee: d.assignee, started: t, due: due})
	if s.Role == org.RoleSpecialist && d.assignee == 0 && len(d.ag.special) > 0 {
		o := pickOfficer(l.r, d.ag.special)
		d.assignee = o.id
		d.steps[len(d.steps)-1].assignee = o.id
		l.event(t, 0, workflow.Assign, s.Status, "Giao cho "+o.name)
		return
	}
	l.event(t, actor, action, s.Status, note)
}

// close ends the dossier with a final status (workflow's close).
func (l *life) close(t time.Time, actor int64, action string, to dossier.Status, note string) {
	d := l.d
	l.sweep(t)
	l.endStep(t)
	d.step, d.role, d.assignee = "closed", "", 0
	if d.finished.IsZero() {
		d.finished = t
	}
	l.event(t, actor, action, to, note)
}

func (l *life) note(list []string) string { return list[l.r.IntN(len(list))] }

// run plays the dossier's life from submission to its end or to AsOf.
func (l *life) run() error {
	d := l.d
	t := d.submitted
	d.status, d.updated, d.sla = "", t, workflow.SLAOK
	l.event(t, d.createdBy, "submit", dossier.StatusSubmitted, submitNotes[d.channel])
	d.step, d.role, d.stepDue = "reception", "reception", l.stepDue(t, "reception")
	l.attachSubmission(t)
	next := "reception"
	for next != "" && l.err == nil {
		switch next {
		case "reception":
			next, t = l.reception(t)
		case "processing":
			next, t = l.processing(t)
		case "approval":
			next, t = l.approval(t)
		case "return":
			next, t = l.returnResult(t)
		default:
			return fmt.Errorf("no step %q", next)
		}
	}
	if l.err != nil {
		return l.err
	}
	l.settle()
	return nil
}

// attachSubmission attaches one to three documents: the applicant's own uploads online, the
// officer's scans of the paper dossier at the counter.
func (l *life) attachSubmission(t time.Time) {
	d := l.d
	n := min(1+l.r.IntN(3), len(d.proc.comps))
	for i := range n {
		file := d.ag.scans[l.r.IntN(len(d.ag.scans))]
		if d.channel == dossier.ChannelOnline {
			file = l.document(i)
			d.reused = d.reused || file == d.app.files[i%2]
		}
		l.attach(d.proc.comps[i], file, "submission", d.createdBy, t)
	}
	d.digitised = d.channel == dossier.ChannelOnline || n > 0
}

// document is one of the applicant's uploads, or a scan made at the counter for an applicant
// who has none.
func (l *life) document(i int) string {
	if f := l.d.app.files[i%2]; f != "" {
		return f
	}
	return l.d.ag.scans[i%len(l.d.ag.scans)]
}

func (l *life) reception(t time.Time) (string, time.Time) {
	d := l.d
	officer := pickOfficer(l.r, d.ag.reception)
	var delay time.Duration
	switch d.channel {
	case dossier.ChannelCounter:
		delay = time.Duration(2+l.r.IntN(14)) * time.Minute
	case dossier.ChannelPost:
		delay = time.Duration(10+l.r.IntN(50)) * time.Minute
	default:
		switch u := l.r.Float64(); {
		case u < 0.7:
			delay = time.Duration(10+l.r.IntN(170)) * time.Minute
		case u < 0.95:
			delay = time.Duration(3*60+l.r.IntN(5*60)) * time.Minute
		default:
			delay = workDays(1 + l.r.Float64())
		}
	}
	at := l.work(t, delay)
	if d.account && l.r.Float64() < pWithdraw {
		if tw := l.work(t, time.Duration(float64(delay)*(0.2+0.7*l.r.Float64()))); !l.past(tw) {
			d.bound = true
			l.close(tw, d.app.id, workflow.Withdraw, dossier.StatusWithdrawn, "")
		}
		return "", t
	}
	if l.past(at) {
		return "", t
	}
	d.bound = true
	u := l.r.Float64()
	pReject := pRejectPaper
	if d.channel == dossier.ChannelOnline {
		pReject = pRejectOnline
	}
	switch {
	case u < pReject:
		l.close(at, officer.id, workflow.RejectReception, dossier.StatusRejected, l.note(rejectNotes))
		return "", at
	case d.account && d.channel == dossier.ChannelOnline && d.supplements == 0 && u < pReject+pSupplementRecv:
		back, ok := l.requestSupplement(at, officer.id)
		if !ok {
			return "", at
		}
		return "reception", back
	}
	// Receive: the appointment, then the specialist step (with its automatic assignment).
	l.endStep(at)
	l.event(at, officer.id, workflow.Receive, dossier.StatusReceived, "")
	d.due, d.received = l.legalDue(at), at
	l.enter(at, "processing", officer.id, workflow.Receive, "")
	return "processing", at
}

// requestSupplement asks the applicant to complete the dossier, once (Decree 61/2018 Art. 15),
// and plays the applicant's answer: most supplement within days, some withdraw, a few never
// come back. It reports when the dossier re-entered its step, if it did.
func (l *life) requestSupplement(t time.Time, officer int64) (time.Time, bool) {
	d := l.d
	l.endStep(t)
	d.resume = d.step
	l.event(t, officer, workflow.RequestSupplement, dossier.StatusSupplement, l.note(supplementNotes))
	d.role, d.paused = "", t
	d.supplements++
	wait := workDays(0.5 + 9*l.r.Float64())
	switch u := l.r.Float64(); {
	case u < 0.82:
		back := l.work(t, wait)
		if l.past(back) {
			return t, false
		}
		if len(d.proc.comps) > 0 {
			l.attach(d.proc.comps[0], l.document(1), "supplement", d.app.id, back)
		}
		if !d.received.IsZero() {
			// Decree 61/2018 Art. 19: the time limit restarts when the complete dossier arrives.
			d.due, d.received = l.legalDue(back), back
		}
		d.paused = time.Time{}
		l.enter(back, d.resume, d.app.id, workflow.Supplement, "Đã bổ sung giấy tờ theo yêu cầu.")
		return back, true
	case u < 0.92:
		if tw := l.work(t, wait*2); !l.past(tw) {
			l.close(tw, d.app.id, workflow.Withdraw, dossier.StatusWithdrawn, "")
		}
	}
	return t, false
}

func (l *life) processing(t time.Time) (string, time.Time) {
	d := l.d
	spec := d.assignee
	budget := l.budget(t)
	f := l.fraction(pLateProcessing)
	at := l.work(t, time.Duration(f*float64(budget)))
	if d.account && d.supplements == 0 && l.r.Float64() < pSupplementProc {
		ask := l.work(t, time.Duration(float64(min(budget, workDays(3)))*(0.1+0.5*l.r.Float64())))
		limit, err := l.cal().Due(d.received, 3)
		l.fail(err)
		if ask.Before(limit) && ask.Before(at) {
			if l.past(ask) {
				return "", t
			}
			back, ok := l.requestSupplement(ask, spec)
			if !ok {
				return "", ask
			}
			return "processing", back
		}
	}
	if d.account && l.r.Float64() < pWithdraw {
		if tw := l.work(t, time.Duration(float64(budget)*0.5*l.r.Float64())); tw.Before(at) {
			if !l.past(tw) {
				l.close(tw, d.app.id, workflow.Withdraw, dossier.StatusWithdrawn, "")
			}
			return "", t
		}
	}
	if f > 1 && !d.due.IsZero() && d.extended == 0 && l.r.Float64() < pExtend {
		// Decree 61/2018 Art. 19(9): the apology goes out at least one working day before the
		// due date, and the date moves once.
		ext := l.work(t, time.Duration(float64(budget)*0.4*l.r.Float64()))
		if rem, err := l.cal().Remaining(ext, d.due); err == nil && rem.Days >= 1 && ext.Before(at) {
			if l.past(ext) {
				return "", t
			}
			newDue, err := l.cal().Due(d.due, 3+l.r.IntN(8))
			l.fail(err)
			l.event(ext, spec, workflow.Extend, d.status, extendNote)
			d.originalDue, d.due, d.extended, d.sla = d.due, newDue, 1, workflow.SLAOK
		}
	}
	if l.past(at) {
		return "", t
	}
	// The workflow leaves the processing row open on forward (it ends steps only on receive,
	// supplement requests and closing); the log here ends each step when the next begins.
	l.endStep(at)
	l.enter(at, "approval", spec, workflow.Forward, "")
	return "approval", at
}

func (l *life) approval(t time.Time) (string, time.Time) {
	d := l.d
	leader := pickOfficer(l.r, d.ag.leader)
	at := l.work(t, time.Duration(l.fraction(pLateApproval)*float64(l.budget(t))))
	if l.past(at) {
		return "", t
	}
	l.endStep(at)
	if l.r.Float64() < pRefuse {
		l.close(at, leader.id, workflow.Refuse, dossier.StatusRefused, l.note(refuseNotes))
		return "", at
	}
	l.attach("ket-qua", d.ag.results[l.r.IntN(len(d.ag.results))], "result", leader.id, at)
	d.finished = at
	l.enter(at, "return", leader.id, workflow.Approve, "")
	return "return", at
}

func (l *life) returnResult(t time.Time) (string, time.Time) {
	d := l.d
	f := 0.02 + 0.3*l.r.Float64() // online: the result goes to the citizen's account
	if d.channel != dossier.ChannelOnline {
		f = 0.2 + 0.8*l.r.Float64() // paper: collected at the counter, near the appointment
	}
	if l.r.Float64() < pLateReturn {
		f = 1.05 + l.r.Float64()
	}
	at := l.work(t, time.Duration(f*float64(l.budget(t))))
	if l.past(at) {
		return "", t
	}
	l.close(at, pickOfficer(l.r, d.ag.reception).id, workflow.ReturnResult, dossier.StatusReturned, "")
	return "", at
}

// settle brings the dossier to AsOf: the sweeps up to then, and the step log's late flags as
// the sweep sets them on open steps.
func (l *life) settle() {
	l.sweep(l.g.asOf)
	for i := range l.d.steps {
		s := &l.d.steps[i]
		s.late = !s.due.IsZero() && (s.ended.IsZero() && s.due.Before(l.g.asOf) || !s.ended.IsZero() && s.ended.After(s.due))
	}
}

// sweep plays the hourly SLA sweeps (workflow.Store.Sweep) between the dossier's last change
// and until: an open dossier with an appointment becomes due_soon at the first sweep with
// under 8 working hours left, overdue at the first sweep after the appointment (escalated to
// the leader once); each change is an event without an actor.
func (l *life) sweep(until time.Time) {
	d := l.d
	if d.role == "" || d.due.IsZero() || !until.After(d.updated) {
		return
	}
	if d.sla == workflow.SLAOK {
		if t := l.soonTick(d.updated); !t.IsZero() && t.Before(until) && !t.After(d.due) {
			l.sweepEvent(t, workflow.SLADueSoon)
		}
	}
	if d.sla != workflow.SLAOverdue {
		if t := nextTick(later(d.updated, d.due)); t.Before(until) {
			l.sweepEvent(t, workflow.SLAOverdue)
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// nextTick is the first hourly sweep strictly after t.
func nextTick(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }

// soonTick is the first sweep after from that finds under 8 working hours left before the
// appointment, or zero if none comes before it. Eight working hours before an appointment is
// the same time of day on the previous working day (office days have 8 hours).
func (l *life) soonTick(from time.Time) time.Time {
	due := l.d.due
	day := calendar.DateOf(due)
	tod := due.Sub(day.At(0))
	start := due
	for k := 1; k < 30; k++ {
		prev := day.AddDays(-k)
		if ok, err := l.cal().IsWorkingDay(prev); err == nil && ok {
			start = prev.At(tod)
			break
		}
	}
	for t := nextTick(later(from, start)); !t.After(due); t = t.Add(time.Hour) {
		left, err := l.cal().WorkingTime(t, due)
		if err != nil {
			l.fail(err)
			return time.Time{}
		}
		if left < 8*time.Hour {
			return t
		}
	}
	return time.Time{}
}

func (l *life) sweepEvent(t time.Time, state string) {
	d := l.d
	note := map[string]string{workflow.SLADueSoon: "Hồ sơ sắp đến hạn", workflow.SLAOverdue: "Hồ sơ đã quá hạn"}[state]
	if state == workflow.SLAOverdue && d.escalated.IsZero() {
		note, d.escalated = "Hồ sơ quá hạn; đã báo lãnh đạo đơn vị", t
	}
	// The sweep changes sla (and escalated_at), not updated_at.
	d.events = append(d.events, event{at: t, action: "sla_" + state, from: d.status, to: d.status, note: note})
	d.sla = state
}
