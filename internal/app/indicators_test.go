package app_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/vntime"
)

// TestIndicatorsAPI: the Decision 766 routes answer an agency's officers and administrators,
// and no one else (CONTRACT.md "Reports"). The figures themselves are tested by hand in
// internal/indicators.
func TestIndicatorsAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			_, base := apptest.Start(t, engine)
			month := time.Now().In(vntime.Location()).Format("2006-01")
			leader, other, cit, admin := login(t, base, "lanhdao"), login(t, base, "tiepnhan2"), login(t, base, "congdan"), login(t, base, "admin")
			var sc struct {
				Agency     string
				Indicators []struct {
					Code     string
					Score    *float64
					Computed bool
					Source   string
				}
				TotalScore *float64 `json:"total_score"`
			}
			leader.json("GET", "/api/v1/reports/indicators?month="+month, nil, 200, &sc)
			if sc.Agency != "00070" || len(sc.Indicators) != 20 || sc.TotalScore == nil {
				t.Errorf("leader's scorecard: agency %q, %d indicators, total %v; want 00070, 20, a total", sc.Agency, len(sc.Indicators), sc.TotalScore)
			}
			for _, in := range sc.Indicators {
				if in.Source == "" || (in.Score == nil) == in.Computed {
					t.Errorf("indicator %s: computed %v, score %v, source %q", in.Code, in.Computed, in.Score, in.Source)
				}
			}
			admin.json("GET", "/api/v1/reports/indicators?month="+month+"&agency=00070", nil, 200, nil)
			for _, c := range []struct {
				who    *client
				path   string
				status int
			}{
				{cit, "/api/v1/reports/indicators?agency=00070", 403},
				{other, "/api/v1/reports/indicators?agency=00070", 403},
				{other, "/api/v1/reports/indicators/2.1/dossiers?agency=00070", 403},
				{leader, "/api/v1/reports/indicators?agency=NOPE", 404},
				{leader, "/api/v1/reports/indicators?month=2026-13", 422},
				{leader, "/api/v1/reports/indicators/9.9/dossiers", 404},
				{leader, "/api/v1/reports/indicators/2.1/dossiers?per_page=0", 400},
				{leader, "/api/v1/reports/indicators/2.1/dossiers?list=both", 422},
				{cit, "/api/v1/reports/indicators/ranking", 403},
			} {
				if st, out, _ := c.who.do("GET", c.path, nil); st != c.status {
					t.Errorf("GET %s = %d %.200s; want %d", c.path, st, out, c.status)
				}
			}
			var rk struct{ Items []struct{ Agency string } }
			other.json("GET", "/api/v1/reports/indicators/ranking?month="+month, nil, 200, &rk)
			if len(rk.Items) != 1 || rk.Items[0].Agency != "00004" {
				t.Errorf("ward officer's ranking = %+v; want their ward alone", rk.Items)
			}
		})
	}
}
