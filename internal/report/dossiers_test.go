package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/tabular"
)

// at is a local time in 2026: day is "MM-DD", hm "HH:MM:SS".
func at(day string, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-"+day+" "+hm, vn)
	if err != nil {
		panic(err)
	}
	return t
}

type dossierRow struct {
	n           int
	agency      string
	channel     string
	status      dossier.Status
	submitted   time.Time
	due         *time.Time
	finished    *time.Time
	supplements int
}

func tp(t time.Time) *time.Time { return &t }

// seedDossiers stores the dossiers the figures below are computed from. The period asked is
// 2026-04-01 to 2026-04-10 (local), so the state figures are at 2026-04-11 00:00.
func seedDossiers(t *testing.T, f *fixture) {
	t.Helper()
	rows := []dossierRow{
		// 00070
		{1, "00070", "online", dossier.StatusDone, at("04-01", "00:00:00"), tp(at("04-06", "17:00:00")), tp(at("04-05", "10:00:00")), 0},      // received (first instant), settled on time
		{2, "00070", "counter", dossier.StatusReturned, at("03-31", "23:59:59"), tp(at("04-01", "17:00:00")), tp(at("04-02", "09:00:00")), 0}, // not received in the period; settled late
		{3, "00070", "online", dossier.StatusDone, at("04-03", "08:00:00"), tp(at("04-10", "17:00:00")), tp(at("04-04", "09:00:00")), 2},      // received; settled by the due date but late: two supplements
		{4, "00070", "post", dossier.StatusProcessing, at("04-10", "23:59:00"), tp(at("04-20", "17:00:00")), nil, 0},                          // received (last minute); in progress, not overdue
		{5, "00070", "online", dossier.StatusProcessing, at("04-11", "00:00:00"), tp(at("04-14", "17:00:00")), nil, 0},                        // after the period; overdue now
		// SOTP
		{6, "SOTP", "counter", dossier.StatusProcessing, at("03-20", "09:00:00"), tp(at("04-08", "17:00:00")), nil, 0},                   // in progress and overdue
		{7, "SOTP", "online", dossier.StatusSupplement, at("03-25", "09:00:00"), tp(at("04-05", "17:00:00")), nil, 1},                    // in progress, past due but paused
		{8, "SOTP", "online", dossier.StatusRefused, at("04-02", "09:00:00"), nil, tp(at("04-10", "23:59:59")), 0},                       // received; refused = settled, no due date = on time
		{9, "SOTP", "counter", dossier.StatusDone, at("04-02", "10:00:00"), tp(at("04-09", "17:00:00")), tp(at("04-12", "09:00:00")), 0}, // received; in progress at the end, overdue; settled late after it
		{10, "SOTP", "counter", dossier.StatusWithdrawn, at("04-05", "09:00:00"), nil, tp(at("04-06", "09:00:00")), 0},                   // received only: withdrawn is not settled
		// 00073
		{11, "00073", "online", dossier.StatusPayment, at("04-06", "09:00:00"), tp(at("04-08", "17:00:00")), tp(at("04-07", "09:00:00")), 0}, // received; decided (awaiting payment) = settled on time
		{12, "00073", "online", dossier.StatusDone, at("02-01", "09:00:00"), nil, tp(at("03-15", "09:00:00")), 0},                            // outside the period entirely
		{13, "00073", "online", dossier.StatusPayment, at("04-09", "09:00:00"), tp(at("04-10", "17:00:00")), nil, 0},                         // received; in progress, paused: not overdue
	}
	// Recorded at filing: the online dossiers and 9 (scanned at the counter) are digitised; 3
	// and 8 reuse a document on file.
	digitised := map[int]bool{1: true, 3: true, 5: true, 7: true, 8: true, 9: true, 11: true, 12: true, 13: true}
	reused := map[int]bool{3: true, 8: true}
	ctx := context.Background()
	for _, r := range rows {
		_, err := f.d.Exec(ctx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name, channel,
			status, status_code, form, submitted_at, due_at, finished_at, supplements, updated_at, digitised, reused)
			VALUES (?, ?, 1, ?, 'Nguyễn Văn A', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("D-%02d", r.n), "1.00000"+fmt.Sprint(1+r.n%2), f.ids[r.agency], r.channel, string(r.status), r.status.Code(),
			r.submitted, r.due, r.finished, r.supplements, r.submitted, bit(digitised[r.n]), bit(reused[r.n]))
		if err != nil {
			t.Fatalf("dossier %d: %v", r.n, err)
		}
	}
	// Fees: 1 paid online, 3 and 11 unpaid, 9 paid without an online payment (at the counter),
	// 10's cancelled.
	for _, inv := range []struct {
		n       int
		agency  string
		status  string
		payment any
	}{{1, "00070", "paid", "PAY1"}, {3, "00070", "unpaid", nil}, {9, "SOTP", "paid", nil}, {10, "SOTP", "cancelled", nil}, {11, "00073", "unpaid", nil}} {
		if _, err := f.d.Exec(ctx, `INSERT INTO invoices (id, kind, ref, agency_id, payee, amount_vnd, status, payment_id, created_at)
			VALUES (?, 'fee', ?, ?, ?, 50000, ?, ?, ?)`, fmt.Sprintf("I-%02d", inv.n), fmt.Sprintf("D-%02d", inv.n), f.ids[inv.agency],
			inv.agency, inv.status, inv.payment, f.now); err != nil {
			t.Fatalf("invoice %d: %v", inv.n, err)
		}
	}
	// Evaluations: 3 and 9 have a criterion scored 0 (not satisfied); 1, 2 and 8 do not.
	for n, scores := range map[int]string{1: `{"a":2,"b":2}`, 2: `{"a":2}`, 3: `{"a":2,"b":0}`, 8: `{"a":1}`, 9: `{"a":0}`} {
		if _, err := f.d.Exec(ctx, `INSERT INTO evaluations (dossier_id, scores, created_at) SELECT id, ?, ? FROM dossiers WHERE code = ?`,
			scores, f.now, fmt.Sprintf("D-%02d", n)); err != nil {
			t.Fatalf("evaluation %d: %v", n, err)
		}
	}
}

func bit(v bool) int {
	if v {
		return 1
	}
	return 0
}

func TestDossierFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		seedCatalog(t, f)
		seedDossiers(t, f)
		ctx := context.Background()
		// 00070: received 1, 3, 4 (1, 3 online and digitised; 3 reused; fees 1 paid online and 3
		// unpaid); settled 1 (on time), 2, 3 (late), all evaluated, 3 not satisfied; in progress 4.
		a70 := report.Figures{Received: 3, Settled: 3, SettledOnTime: 1, SettledLate: 2, InProgress: 1, Overdue: 0, OnlineRatio: 2.0 / 3, OnTimeRatio: 1.0 / 3,
			Online: 2, Digitised: 2, DigitisedRatio: 2.0 / 3, Reused: 1, ReuseRatio: 1.0 / 3, Fees: 2, PaidOnline: 1, OnlinePaymentRatio: 0.5,
			Evaluated: 3, Satisfied: 2, SatisfactionRatio: 2.0 / 3}
		// 00073: received 11, 13 (both online; 11's fee unpaid); settled 11 on time; in progress 13 (paused).
		a73 := report.Figures{Received: 2, Settled: 1, SettledOnTime: 1, InProgress: 1, OnlineRatio: 1, OnTimeRatio: 1,
			Online: 2, Digitised: 2, DigitisedRatio: 1, Fees: 1}
		// SOTP: received 8, 9, 10 (8 online and reused, 9 scanned; 9's fee paid at the counter, 10's
		// cancelled); settled 8 on time, evaluated and satisfied; in progress 6, 7, 9; overdue 6, 9.
		sotp := report.Figures{Received: 3, Settled: 1, SettledOnTime: 1, InProgress: 3, Overdue: 2, OnlineRatio: 1.0 / 3, OnTimeRatio: 1,
			Online: 1, Digitised: 2, DigitisedRatio: 2.0 / 3, Reused: 1, ReuseRatio: 1.0 / 3, Fees: 1, Evaluated: 1, Satisfied: 1, SatisfactionRatio: 1}
		total := report.Figures{Received: 8, Settled: 5, SettledOnTime: 3, SettledLate: 2, InProgress: 5, Overdue: 2, OnlineRatio: 5.0 / 8, OnTimeRatio: 3.0 / 5,
			Online: 5, Digitised: 6, DigitisedRatio: 0.75, Reused: 2, ReuseRatio: 0.25, Fees: 4, PaidOnline: 1, OnlinePaymentRatio: 0.25,
			Evaluated: 4, Satisfied: 3, SatisfactionRatio: 0.75}
		got, err := f.svc.Dossiers(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-10"})
		if err != nil {
			t.Fatal(err)
		}
		want := &report.DossierReport{From: "2026-04-01", To: "2026-04-10", Group: "agency", Figures: total, Rows: []report.Row{
			{Code: "00070", Name: "Phường Hoàn Kiếm", Figures: a70},
			{Code: "00073", Name: "Phường Cửa Nam", Figures: a73},
			{Code: "SOTP", Name: "Sở Tư pháp", Figures: sotp},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Dossiers(April 1–10) (-want +got):\n%s", diff)
		}

		got, err = f.svc.Dossiers(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-10", Agency: "SOTP"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sotp, got.Figures); diff != "" || len(got.Rows) != 1 || got.Agency != "SOTP" {
			t.Errorf("Dossiers(SOTP) (-want +got):\n%s; rows %+v", diff, got.Rows)
		}

		// The incremental aggregates (built here from the rows inserted above) give the same
		// agency figures as the direct count, for the period and for an agency, and now.
		if err := stats.Rebuild(ctx, d); err != nil {
			t.Fatal(err)
		}
		agg := report.New(report.Deps{DB: d, Catalog: f.catalog, Org: f.org, Stats: stats.NewStore(d), Now: func() time.Time { return f.now }})
		for _, q := range []report.DossierQuery{{From: "2026-04-01", To: "2026-04-10"}, {From: "2026-04-01", To: "2026-04-10", Agency: "SOTP"},
			{From: "2026-03-01", To: "2026-04-15"}, {From: "2026-04-11", To: "2026-04-30", Agency: "00070"}} {
			direct, err := f.svc.Dossiers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			fromStats, err := agg.Dossiers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(direct, fromStats); diff != "" {
				t.Errorf("Dossiers(%+v) from the aggregates (-direct +stats):\n%s", q, diff)
			}
		}

		// By channel: online 1, 3, 8, 11, 13 received; 1, 8, 11 on time and 3 late; 7, 13 in
		// progress. Counter 9, 10 received; 2 late; 6, 9 in progress and overdue. Post: 4.
		officer := &org.User{ID: 1, Username: "lanhdao", Role: org.RoleLeader}
		got, err = f.svc.Dossiers(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-10", Group: "channel", Lang: i18n.EN, Viewer: officer})
		if err != nil {
			t.Fatal(err)
		}
		wantCh := []report.Row{
			{Code: "counter", Name: "At the counter", Figures: report.Figures{Received: 2, Settled: 1, SettledLate: 1, InProgress: 2, Overdue: 2,
				Digitised: 1, DigitisedRatio: 0.5, Fees: 1, Evaluated: 1, Satisfied: 1, SatisfactionRatio: 1}},
			{Code: "online", Name: "Online", Figures: report.Figures{Received: 5, Settled: 4, SettledOnTime: 3, SettledLate: 1, InProgress: 2, OnlineRatio: 1, OnTimeRatio: 3.0 / 4,
				Online: 5, Digitised: 5, DigitisedRatio: 1, Reused: 2, ReuseRatio: 0.4, Fees: 3, PaidOnline: 1, OnlinePaymentRatio: 1.0 / 3,
				Evaluated: 3, Satisfied: 2, SatisfactionRatio: 2.0 / 3}},
			{Code: "post", Name: "By post", Figures: report.Figures{Received: 1, InProgress: 1}},
		}
		if diff := cmp.Diff(wantCh, got.Rows); diff != "" || got.Figures != total {
			t.Errorf("Dossiers(by channel) (-want +got):\n%s; total %+v", diff, got.Figures)
		}

		// By procedure: odd dossiers are 1.000002's, even ones 1.000001's.
		got, err = f.svc.Dossiers(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-10", Group: "procedure", Viewer: officer})
		if err != nil {
			t.Fatal(err)
		}
		// 1.000001 (2, 4, 6, 8, 10): received 4, 8, 10 (8 online); settled 2 late, 8 on time;
		// in progress 4, 6; overdue 6. 1.000002 (1, 3, 7, 9, 11, 13): received 1, 3, 9, 11, 13
		// (4 online); settled 1, 11 on time, 3 late; in progress 7, 9, 13; overdue 9.
		wantProc := []report.Row{
			{Code: "1.000001", Name: "Thủ tục 1.000001", Figures: report.Figures{Received: 3, Settled: 2, SettledOnTime: 1, SettledLate: 1, InProgress: 2, Overdue: 1, OnlineRatio: 1.0 / 3, OnTimeRatio: 0.5,
				Online: 1, Digitised: 1, DigitisedRatio: 1.0 / 3, Reused: 1, ReuseRatio: 1.0 / 3, Evaluated: 2, Satisfied: 2, SatisfactionRatio: 1}},
			{Code: "1.000002", Name: "Thủ tục 1.000002", Figures: report.Figures{Received: 5, Settled: 3, SettledOnTime: 2, SettledLate: 1, InProgress: 3, Overdue: 1, OnlineRatio: 4.0 / 5, OnTimeRatio: 2.0 / 3,
				Online: 4, Digitised: 5, DigitisedRatio: 1, Reused: 1, ReuseRatio: 0.2, Fees: 4, PaidOnline: 1, OnlinePaymentRatio: 0.25,
				Evaluated: 2, Satisfied: 1, SatisfactionRatio: 0.5}},
		}
		if diff := cmp.Diff(wantProc, got.Rows); diff != "" || got.Figures != total {
			t.Errorf("Dossiers(by procedure) (-want +got):\n%s; total %+v", diff, got.Figures)
		}

		// The rows by procedure and channel, counted from the dossiers, are for staff only.
		citizen := &org.User{ID: 2, Username: "congdan", Role: org.RoleCitizen}
		for _, g := range []string{"procedure", "channel"} {
			if _, err := f.svc.Dossiers(ctx, report.DossierQuery{Group: g}); !errors.Is(err, org.ErrUnauthenticated) {
				t.Errorf("Dossiers(group=%s, anonymous) error = %v; want unauthenticated", g, err)
			}
			if _, err := f.svc.Dossiers(ctx, report.DossierQuery{Group: g, Viewer: citizen}); apperr.KindOf(err) != apperr.KindForbidden {
				t.Errorf("Dossiers(group=%s, citizen) error = %v; want forbidden", g, err)
			}
		}

		// The default period is this month up to today (2026-04-15 10:00), the state now: 5 is
		// received and overdue; 9 was settled (late) on 04-12, evaluated not satisfied; in
		// progress 4, 5, 6, 7, 13. Digitised 1, 3, 5, 8, 9, 11, 13.
		got, err = f.svc.Dossiers(ctx, report.DossierQuery{})
		if err != nil {
			t.Fatal(err)
		}
		wantNow := report.Figures{Received: 9, Settled: 6, SettledOnTime: 3, SettledLate: 3, InProgress: 5, Overdue: 2, OnlineRatio: 6.0 / 9, OnTimeRatio: 3.0 / 6,
			Online: 6, Digitised: 7, DigitisedRatio: 7.0 / 9, Reused: 2, ReuseRatio: 2.0 / 9, Fees: 4, PaidOnline: 1, OnlinePaymentRatio: 0.25,
			Evaluated: 5, Satisfied: 3, SatisfactionRatio: 0.6}
		if diff := cmp.Diff(wantNow, got.Figures); diff != "" || got.From != "2026-04-01" || got.To != "2026-04-15" {
			t.Errorf("Dossiers(default) %s–%s (-want +got):\n%s", got.From, got.To, diff)
		}
		// A period reaching past today reports the state now too.
		got, err = f.svc.Dossiers(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-30"})
		if err != nil || got.Figures != wantNow {
			t.Errorf("Dossiers(April) = %+v, %v; want %+v", got, err, wantNow)
		}
		// A period with nothing in it has zero ratios, not NaN.
		got, err = f.svc.Dossiers(ctx, report.DossierQuery{From: "2025-01-01", To: "2025-01-31"})
		if err != nil || got.Figures != (report.Figures{}) || len(got.Rows) != 0 {
			t.Errorf("Dossiers(January 2025) = %+v, %v; want zeros and no rows", got, err)
		}

		tr, err := f.svc.Transparency(ctx, report.DossierQuery{From: "2026-04-01", To: "2026-04-10", Agency: "SOTP"})
		if err != nil {
			t.Fatal(err)
		}
		wantTr := &report.Transparency{From: "2026-04-01", To: "2026-04-10", Rows: []report.TransparencyRow{
			{AgencyCode: "00070", AgencyName: "Phường Hoàn Kiếm", Received: 3, Settled: 3, SettledOnTime: 1, OnTimeRatio: 1.0 / 3},
			{AgencyCode: "00073", AgencyName: "Phường Cửa Nam", Received: 2, Settled: 1, SettledOnTime: 1, OnTimeRatio: 1},
			{AgencyCode: "SOTP", AgencyName: "Sở Tư pháp", Received: 3, Settled: 1, SettledOnTime: 1, OnTimeRatio: 1},
		}, Total: report.TransparencyRow{Received: 8, Settled: 5, SettledOnTime: 3, OnTimeRatio: 3.0 / 5}}
		if diff := cmp.Diff(wantTr, tr); diff != "" {
			t.Errorf("Transparency (-want +got):\n%s", diff)
		}
	})
}

func TestDossierQueryErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		tests := []struct {
			q     report.DossierQuery
			field string
		}{
			{report.DossierQuery{From: "2026-4-1", To: "2026-04-10"}, "from"},
			{report.DossierQuery{From: "2026-04-01", To: "10/04/2026"}, "to"},
			{report.DossierQuery{From: "2026-02-30"}, "from"},
			{report.DossierQuery{To: "1999-12-31"}, "to"},
			{report.DossierQuery{From: "2026-04-10", To: "2026-04-09"}, "to"},
			{report.DossierQuery{From: "2020-01-01", To: "2025-01-05"}, "to"}, // five years and four days
			{report.DossierQuery{Group: "day"}, "group"},
		}
		for _, tt := range tests {
			_, err := f.svc.Dossiers(ctx, tt.q)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) != 1 || e.Fields[0].Path != tt.field {
				t.Errorf("Dossiers(%+v) error = %v; want 422 naming %s", tt.q, err, tt.field)
			}
		}
		// Five years to the day (1,826 days from 2020-01-01, a leap year) is allowed.
		if _, err := f.svc.Dossiers(ctx, report.DossierQuery{From: "2020-01-01", To: "2024-12-31"}); err != nil {
			t.Errorf("Dossiers(2020–2024) error = %v; want none", err)
		}
		if _, err := f.svc.Dossiers(ctx, report.DossierQuery{Agency: "KHONGCO"}); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Dossiers(unknown agency) error = %v; want not found", err)
		}
	})
}

// TestDossierExports: the CSV and the XLSX hold one row per agency with the CONTRACT's columns,
// cell by cell.
func TestDossierExports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		seedCatalog(t, f)
		seedDossiers(t, f)
		rep, err := f.svc.Dossiers(context.Background(), report.DossierQuery{From: "2026-04-01", To: "2026-04-10"})
		if err != nil {
			t.Fatal(err)
		}
		header := []string{"agency_code", "agency_name", "received", "settled", "settled_on_time", "settled_late", "in_progress", "overdue", "online_ratio", "on_time_ratio",
			"online", "digitised", "digitised_ratio", "reused", "reuse_ratio", "fees", "paid_online", "online_payment_ratio", "evaluated", "satisfied", "satisfaction_ratio"}
		want := [][]string{
			header,
			{"00070", "Phường Hoàn Kiếm", "3", "3", "1", "2", "1", "0", "0.6666666666666666", "0.3333333333333333",
				"2", "2", "0.6666666666666666", "1", "0.3333333333333333", "2", "1", "0.5", "3", "2", "0.6666666666666666"},
			{"00073", "Phường Cửa Nam", "2", "1", "1", "0", "1", "0", "1", "1", "2", "2", "1", "0", "0", "1", "0", "0", "0", "0", "0"},
			{"SOTP", "Sở Tư pháp", "3", "1", "1", "0", "3", "2", "0.3333333333333333", "1",
				"1", "2", "0.6666666666666666", "1", "0.3333333333333333", "1", "0", "0", "1", "1", "1"},
		}
		var buf bytes.Buffer
		if err := rep.Table(i18n.VI).WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		body, ok := strings.CutPrefix(buf.String(), "\ufeff")
		if !ok {
			t.Errorf("CSV starts %q; want the UTF-8 byte order mark", buf.String()[:3])
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, recs); diff != "" {
			t.Errorf("CSV (-want +got):\n%s", diff)
		}

		buf.Reset()
		if err := rep.Table(i18n.VI).WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatalf("XLSX does not open: %v", err)
		}
		defer x.Close()
		rows, err := x.GetRows(tabular.SheetData, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// Excel keeps 15 significant digits: the ratios read back within 1e-14.
		near := cmp.Comparer(func(a, b string) bool {
			x, errA := strconv.ParseFloat(a, 64)
			y, errB := strconv.ParseFloat(b, 64)
			if errA != nil || errB != nil || !strings.Contains(a+b, ".") {
				return a == b
			}
			return math.Abs(x-y) < 1e-14
		})
		if diff := cmp.Diff(want, rows, near); diff != "" {
			t.Errorf("XLSX cells (-want +got):\n%s", diff)
		}
		// Figures are numbers; the ratios are shown as percentages.
		for _, c := range []struct {
			cell    string
			shown   string
			percent bool
		}{{"C2", "3", false}, {"I2", "66.67%", true}, {"J4", "100.00%", true}, {"H4", "2", false}} {
			// A cell without a type attribute is a number in OOXML (ECMA-376 §18.18.11).
			typ, err := x.GetCellType(tabular.SheetData, c.cell)
			if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
				t.Errorf("%s type = %v, %v; want a number", c.cell, typ, err)
			}
			if v, _ := x.GetCellValue(tabular.SheetData, c.cell); v != c.shown {
				t.Errorf("%s shows %q; want %q", c.cell, v, c.shown)
			}
		}
		if typ, _ := x.GetCellType(tabular.SheetData, "A2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("A2 type = %v; want text (the code 00070 keeps its zeros)", typ)
		}
		labels, err := x.GetRows(tabular.SheetColumns)
		if err != nil || len(labels) != len(header)+1 || labels[1][0] != "agency_code" || labels[1][1] != "Mã cơ quan" {
			t.Errorf("Columns sheet = %v, %v; want each key with its label", labels, err)
		}
	})
}
