package report_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
)

func TestLevelsNow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		seedCatalog(t, f)
		ctx := context.Background()
		// In force now: A full L4, B full L4 (amended), C none L2, E full L4, F partial L3; D
		// is abolished.
		city := report.Levels{Total: 5, Full: 3, Partial: 1, None: 1, OnlineRatio: 4.0 / 5, FullRatio: 3.0 / 5, Legacy3: 1, Legacy4: 3}
		tests := []struct {
			agency string
			want   report.Levels
		}{
			{"", city},
			// A ward receives the commune procedures without a list (A, B), not E (00073 only).
			{"00070", report.Levels{Total: 2, Full: 2, OnlineRatio: 1, FullRatio: 1, Legacy4: 2}},
			{"00073", report.Levels{Total: 3, Full: 3, OnlineRatio: 1, FullRatio: 1, Legacy4: 3}},
			// The department receives C (listed) and F (province, no list).
			{"SOTP", report.Levels{Total: 2, Partial: 1, None: 1, OnlineRatio: 1.0 / 2, Legacy3: 1}},
		}
		for _, tt := range tests {
			got, err := f.svc.LevelsNow(ctx, tt.agency, i18n.VI)
			if err != nil {
				t.Fatalf("LevelsNow(%q): %v", tt.agency, err)
			}
			if diff := cmp.Diff(tt.want, got.Levels); diff != "" {
				t.Errorf("LevelsNow(%q) levels (-want +got):\n%s", tt.agency, diff)
			}
			if (got.Agency == nil) != (tt.agency == "") || (got.Agency != nil && got.Agency.Code != tt.agency) {
				t.Errorf("LevelsNow(%q).Agency = %+v", tt.agency, got.Agency)
			}
		}
		got, err := f.svc.LevelsNow(ctx, "", i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		// The seeded targets: 100% online (0.8 is short of it) and 30% fully online (0.6 meets it).
		want := []report.TargetStatus{
			{Key: "full", Measure: "full_ratio", Target: 0.3, Actual: 0.6, Met: true, Name: "Services fully online (level 4)"},
			{Key: "online", Measure: "online_ratio", Target: 1, Actual: 0.8, Met: false, Name: "Services online at level 3–4 (fully or partially)"},
		}
		if diff := cmp.Diff(want, got.Targets); diff != "" {
			t.Errorf("LevelsNow targets (-want +got):\n%s", diff)
		}
		if _, err := f.svc.LevelsNow(ctx, "KHONGCO", i18n.VI); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("LevelsNow(unknown agency) error = %v; want not found", err)
		}
	})
}

func TestProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		seedCatalog(t, f)
		ctx := context.Background()
		// Decision 1 is in force from 2026-01-05: A full L4, B partial L3, C none L2, D partial
		// L3, E full L4. Decision 2 from 2026-03-10: B full L4, D abolished, F partial L3.
		before := report.Levels{}
		first := report.Levels{Total: 5, Full: 2, Partial: 2, None: 1, OnlineRatio: 4.0 / 5, FullRatio: 2.0 / 5, Legacy3: 2, Legacy4: 2}
		second := report.Levels{Total: 5, Full: 3, Partial: 1, None: 1, OnlineRatio: 4.0 / 5, FullRatio: 3.0 / 5, Legacy3: 1, Legacy4: 3}
		want := []report.MonthLevels{
			{Month: "2025-12", At: "2025-12-31", Levels: before},
			{Month: "2026-01", At: "2026-01-31", Levels: first},
			{Month: "2026-02", At: "2026-02-28", Levels: first},
			{Month: "2026-03", At: "2026-03-31", Levels: second},
			{Month: "2026-04", At: "2026-04-15", Levels: second},
		}
		got, err := f.svc.Progress(ctx, "", 5)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Progress(5) (-want +got):\n%s", diff)
		}
		// The department: C and D in January (D is a province procedure without a list), C and
		// F from March.
		got, err = f.svc.Progress(ctx, "SOTP", 2)
		if err != nil {
			t.Fatal(err)
		}
		wantDept := []report.MonthLevels{
			{Month: "2026-03", At: "2026-03-31", Levels: report.Levels{Total: 2, Partial: 1, None: 1, OnlineRatio: 0.5, Legacy3: 1}},
			{Month: "2026-04", At: "2026-04-15", Levels: report.Levels{Total: 2, Partial: 1, None: 1, OnlineRatio: 0.5, Legacy3: 1}},
		}
		if diff := cmp.Diff(wantDept, got); diff != "" {
			t.Errorf("Progress(SOTP, 2) (-want +got):\n%s", diff)
		}
		// A day matters: on 2026-03-09 decision 2 was not yet in force.
		f.now = f.now.AddDate(0, 0, -37) // 2026-03-09
		got, err = f.svc.Progress(ctx, "", 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]report.MonthLevels{{Month: "2026-03", At: "2026-03-09", Levels: first}}, got); diff != "" {
			t.Errorf("Progress on 2026-03-09 (-want +got):\n%s", diff)
		}
		for _, n := range []int{0, -1, 121} {
			_, err := f.svc.Progress(ctx, "", n)
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) != 1 || e.Fields[0].Path != "months" {
				t.Errorf("Progress(%d) error = %v; want 422 naming months", n, err)
			}
		}
		if _, err := f.svc.Progress(ctx, "KHONGCO", 3); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Progress(unknown agency) error = %v; want not found", err)
		}
	})
}

func TestSetTarget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		admin := user(t, f, "quantri", org.RoleSysAdmin)
		leader := user(t, f, "lanhdao", org.RoleLeader)
		ts, err := f.svc.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || ts[0].Key != "full" || ts[0].Ratio != 0.3 || ts[1].Key != "online" || ts[1].Ratio != 1 || ts[0].Basis == "" {
			t.Fatalf("Targets() = %+v; want full 0.3 and online 1 with a basis", ts)
		}
		field := func(err error) string {
			if e, ok := apperr.As(err); ok && e.Kind == apperr.KindUnprocessable && len(e.Fields) == 1 {
				return e.Fields[0].Path
			}
			return ""
		}
		bad := []struct {
			in   report.TargetInput
			want string
		}{
			{report.TargetInput{}, "ratio"},
			{report.TargetInput{Ratio: ptr(1.5)}, "ratio"},
			{report.TargetInput{Ratio: ptr(-0.1)}, "ratio"},
			{report.TargetInput{Ratio: ptr(0.12345)}, "ratio"},
			{report.TargetInput{Ratio: ptr(0.5), Basis: ptr("  ")}, "basis"},
		}
		for _, b := range bad {
			if _, err := f.svc.SetTarget(ctx, admin, "full", b.in); field(err) != b.want {
				t.Errorf("SetTarget(%+v) error = %v; want 422 naming %s", b.in, err, b.want)
			}
		}
		if _, err := f.svc.SetTarget(ctx, leader, "full", report.TargetInput{Ratio: ptr(0.5)}); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("SetTarget(leader) error = %v; want forbidden", err)
		}
		if _, err := f.svc.SetTarget(ctx, nil, "full", report.TargetInput{Ratio: ptr(0.5)}); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("SetTarget(nobody) error = %v; want unauthenticated", err)
		}
		if _, err := f.svc.SetTarget(ctx, admin, "khongco", report.TargetInput{Ratio: ptr(0.5)}); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("SetTarget(unknown key) error = %v; want not found", err)
		}
		got, err := f.svc.SetTarget(ctx, admin, "full", report.TargetInput{Ratio: ptr(0.4567), Basis: ptr("Kế hoạch 2027")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Ratio != 0.4567 || got.Basis != "Kế hoạch 2027" || got.UpdatedBy != "quantri" || !got.UpdatedAt.Equal(f.now) {
			t.Errorf("SetTarget = %+v; want ratio 0.4567, the new basis, by quantri at %v", got, f.now)
		}
		// Audited, with the change, in the same transaction; nothing for the refused attempts.
		var n int
		var detail string
		if err := d.QueryRow(ctx, `SELECT COUNT(*), MAX(detail) FROM audit_log WHERE action = 'report.target' AND object = 'full'`).Scan(&n, &detail); err != nil {
			t.Fatal(err)
		}
		if want := `{"basis":"Kế hoạch 2027","previous_ratio":0.3,"ratio":0.4567}`; n != 1 || detail != want {
			t.Errorf("audit = %d records, detail %s; want 1, %s", n, detail, want)
		}
	})
}
