package indicators

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

// fixture is one small November 2026 for two wards under the city, built by hand so that every
// expected figure below can be counted from it.
type fixture struct {
	d                *db.DB
	s                *Store
	city, w1, w2     int64
	now              time.Time
	admin, o1, o2, c *org.User
	cityOfficer      *org.User
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, vnZone)
	if err != nil {
		panic(err)
	}
	return t
}

func exec(t *testing.T, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.Exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, now: at("2026-12-07 10:00")}
	f.s = NewStore(d, org.NewStore(d), func() time.Time { return f.now })
	ins := func(q string, args ...any) int64 {
		id, err := db.InsertID(ctx, d, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	ag := `INSERT INTO agencies (code, parent_id, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	f.city = ins(ag, "HN", nil, "city", "province", "Thành phố", f.now)
	f.w1 = ins(ag, "00001", f.city, "ward", "commune", "Phường Một", f.now)
	f.w2 = ins(ag, "00002", f.city, "ward", "commune", "Phường Hai", f.now)
	user := func(name string, role org.Role, agency int64, code string) *org.User {
		var a any
		if agency != 0 {
			a = agency
		}
		id := ins(`INSERT INTO users (username, password_hash, role, agency_id, created_at) VALUES (?, 'x', ?, ?, ?)`, name, string(role), a, f.now)
		return &org.User{ID: id, Username: name, Role: role, AgencyID: agency, AgencyCode: code, Active: true}
	}
	f.admin = user("admin", org.RoleSysAdmin, 0, "")
	f.o1 = user("o1", org.RoleLeader, f.w1, "00001")
	f.o2 = user("o2", org.RoleSpecialist, f.w2, "00002")
	f.cityOfficer = user("oc", org.RoleLeader, f.city, "HN")
	f.c = user("citizen", org.RoleCitizen, 0, "")

	dec := ins(`INSERT INTO decisions (number, signed_on, effective_on, created_at) VALUES ('1/QĐ-UBND', '2026-01-01', '2026-01-01', ?)`, f.now)
	proc := `INSERT INTO procedures (code, version, status, name, field, level, online_level, decision_id, doc, updated_at) VALUES (?, 1, ?, ?, 'f', ?, ?, ?, ?, ?)`
	exec(t, d, proc, "P1", "active", "P1", "commune", "full", dec, `{}`, f.now)
	exec(t, d, proc, "P2", "active", "P2", "commune", "partial", dec, `{"agency_codes":["00001"]}`, f.now)
	exec(t, d, proc, "P3", "active", "P3", "commune", "none", dec, `{}`, f.now)
	exec(t, d, proc, "P4", "active", "P4", "commune", "full", dec, `{"agency_codes":["00002"]}`, f.now)
	exec(t, d, proc, "P5", "active", "P5", "province", "full", dec, `{}`, f.now)
	exec(t, d, proc, "P6", "abolished", "P6", "commune", "full", dec, `{}`, f.now)
	return f
}

type dossierRow struct {
	code, proc, channel, status string
	agency                      int64
	submitted, finished, due    string // local "YYYY-MM-DD HH:MM"; "" is NULL
	supplements                 int
	digitised, reused           bool // recorded at filing (dossier.filedFacts)
}

var statusCode = map[string]int{"processing": 4, "refused": 8, "done": 9, "returned": 10}

func (f *fixture) dossier(t *testing.T, r dossierRow) int64 {
	t.Helper()
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return at(s)
	}
	id, err := db.InsertID(context.Background(), f.d, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name,
		channel, status, status_code, form, submitted_at, received_at, due_at, finished_at, supplements, updated_at, digitised, reused)
		VALUES (?, ?, 1, ?, 'Nguyễn Văn A', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)`, r.code, r.proc, r.agency, r.channel, r.status, statusCode[r.status],
		at(r.submitted), at(r.submitted), opt(r.due), opt(r.finished), r.supplements, f.now, bit(r.digitised), bit(r.reused))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func bit(v bool) int {
	if v {
		return 1
	}
	return 0
}

func (f *fixture) file(t *testing.T, id string) {
	exec(t, f.d, `INSERT INTO files (id, owner_id, sha256, size, content_type, name, created_at) VALUES (?, ?, ?, 1, 'application/pdf', 'a.pdf', ?)`,
		id, f.admin.ID, "sha-"+id, f.now)
}

func (f *fixture) attach(t *testing.T, dossier int64, file, kind string) {
	exec(t, f.d, `INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_at) VALUES (?, 'c', ?, ?, ?)`, dossier, file, kind, f.now)
}

func (f *fixture) result(t *testing.T, dossier, agency int64, serial string, revoked bool) {
	f.file(t, "r"+serial)
	var rev any
	if revoked {
		rev = f.now
	}
	exec(t, f.d, `INSERT INTO issued_documents (serial, sha256, kind, dossier_id, agency_id, file_id, issued_at, revoked_at) VALUES (?, ?, 'result', ?, ?, ?, ?, ?)`,
		serial, "doc-"+serial, dossier, agency, "r"+serial, f.now, rev)
}

func (f *fixture) evaluate(t *testing.T, dossier int64, scores string) {
	exec(t, f.d, `INSERT INTO evaluations (dossier_id, scores, created_at) VALUES (?, ?, ?)`, dossier, scores, f.now)
}

func (f *fixture) invoice(t *testing.T, id, ref string, agency int64, status string, paymentID any, created string) {
	exec(t, f.d, `INSERT INTO invoices (id, kind, ref, agency_id, payee, amount_vnd, status, payment_id, created_at) VALUES (?, 'fee', ?, ?, 'x', 50000, ?, ?, ?)`,
		id, ref, agency, status, paymentID, at(created))
}

// november builds the month:
//
//	D0 counter P1, from October, ended 1 Nov 00:30 (local; 31 Oct in UTC), on time, 1 supplement, file F
//	D1 online  P1, ended 9 Nov, due 10 Nov: on time; signed result; evaluation all 2
//	D2 counter P1, ended 6 Nov, due 5 Nov: late; scanned papers; revoked result; evaluation with a 0
//	D3 counter P2, ended 12 Nov before its due date but after 2 supplement requests: late; signed result
//	D4 online  P1, in progress; reuses file F
//	D5 counter P3, refused 7 Nov, due 20 Nov: on time
//	D8 counter P1, submitted 1 Dec 00:10 local (30 Nov in UTC): not November
//	D7 online  P4 at the other ward, on time, signed result
func (f *fixture) november(t *testing.T) {
	f.file(t, "F")
	f.file(t, "S2")
	d0 := f.dossier(t, dossierRow{code: "D0", proc: "P1", channel: "counter", status: "returned", agency: f.w1, submitted: "2026-10-22 00:30", finished: "2026-11-01 00:30", due: "2026-11-02 17:00", supplements: 1, digitised: true})
	f.attach(t, d0, "F", "submission")
	d1 := f.dossier(t, dossierRow{code: "D1", proc: "P1", channel: "online", status: "returned", agency: f.w1, submitted: "2026-11-02 08:00", finished: "2026-11-09 08:00", due: "2026-11-10 17:00", digitised: true})
	f.result(t, d1, f.w1, "K1", false)
	f.evaluate(t, d1, `{"a":2,"b":2}`)
	d2 := f.dossier(t, dossierRow{code: "D2", proc: "P1", channel: "counter", status: "returned", agency: f.w1, submitted: "2026-11-03 08:00", finished: "2026-11-06 08:00", due: "2026-11-05 17:00", digitised: true})
	f.attach(t, d2, "S2", "submission")
	f.result(t, d2, f.w1, "K2", true)
	f.evaluate(t, d2, `{"a":2,"b":0}`)
	d3 := f.dossier(t, dossierRow{code: "D3", proc: "P2", channel: "counter", status: "done", agency: f.w1, submitted: "2026-11-04 08:00", finished: "2026-11-12 08:00", due: "2026-11-20 17:00", supplements: 2})
	f.result(t, d3, f.w1, "K3", false)
	d4 := f.dossier(t, dossierRow{code: "D4", proc: "P1", channel: "online", status: "processing", agency: f.w1, submitted: "2026-11-05 08:00", due: "2026-11-30 17:00", digitised: true, reused: true})
	f.attach(t, d4, "F", "submission")
	f.dossier(t, dossierRow{code: "D5", proc: "P3", channel: "counter", status: "refused", agency: f.w1, submitted: "2026-11-06 08:00", finished: "2026-11-07 08:00", due: "2026-11-20 17:00"})
	f.dossier(t, dossierRow{code: "D8", proc: "P1", channel: "counter", status: "processing", agency: f.w1, submitted: "2026-12-01 00:10"})
	d7 := f.dossier(t, dossierRow{code: "D7", proc: "P4", channel: "online", status: "returned", agency: f.w2, submitted: "2026-11-10 08:00", finished: "2026-11-11 08:00", due: "2026-11-12 17:00", digitised: true})
	f.result(t, d7, f.w2, "K7", false)
	f.invoice(t, "I1", "D1", f.w1, "paid", "PAY1", "2026-11-02 09:00")
	f.invoice(t, "I2", "D2", f.w1, "unpaid", nil, "2026-11-03 09:00")
	f.invoice(t, "I3", "D3", f.w1, "cancelled", nil, "2026-11-04 09:00")
	f.invoice(t, "I7", "D7", f.w2, "paid", "PAY7", "2026-11-10 09:00")
	f.invoice(t, "I9", "D8", f.w1, "paid", "PAY9", "2026-12-01 00:10")
}

type want struct {
	num, den     int
	value, score float64
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestScorecardHandComputed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.november(t)
		sc, err := f.s.Scorecard(context.Background(), f.o1, "", "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		digit := 22.0 / 3
		wants := map[string]want{
			// Settled in November: D0, D1, D2, D3, D5; on time D0, D1, D5 (D2 late, D3 two supplements).
			"2.1": {3, 5, 3.0 / 5, 3.0 / 5 * 20},
			// (10 + 7 + 3 + 8 + 1) days ÷ 5.
			"2.2": {5, 5, 29.0 / 5, 0},
			// Ward 1's procedures: P1, P2, P3 (P4 is ward 2's, P5 the province's, P6 abolished); online P1, P2.
			"3.1": {2, 3, 2.0 / 3, 2.0 / 3 * 5.5 / 0.8},
			// Online procedures P1, P2; an online dossier only on P1 (D1, D4).
			"3.2": {1, 2, 0.5, 0.5 * 5.5},
			// Received in November: D1, D2, D3, D4, D5; online D1, D4; below 50%.
			"3.3": {2, 5, 0.4, 0.4 * 5.5 / 0.5},
			// Fees raised: I1 (paid online), I2 (unpaid); I3 cancelled, I9 in December.
			"3.6": {1, 2, 0.5, 0.5 * 5.5},
			// Settled with a result: D0, D1, D2, D3; signed and not revoked: D1, D3.
			"4.1": {2, 4, 0.5, 0.5 * digit},
			// Digitised: D1, D4 online, D2 scanned; D3, D5 not.
			"4.2": {3, 5, 0.6, 0.6 * digit / 0.8},
			// Reused: D4 (file F also in D0).
			"4.3": {1, 5, 0.2, 0.2 * digit / 0.8},
			// Late 2/5, dissatisfied 1 of 2 evaluated: 1 − 0.4 − 0.5 = 0.1; against: D2, D3.
			"5.4": {2, 5, 0.1, 0.1 * 6 / 0.9},
		}
		total := 0.0
		for _, in := range sc.Indicators {
			w, ok := wants[in.Code]
			if !ok {
				if in.Computed || in.Score != nil || in.Reason == "" {
					t.Errorf("%s: computed %v score %v reason %q; want not computed, with a reason", in.Code, in.Computed, in.Score, in.Reason)
				}
				continue
			}
			delete(wants, in.Code)
			if in.Score == nil || in.Value == nil {
				t.Errorf("%s: score %v value %v; want both", in.Code, in.Score, in.Value)
				continue
			}
			if in.Numerator != w.num || in.Denominator != w.den || !near(*in.Value, w.value) || !near(*in.Score, math.Round(w.score*100)/100) {
				t.Errorf("%s = %d/%d value %.4f score %.2f; want %d/%d value %.4f score %.2f", in.Code, in.Numerator, in.Denominator,
					*in.Value, *in.Score, w.num, w.den, w.value, w.score)
			}
			total += math.Round(w.score*100) / 100
		}
		if len(wants) > 0 {
			t.Errorf("indicators missing: %v", wants)
		}
		if !near(sc.TotalScore, total) || !near(sc.MaxTotal, 70) {
			t.Errorf("total %.2f of %.2f; want %.2f of 70", sc.TotalScore, sc.MaxTotal, total)
		}
	})
}

func TestRankingAndItems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.november(t)
		r, err := f.s.Ranking(ctx, f.admin, "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		// Ward 2: 2.1 20, 3.1 (P1, P4 of P1, P3, P4) 2/3·5.5/0.8 = 4.58, 3.2 1/2·5.5 = 2.75, 3.3 5.5,
		// 4.1 7.33, 4.2 7.33, 4.3 0, 5.4 6, 3.6 (I7 paid online) 5.5 → 58.99. Ward 1: 38.15 (above).
		// The city: P5 online 5.5, nothing else.
		var got []string
		for _, it := range r.Items {
			got = append(got, fmt.Sprintf("%d %s %.2f", it.Rank, it.Agency, it.TotalScore))
		}
		wantR := []string{"1 00002 58.99", "2 00001 38.15", "3 HN 5.50"}
		if !slices.Equal(got, wantR) {
			t.Errorf("ranking = %v; want %v", got, wantR)
		}
		r1, err := f.s.Ranking(ctx, f.o1, "2026-11")
		if err != nil || len(r1.Items) != 1 || r1.Items[0].Agency != "00001" {
			t.Errorf("ward 1's officer's ranking = %+v, %v; want ward 1 alone", r1, err)
		}

		p, err := f.s.Items(ctx, f.o1, "", "2026-11", "2.1", "numerator", 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.Items, []string{"D0", "D1"}) || p.Total != 3 {
			t.Errorf("2.1 numerator page 1 = %v of %d; want [D0 D1] of 3", p.Items, p.Total)
		}
		p, _ = f.s.Items(ctx, f.o1, "", "2026-11", "2.1", "numerator", 2, 2)
		if !slices.Equal(p.Items, []string{"D5"}) {
			t.Errorf("2.1 numerator page 2 = %v; want [D5]", p.Items)
		}
		for code, wantNum := range map[string][]string{"3.3": {"D1", "D4"}, "4.1": {"D1", "D3"}, "5.4": {"D2", "D3"}, "3.1": {"P1", "P2"}, "3.6": {"D1"}, "4.3": {"D4"}} {
			p, err := f.s.Items(ctx, f.o1, "00001", "2026-11", code, "numerator", 1, 50)
			if err != nil || !slices.Equal(p.Items, wantNum) {
				t.Errorf("Items(%s) = %v, %v; want %v", code, p, err, wantNum)
			}
		}
		p, _ = f.s.Items(ctx, f.o1, "00001", "2026-11", "3.3", "denominator", 1, 50)
		if !slices.Equal(p.Items, []string{"D1", "D2", "D3", "D4", "D5"}) {
			t.Errorf("3.3 denominator = %v; want D1..D5", p.Items)
		}
		if _, err := f.s.Items(ctx, f.o1, "00001", "2026-11", "1.4", "numerator", 1, 50); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Items(1.4) err = %v; want not found (not computed)", err)
		}
	})
}

func TestAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		cases := []struct {
			who          *org.User
			agency, mon  string
			kind         apperr.Kind
			field, label string
		}{
			{nil, "00001", "2026-11", apperr.KindUnauthenticated, "", "anonymous"},
			{f.c, "00001", "2026-11", apperr.KindForbidden, "", "citizen"},
			{f.o2, "00001", "2026-11", apperr.KindForbidden, "", "other ward's officer"},
			{f.o1, "HN", "2026-11", apperr.KindForbidden, "", "ward officer, the city above"},
			{f.o1, "99999", "2026-11", apperr.KindNotFound, "agency", "unknown agency"},
			{f.o1, "00001", "2026-13", apperr.KindUnprocessable, "month", "bad month"},
			{f.o1, "00001", "2027-01", apperr.KindUnprocessable, "month", "future month"},
			{f.admin, "", "2026-11", apperr.KindUnprocessable, "agency", "admin without agency"},
		}
		for _, c := range cases {
			_, err := f.s.Scorecard(ctx, c.who, c.agency, c.mon)
			if apperr.KindOf(err) != c.kind {
				t.Errorf("%s: err = %v; want kind %v", c.label, err, c.kind)
				continue
			}
			if c.field != "" {
				e, _ := apperr.As(err)
				if len(e.Fields) != 1 || e.Fields[0].Path != c.field {
					t.Errorf("%s: fields %+v; want %s", c.label, e.Fields, c.field)
				}
			}
		}
		for _, u := range []*org.User{f.o1, f.cityOfficer, f.admin} {
			if _, err := f.s.Scorecard(ctx, u, "00001", "2026-11"); err != nil {
				t.Errorf("%s: %v; want ward 1's scorecard", u.Username, err)
			}
		}
	})
}

func TestJobFreezesClosedMonths(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.november(t)
		count := func(month, code string) (num, den int) {
			t.Helper()
			if err := d.QueryRow(ctx, `SELECT numerator, denominator FROM indicator_scores WHERE agency_id = ? AND month = ? AND code = ?`,
				f.w1, month, code).Scan(&num, &den); err != nil && !errors.Is(err, db.ErrNotFound) {
				t.Fatal(err)
			}
			return
		}
		late := 0
		addLate := func() {
			late++
			f.dossier(t, dossierRow{code: fmt.Sprintf("L%d", late), proc: "P1", channel: "counter", status: "returned", agency: f.w1,
				submitted: "2026-11-20 08:00", finished: "2026-11-28 08:00", due: "2026-11-25 17:00"})
		}
		f.now = at("2026-12-02 10:00") // within the grace period
		if err := f.s.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if n, dd := count("2026-11", "2.1"); n != 3 || dd != 5 {
			t.Fatalf("after the job, 2.1 = %d/%d; want 3/5", n, dd)
		}
		var rows int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM indicator_scores WHERE month = '2026-12'`).Scan(&rows)
		if rows != 3*10 { // three agencies, ten computed indicators
			t.Errorf("December rows = %d; want 30", rows)
		}
		addLate()
		f.now = at("2026-12-07 10:00") // after the grace period: computed once more, then frozen
		if err := f.s.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if n, dd := count("2026-11", "2.1"); n != 3 || dd != 6 {
			t.Errorf("2.1 after the late one = %d/%d; want 3/6", n, dd)
		}
		addLate()
		if err := f.s.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if n, dd := count("2026-11", "2.1"); n != 3 || dd != 6 {
			t.Errorf("2.1 of the frozen month = %d/%d; want still 3/6", n, dd)
		}
	})
}
