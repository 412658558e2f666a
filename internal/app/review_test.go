package app_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/app/apptest"
)

// The process review through the API on both engines: the figures' shape, bad input as 422
// naming the field, a leader kept to their own agency, and the CSV and XLSX downloads. The
// figures themselves are hand-computed in internal/review's tests.
func TestReviewAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			_, base := apptest.Start(t, engine)
			leader, admin := login(t, base, "lanhdao"), login(t, base, "admin")
			const q = "/api/v1/reports/review?procedure=1.001193&from=2026-01-01&to=2026-03-31"
			var rep struct {
				TimeUnit string `json:"time_unit"`
				Steps    []struct{ Step string }
			}
			leader.json("GET", q, nil, 200, &rep)
			var steps []string
			for _, s := range rep.Steps {
				steps = append(steps, s.Step)
			}
			if rep.TimeUnit != "working_hours" || strings.Join(steps, ",") != "reception,processing,approval,return" {
				t.Errorf("review = %+v; want working hours over the default process's four steps", rep)
			}
			leader.json("GET", q+"&agency=00004", nil, 403, nil)
			for _, tc := range []struct{ path, field string }{
				{"/api/v1/reports/review?procedure=1.001193&from=2025-01-01&to=2026-01-02", "to"},
				{"/api/v1/reports/review?from=2026-01-01&to=2026-01-02", "procedure"},
				{"/api/v1/reports/review/bottlenecks?from=2026-01-01&to=x", "to"},
				{"/api/v1/reports/review/simulate?procedure=1.001193&from=2026-01-01&to=2026-01-31&step=approval&remove=1&budget_hours=3", "budget_hours"},
				{"/api/v1/reports/review/simulate?procedure=1.001193&from=2026-01-01&to=2026-01-31&step=approval&budget_hours=-1", "budget_hours"},
				{"/api/v1/reports/review/simulate?procedure=1.001193&from=2026-01-01&to=2026-01-31&step=nope&remove=1", "step"},
				{"/api/v1/reports/review/simulate?procedure=1.001193&from=2026-01-01&to=2026-01-31&step=approval&remove=2", "remove"},
			} {
				status, out, _ := admin.do("GET", tc.path, nil)
				var e struct {
					Error struct{ Fields []struct{ Path string } }
				}
				_ = json.Unmarshal(out, &e)
				if status != 422 || len(e.Error.Fields) == 0 || e.Error.Fields[0].Path != tc.field {
					t.Errorf("GET %s = %d %s; want 422 naming %s", tc.path, status, out, tc.field)
				}
			}
			status, out, h := admin.do("GET", q+"&format=csv", nil)
			if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(out, []byte("\ufeffprocedure,step,name,")) {
				t.Errorf("CSV = %d %s %.80s", status, h.Get("Content-Type"), out)
			}
			status, out, _ = admin.do("GET", q+"&format=xlsx", nil)
			x, err := excelize.OpenReader(bytes.NewReader(out))
			if status != 200 || err != nil {
				t.Fatalf("XLSX = %d, %v", status, err)
			}
			defer x.Close()
			if v, _ := x.GetCellValue("steps", "B3"); v != "processing" {
				t.Errorf("XLSX steps B3 = %q; want processing", v)
			}
		})
	}
}
