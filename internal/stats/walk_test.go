package stats_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

const secret = "TESTSECRETTESTSECRET"

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// The procedures the walk files: khai sinh (no fee, same-day) and tạm trú (7,000 đồng, its fee
// taken at approval: a process published for it below) at Hoàn Kiếm, and the judicial record
// (a fee at submission, ten days) at the city police.
var procs = []struct{ code, agency, reception string }{
	{"1.001193", "00070", "tiepnhan"}, {"1.004194", "00070", "tiepnhan"}, {"3.000333", "CATP", "tiepnhan.catp"},
}

// who acts: the officers of each agency and the applicant.
var roles = map[string][]string{
	"00070": {"tiepnhan", "chuyenvien", "lanhdao", "congdan"},
	"CATP":  {"tiepnhan.catp", "chuyenvien.catp", "lanhdao.catp", "congdan"},
}

type walk struct {
	d     *db.DB
	ds    *dossier.Store
	wf    *workflow.Store
	ps    *payment.Store
	cat   *catalog.Store
	users map[string]*org.User
	now   time.Time
	rng   *rand.Rand
	kept  []string // the applicant's files attached before: filed again, a dossier reuses them
}

func newWalk(t *testing.T, d *db.DB) *walk {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	w := &walk{d: d, cat: cs, users: map[string]*org.User{},
		now: time.Date(2026, 3, 2, 8, 0, 0, 0, vntime.Location())}
	clock := func() time.Time { return w.now }
	cal := calendar.NewStore(d, nil)
	w.ds = dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		Links: dossier.Links{Track: "https://x/tra-cuu?ma={code}"}}).WithClock(clock)
	w.wf = workflow.NewStore(workflow.Config{DB: d, Dossiers: w.ds, Catalog: cs, Org: os, Calendar: cal}).WithClock(clock)
	m, err := vnpay.New(vnpay.Config{TmnCode: "MOTCUA01", HashSecret: secret, URL: "https://gw.example/pay"})
	if err != nil {
		t.Fatal(err)
	}
	w.ps = payment.NewStore(payment.Config{DB: d, Dossiers: w.ds, Catalog: cs, Org: os, Calendar: cal, Merchant: m,
		ReturnURL: "https://motcua.example/thanh-toan/ket-qua"}).WithClock(clock)
	w.ds.OnSubmit = w.wf.Submitted
	w.wf.Fees = w.ps
	for _, a := range demo.Accounts {
		u, err := os.User(ctx, a.Username)
		if err != nil {
			t.Fatal(err)
		}
		w.users[a.Username] = u
	}
	def := workflow.Default()
	def.Default, def.ProcedureCode, def.FeeAt = false, "1.004194", workflow.FeeAtReturn
	if _, err := w.wf.Publish(ctx, w.users["catalog"], def); err != nil {
		t.Fatal(err)
	}
	return w
}

// file submits (online, as congdan) or registers (at the counter or by post) a dossier.
func (w *walk) file(t *testing.T, proc, agency, reception string, ch dossier.Channel) string {
	t.Helper()
	ctx := context.Background()
	by := w.users["congdan"]
	if ch != dossier.ChannelOnline {
		by = w.users[reception]
	}
	p, err := w.cat.Current(ctx, proc)
	if err != nil {
		t.Fatal(err)
	}
	form, _ := demo.SampleForm(p, false)
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: agency, Form: form}
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			if ch == dossier.ChannelOnline && len(w.kept) > 0 && w.rng.IntN(3) == 0 {
				in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: w.kept[w.rng.IntN(len(w.kept))]})
				continue
			}
			f, err := w.ds.Upload(ctx, by, c.ID+".pdf", bytes.NewReader(pdf))
			if err != nil {
				t.Fatal(err)
			}
			in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: f.ID})
			if ch == dossier.ChannelOnline {
				w.kept = append(w.kept, f.ID)
			}
		}
	}
	var out *dossier.Submitted
	if ch == dossier.ChannelOnline {
		out, err = w.ds.Submit(ctx, by, in, "")
	} else {
		out, err = w.ds.Register(ctx, by, dossier.RegisterInput{SubmitInput: in, Channel: ch,
			Applicant: dossier.ApplicantInput{Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "+84912345678"}}, "")
	}
	if err != nil {
		t.Fatalf("file %s at %s by %s: %v", proc, agency, ch, err)
	}
	return out.Code
}

// pay pays a dossier's open invoice by VNPay: the applicant starts it, the gateway's IPN
// confirms it.
func (w *walk) pay(t *testing.T, code string) bool {
	t.Helper()
	ctx := context.Background()
	invs, err := w.ps.DossierInvoices(ctx, w.users["congdan"], code)
	if err != nil || len(invs) == 0 {
		return false // registered at the counter for someone else: nobody online pays it
	}
	inv := invs[len(invs)-1]
	st, err := w.ps.Pay(ctx, w.users["congdan"], payment.PayInput{Invoice: inv.ID, Method: payment.MethodVNPay}, "203.0.113.9", "vn")
	if err != nil {
		return false
	}
	q := url.Values{
		"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {st.ID}, "vnp_Amount": {strconv.FormatInt(st.AmountVND*100, 10)},
		"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"1442" + st.ID[len(st.ID)-4:]},
		"vnp_BankCode": {"NCB"}, "vnp_PayDate": {w.now.In(vntime.Location()).Format("20060102150405")}, "vnp_OrderInfo": {"Thanh toan"},
	}
	h, err := vnpay.SignQuery(secret, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Set("vnp_SecureHash", h)
	if r := w.ps.IPN(ctx, q); r.RspCode != "00" {
		t.Fatalf("IPN for %s = %+v", code, r)
	}
	return true
}

// row is a dossier as the test reads it back, for the naive counts.
type row struct {
	agency            int64
	channel           string
	status            string
	submitted         time.Time
	due, fin          *time.Time
	supplements       int
	digitised, reused bool   // recorded at filing
	invoices          string // its fee invoices: status and whether a payment paid it, e.g. "cancelled- paid+"
	scores            string // its evaluation's JSON, "" when none
}

func rows(t *testing.T, d *db.DB) []row {
	t.Helper()
	rs, err := d.Query(context.Background(), `SELECT agency_id, channel, status, submitted_at, due_at, finished_at, supplements,
		digitised, reused, code, COALESCE((SELECT scores FROM evaluations e WHERE e.dossier_id = dossiers.id), '') FROM dossiers`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	invs := map[string]string{}
	is, err := d.Query(context.Background(), `SELECT ref, status, payment_id IS NOT NULL FROM invoices WHERE kind = 'fee'`)
	if err != nil {
		t.Fatal(err)
	}
	for is.Next() {
		var ref, status string
		var paid bool
		if err := is.Scan(&ref, &status, &paid); err != nil {
			t.Fatal(err)
		}
		invs[ref] += map[bool]string{false: status + "- ", true: status + "+ "}[paid]
	}
	is.Close()
	var out []row
	for rs.Next() {
		var r row
		var due, fin sql.NullTime
		var digitised, reused int
		var code string
		if err := rs.Scan(&r.agency, &r.channel, &r.status, &r.submitted, &due, &fin, &r.supplements, &digitised, &reused, &code,
			&r.scores); err != nil {
			t.Fatal(err)
		}
		r.digitised, r.reused, r.invoices = digitised == 1, reused == 1, invs[code]
		if due.Valid {
			r.due = &due.Time
		}
		if fin.Valid {
			r.fin = &fin.Time
		}
		out = append(out, r)
	}
	return out
}

// naive counts each agency's figures over [from, to] (dates) straight from the rows, by the
// definitions of CONTRACT.md Reports, written here again without the package's code: the state
// at the end of day to, or now when to is today.
func naive(rs []row, from, to string, now time.Time) map[int64]stats.Totals {
	loc := vntime.Location()
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	today := day(now)
	out := map[int64]stats.Totals{}
	for _, r := range rs {
		t := out[r.agency]
		in := func(x *time.Time) bool { return x != nil && day(*x) >= from && day(*x) <= to }
		if in(&r.submitted) {
			t.Received++
			if r.digitised {
				t.Digitised++
			}
			if r.reused {
				t.Reused++
			}
			// A live fee invoice: unpaid, or paid (refunded later or not), by a payment.
			for _, inv := range strings.Fields(r.invoices) {
				if inv != "cancelled-" {
					t.Fees++
					if inv == "paid+" || inv == "refunded+" {
						t.PaidOnline++
					}
				}
			}
			switch r.channel {
			case "online":
				t.Online++
			case "counter":
				t.Counter++
			case "post":
				t.Post++
			}
		}
		if in(r.fin) {
			t.Finished++
			if r.status != "withdrawn" && r.status != "rejected" && r.status != "stopped" {
				t.Settled++
				if (r.due == nil || !r.fin.After(*r.due)) && r.supplements <= 1 {
					t.OnTime++
				} else {
					t.Late++
				}
				if r.scores != "" {
					t.Evaluated++
					if !strings.Contains(r.scores, ":0,") && !strings.Contains(r.scores, ":0}") {
						t.Satisfied++
					}
				}
			}
		}
		paused := r.status == "supplement_requested" || r.status == "awaiting_payment"
		if to >= today {
			if r.fin == nil {
				t.InProgress++
				if r.due != nil && r.due.Before(now) && !paused {
					t.Overdue++
				}
			}
		} else {
			openAtEnd := day(r.submitted) <= to && (r.fin == nil || day(*r.fin) > to)
			if openAtEnd {
				t.InProgress++
				if r.due != nil && day(*r.due) <= to && (r.fin != nil || !paused) {
					t.Overdue++
				}
			}
		}
		out[r.agency] = t
	}
	for a, t := range out {
		if t == (stats.Totals{}) {
			delete(out, a)
		}
	}
	return out
}

// TestRandomWalk drives the real workflow through a seeded random walk of actions over many
// dossiers and moments, then checks that the stored aggregates equal a recount from the
// dossiers exactly, that the read API's figures equal naive counts of the rows, and that
// rebuilding changes nothing.
func TestRandomWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWalk(t, d)
		rng := rand.New(rand.NewPCG(13, 2026))
		w.rng = rand.New(rand.NewPCG(7, 2026)) // which files are filed again
		var codes []string
		agencyOf := map[string]string{}
		done := map[string]int{}
		steps := 500
		if testing.Short() {
			steps = 80
		}
		// Paths walked on purpose first, at one moment: a fee taken at approval and paid, a
		// dossier settled on time after its one supplement, a fee paid at submission then an
		// extension, and a dossier withdrawn before its fee was paid.
		script := []struct {
			proc, agency, reception string
			moves                   [][2]string
		}{
			{"1.004194", "00070", "tiepnhan", [][2]string{{"tiepnhan", workflow.Receive}, {"chuyenvien", workflow.Forward}, {"lanhdao", workflow.Approve},
				{"congdan", "pay"}, {"tiepnhan", workflow.ReturnResult}}},
			{"1.001193", "00070", "tiepnhan", [][2]string{{"tiepnhan", workflow.Receive}, {"chuyenvien", workflow.RequestSupplement},
				{"congdan", workflow.Supplement}, {"chuyenvien", workflow.Forward}, {"lanhdao", workflow.Approve}}},
			{"3.000333", "CATP", "tiepnhan.catp", [][2]string{{"congdan", "pay"}, {"tiepnhan.catp", workflow.Receive},
				{"chuyenvien.catp", workflow.Extend}}},
			{"3.000333", "CATP", "tiepnhan.catp", [][2]string{{"congdan", workflow.Withdraw}}}, // its unpaid fee is cancelled
		}
		for _, sc := range script {
			code := w.file(t, sc.proc, sc.agency, sc.reception, dossier.ChannelOnline)
			codes = append(codes, code)
			agencyOf[code] = sc.agency
			for _, m := range sc.moves {
				if m[1] == "pay" {
					if !w.pay(t, code) {
						t.Fatalf("%s: could not pay", code)
					}
					continue
				}
				in := workflow.ActionInput{Action: m[1], Note: "Theo kịch bản", NewDue: w.now.AddDate(0, 1, 0).Format(time.DateOnly)}
				if _, err := w.wf.Act(ctx, w.users[m[0]], code, in); err != nil {
					t.Fatalf("%s %s: %v", code, m[1], err)
				}
				done[m[1]]++
			}
		}
		for i := 0; i < steps; i++ {
			// Time moves on: minutes, or up to a day and a half, so that some due dates pass.
			if rng.IntN(2) == 0 {
				w.now = w.now.Add(time.Duration(rng.IntN(90)) * time.Minute)
			} else {
				w.now = w.now.Add(time.Duration(rng.IntN(36*60)) * time.Minute)
			}
			if len(codes) == 0 || rng.IntN(4) == 0 {
				p := procs[rng.IntN(len(procs))]
				ch := []dossier.Channel{dossier.ChannelOnline, dossier.ChannelOnline, dossier.ChannelCounter, dossier.ChannelPost}[rng.IntN(4)]
				code := w.file(t, p.code, p.agency, p.reception, ch)
				codes = append(codes, code)
				agencyOf[code] = p.agency
				done["submit_"+string(ch)]++
				continue
			}
			code := codes[rng.IntN(len(codes))]
			type move struct{ who, action string }
			var moves []move
			for _, who := range roles[agencyOf[code]] {
				dd, err := w.wf.Get(ctx, w.users[who], code)
				if err != nil {
					continue // not theirs to see (a counter dossier of someone else)
				}
				if who == "congdan" && dd.Status == dossier.StatusPayment {
					moves = append(moves, move{who, "pay"})
				}
				if who == "congdan" && (dd.Status == dossier.StatusReturned || dd.Status == dossier.StatusRefused) {
					moves = append(moves, move{who, "evaluate"})
				}
				for _, a := range dd.AllowedActions {
					if a != workflow.Assign {
						moves = append(moves, move{who, a})
					}
				}
			}
			if len(moves) == 0 {
				continue
			}
			m := moves[rng.IntN(len(moves))]
			var onward []move // most dossiers go on to a result
			for _, c := range moves {
				switch c.action {
				case workflow.Receive, workflow.Forward, workflow.Approve, workflow.ReturnResult, workflow.RequestSupplement, workflow.Supplement, "pay":
					onward = append(onward, c)
				}
			}
			if len(onward) > 0 && rng.IntN(3) > 0 {
				m = onward[rng.IntN(len(onward))]
			}
			if m.action == "pay" {
				if w.pay(t, code) {
					done["pay"]++
				}
				continue
			}
			if m.action == "evaluate" {
				scores := map[string]int{}
				for _, ind := range workflow.Indicators {
					if ind.Citizen {
						scores[ind.Key] = 1 + rng.IntN(2)
						if rng.IntN(6) == 0 {
							scores[ind.Key] = 0
						}
					}
				}
				if _, err := w.wf.Evaluate(ctx, w.users["congdan"], code, workflow.EvaluationInput{Scores: scores}); err == nil {
					done["evaluate"]++
				}
				continue
			}
			in := workflow.ActionInput{Action: m.action, Note: "Bước " + strconv.Itoa(i)}
			if m.action == workflow.Extend {
				in.NewDue = w.now.AddDate(0, 0, 20+rng.IntN(10)).In(vntime.Location()).Format(time.DateOnly)
			}
			if _, err := w.wf.Act(ctx, w.users[m.who], code, in); err != nil {
				continue // refused now (an extension too late, a step's rule): the walk goes on
			}
			done[m.action]++
		}
		for _, a := range []string{"submit_online", "submit_counter", "submit_post", "pay", "evaluate", workflow.Receive, workflow.RejectReception,
			workflow.RequestSupplement, workflow.Supplement, workflow.Forward, workflow.Approve, workflow.Refuse, workflow.ReturnResult,
			workflow.Withdraw, workflow.Extend} {
			if done[a] == 0 {
				t.Errorf("the walk never took %s (%v)", a, done)
			}
		}
		t.Logf("%d dossiers, actions %v", len(codes), done)

		s := stats.NewStore(d)
		stored, err := s.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		recount, err := stats.Recount(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Days) == 0 || len(stored.Months) == 0 {
			t.Fatalf("no aggregates stored: %+v", stored)
		}
		if !reflect.DeepEqual(stored, recount) {
			diff(t, stored, recount)
		}

		// The walk reached the cases the rules tell apart.
		rs := rows(t, d)
		cases := map[string]int{}
		for _, r := range rs {
			settled := r.fin != nil && r.status != "withdrawn" && r.status != "rejected" && r.status != "stopped"
			switch {
			case settled && r.supplements == 1 && (r.due == nil || !r.fin.After(*r.due)):
				cases["settled on time after one supplement"]++
			}
			if settled && r.due != nil && r.fin.After(*r.due) {
				cases["settled after its due time"]++
			}
			if settled && r.due != nil && stats.Day(*r.fin) > stats.Day(*r.due) {
				cases["settled days late"]++
			}
			if r.fin == nil && r.due != nil && r.due.Before(w.now) && r.status != "supplement_requested" && r.status != "awaiting_payment" {
				cases["open and overdue"]++
			}
			if r.fin == nil && (r.status == "supplement_requested" || r.status == "awaiting_payment") {
				cases["paused"]++
			}
			if r.reused {
				cases["reusing a file"]++
			}
			if r.channel != "online" && r.digitised {
				cases["scanned at the counter"]++
			}
			if strings.Contains(r.invoices, "cancelled") {
				cases["with a cancelled fee"]++
			}
			if strings.Contains(r.invoices, "paid+") {
				cases["paid online"]++
			}
			if r.scores != "" && (strings.Contains(r.scores, ":0,") || strings.Contains(r.scores, ":0}")) {
				cases["evaluated not satisfied"]++
			} else if r.scores != "" {
				cases["evaluated satisfied"]++
			}
		}
		// Tạm trú takes its fee at approval: a payment event there followed a decision.
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
			WHERE d.procedure_code = '1.004194' AND e.action = 'payment'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		cases["paid after its decision"] = n
		for _, c := range []string{"settled on time after one supplement", "settled after its due time", "settled days late", "open and overdue",
			"paused", "paid after its decision", "reusing a file", "scanned at the counter", "with a cancelled fee", "paid online",
			"evaluated not satisfied", "evaluated satisfied"} {
			if cases[c] == 0 {
				t.Errorf("the walk left no dossier %s (%v)", c, cases)
			}
		}

		// The read API against naive counts of the rows, for a few periods: up to now, a past
		// day, a week in the middle, and the whole walk.
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, vntime.Location())
		for _, p := range []struct{ from, to time.Time }{
			{start, w.now}, {start.AddDate(0, 0, 3), start.AddDate(0, 0, 3)}, {start.AddDate(0, 0, 5), start.AddDate(0, 0, 11)},
			{w.now.AddDate(0, 0, -2), w.now}, {start.AddDate(0, 0, 9), start.AddDate(0, 0, 9)},
		} {
			got, err := s.Totals(ctx, stats.Query{From: p.from, To: p.to, Now: w.now})
			if err != nil {
				t.Fatal(err)
			}
			for a, v := range got {
				if v == (stats.Totals{}) {
					delete(got, a)
				}
			}
			want := naive(rs, stats.Day(p.from), stats.Day(p.to), w.now)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Totals %s…%s:\n got %+v\nwant %+v", stats.Day(p.from), stats.Day(p.to), got, want)
			}
		}
		// The city-wide daily series ends with the figures of the whole period.
		series, err := s.Series(ctx, stats.Query{From: start, To: w.now, Now: w.now}, stats.ByDay)
		if err != nil {
			t.Fatal(err)
		}
		var sum stats.Totals
		for _, v := range naive(rs, stats.Day(start), stats.Day(w.now), w.now) {
			sum.Received += v.Received
			sum.Settled += v.Settled
			sum.InProgress += v.InProgress
			sum.Overdue += v.Overdue
		}
		var received, settled int64
		for _, p := range series {
			received += p.Received
			settled += p.Settled
		}
		last := series[len(series)-1]
		if received != sum.Received || settled != sum.Settled || last.InProgress != sum.InProgress || last.Overdue != sum.Overdue ||
			last.Period != stats.Day(w.now) {
			t.Errorf("series: received %d settled %d, last %+v; want %+v", received, settled, last, sum)
		}
		for i, p := range series[:len(series)-1] {
			one := naive(rs, p.Period, p.Period, w.now)
			var want stats.Totals
			for _, v := range one {
				want.Received += v.Received
				want.InProgress += v.InProgress
				want.Overdue += v.Overdue
			}
			if p.Received != want.Received || p.InProgress != want.InProgress || p.Overdue != want.Overdue {
				t.Errorf("series day %d (%s) = %+v; want %+v", i, p.Period, p.Totals, want)
			}
		}

		// The monthly series: whole months from the walk's first (it began on 2 March), ending
		// with the state now.
		months, err := s.Series(ctx, stats.Query{From: start, To: w.now, Now: w.now}, stats.ByMonth)
		if err != nil {
			t.Fatal(err)
		}
		received = 0
		for _, p := range months {
			received += p.Received
		}
		if last := months[len(months)-1]; received != sum.Received || last.InProgress != sum.InProgress || last.Overdue != sum.Overdue ||
			months[0].Period != "2026-03" || last.Period != stats.Month(w.now) {
			t.Errorf("monthly series: received %d, %+v … %+v; want %+v", received, months[0], last, sum)
		}

		// A database whose tables are not built (one upgraded with dossiers) is rebuilt once.
		if _, err := d.Exec(ctx, `DELETE FROM stats_agency_day`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE stats_state SET built = 0`); err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			rebuilt, err := stats.EnsureBuilt(ctx, d)
			if err != nil || rebuilt != want {
				t.Fatalf("EnsureBuilt #%d = %v, %v; want %v", i+1, rebuilt, err, want)
			}
		}
		// Two replicas starting together on such a database: one rebuilds, the other finds the
		// tables built once it holds them.
		if _, err := d.Exec(ctx, `UPDATE stats_state SET built = 0`); err != nil {
			t.Fatal(err)
		}
		results := make(chan bool, 2)
		for range 2 {
			go func() {
				rebuilt, err := stats.EnsureBuilt(ctx, d)
				if err != nil {
					t.Error(err)
				}
				results <- rebuilt
			}()
		}
		if a, b := <-results, <-results; a == b {
			t.Errorf("two EnsureBuilt at once rebuilt %v and %v; want exactly one", a, b)
		}
		if again, err := s.Dump(ctx); err != nil || !reflect.DeepEqual(again, recount) {
			t.Errorf("after EnsureBuilt the tables differ from the recount (%v)", err)
		}

		// Rebuilding changes nothing, twice.
		for range 2 {
			if err := stats.Rebuild(ctx, d); err != nil {
				t.Fatal(err)
			}
			again, err := s.Dump(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, recount) {
				diff(t, again, recount)
			}
		}
	})
}

func diff(t *testing.T, got, want stats.Tables) {
	t.Helper()
	n := 0
	for k, v := range want.Days {
		if got.Days[k] != v && n < 10 {
			t.Errorf("day %v: stored %+v, recount %+v", k, got.Days[k], v)
			n++
		}
	}
	for k, v := range got.Days {
		if _, ok := want.Days[k]; !ok && n < 10 {
			t.Errorf("day %v: stored %+v, recount none", k, v)
			n++
		}
	}
	for k, v := range want.Months {
		if got.Months[k] != v && n < 10 {
			t.Errorf("month %v: stored %+v, recount %+v", k, got.Months[k], v)
			n++
		}
	}
	for k, v := range got.Months {
		if _, ok := want.Months[k]; !ok && n < 10 {
			t.Errorf("month %v: stored %+v, recount none", k, v)
			n++
		}
	}
	t.Errorf("stored aggregates differ from the recount (%d days, %d months stored; %d, %d recounted)",
		len(got.Days), len(got.Months), len(want.Days), len(want.Months))
}
