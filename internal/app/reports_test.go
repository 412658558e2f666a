package app_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/tabular"
)

// TestReportsAPI: the Reports part of CONTRACT.md over HTTP — a submitted dossier moves the
// figures by exactly one, the exports hold the JSON's rows, bad input names its field, and
// only a system administrator sets a target.
func TestReportsAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { reportsAPI(t, engine) })
	}
}

type figures struct {
	Received      int64   `json:"received"`
	Settled       int64   `json:"settled"`
	SettledOnTime int64   `json:"settled_on_time"`
	SettledLate   int64   `json:"settled_late"`
	InProgress    int64   `json:"in_progress"`
	Overdue       int64   `json:"overdue"`
	OnlineRatio   float64 `json:"online_ratio"`
	OnTimeRatio   float64 `json:"on_time_ratio"`
	Digitised     int64   `json:"digitised"`
}

func reportsAPI(t *testing.T, engine string) {
	a, base := apptest.Start(t, engine)
	anon := &client{t: t, base: base}
	type report struct {
		figures
		From, To string
		Rows     []struct {
			Code, Name string
			figures
		}
	}
	var before report
	anon.json("GET", "/api/v1/reports/dossiers?agency=00070", nil, 200, &before)

	cit := login(t, base, "congdan")
	cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, nil)
	var after report
	anon.json("GET", "/api/v1/reports/dossiers?agency=00070", nil, 200, &after)
	// One more dossier received today, online, in progress and not overdue.
	online := func(r report) float64 { return r.OnlineRatio * float64(r.Received) }
	if after.Received != before.Received+1 || after.InProgress != before.InProgress+1 || after.Overdue != before.Overdue ||
		after.Digitised != before.Digitised+1 ||
		after.Settled != before.Settled || online(after)-online(before) < 0.999 || online(after)-online(before) > 1.001 {
		t.Errorf("after one online submission %+v; before %+v", after.figures, before.figures)
	}
	if len(after.Rows) != 1 || after.Rows[0].Code != "00070" || after.Rows[0].figures != after.figures {
		t.Errorf("rows = %+v; want the one agency with the total's figures", after.Rows)
	}

	// The exports: one row per agency, the CONTRACT's columns, the JSON's figures.
	var all report
	anon.json("GET", "/api/v1/reports/dossiers", nil, 200, &all)
	status, body, hdr := anon.do("GET", "/api/v1/reports/dossiers?format=csv", nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv = %d %s", status, hdr.Get("Content-Type"))
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := "agency_code,agency_name,received,settled,settled_on_time,settled_late,in_progress,overdue,online_ratio,on_time_ratio,"
	if len(recs) != len(all.Rows)+1 || !strings.HasPrefix(strings.Join(recs[0], ","), header) {
		t.Fatalf("csv has %d records, header %v; want %d and %s", len(recs), recs[0], len(all.Rows)+1, header)
	}
	status, body, _ = anon.do("GET", "/api/v1/reports/dossiers?format=xlsx", nil)
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if status != 200 || err != nil {
		t.Fatalf("xlsx = %d, %v", status, err)
	}
	rows, _ := x.GetRows(tabular.SheetData, excelize.Options{RawCellValue: true})
	x.Close()
	for i, r := range all.Rows {
		if recs[i+1][0] != r.Code || rows[i+1][0] != r.Code || rows[i+1][2] != recs[i+1][2] {
			t.Errorf("row %d: csv %v, xlsx %v; want %s with %d received", i+1, recs[i+1], rows[i+1], r.Code, r.Received)
		}
	}

	// Bad input names the field.
	for q, field := range map[string]string{"from=2026-13-01": "from", "from=2026-05-02&to=2026-05-01": "to",
		"from=2020-01-01&to=2026-01-01": "to", "group=day": "group"} {
		var e struct {
			Error struct{ Fields []struct{ Path string } }
		}
		anon.json("GET", "/api/v1/reports/dossiers?"+q, nil, 422, &e)
		if len(e.Error.Fields) != 1 || e.Error.Fields[0].Path != field {
			t.Errorf("?%s: fields %+v; want %s", q, e.Error.Fields, field)
		}
	}
	// The rows by procedure and channel are for staff.
	anon.json("GET", "/api/v1/reports/dossiers?group=procedure", nil, 401, nil)
	cit.json("GET", "/api/v1/reports/dossiers?group=channel", nil, 403, nil)
	var byChannel report
	login(t, base, "lanhdao").json("GET", "/api/v1/reports/dossiers?group=channel", nil, 200, &byChannel)
	if byChannel.Received != all.Received || len(byChannel.Rows) == 0 {
		t.Errorf("by channel %+v; want the city's %d received", byChannel.figures, all.Received)
	}
	anon.json("GET", "/api/v1/reports/dossiers?format=pdf", nil, 400, nil)
	anon.json("GET", "/api/v1/reports/dossiers?agency=nope", nil, 404, nil)
	anon.json("GET", "/api/v1/reports/service-levels/progress?months=0", nil, 422, nil)
	var progress struct {
		Items []struct{ Month string }
		Total int
	}
	anon.json("GET", "/api/v1/reports/service-levels/progress?months=3", nil, 200, &progress)
	if progress.Total != 3 || len(progress.Items) != 3 {
		t.Errorf("progress = %+v; want 3 months", progress)
	}
	var tr struct {
		Rows []struct {
			AgencyCode string `json:"agency_code"`
		}
	}
	anon.json("GET", "/api/v1/reports/transparency", nil, 200, &tr)
	if len(tr.Rows) != len(all.Rows) {
		t.Errorf("transparency has %d rows; want %d", len(tr.Rows), len(all.Rows))
	}

	// Targets: only a system administrator changes one; the service levels show it.
	login(t, base, "lanhdao").json("PUT", "/api/v1/reports/targets/full", map[string]any{"ratio": 0.45}, 403, nil)
	admin := login(t, base, "admin")
	admin.json("PUT", "/api/v1/reports/targets/full", map[string]any{"ratio": 2}, 422, nil)
	admin.json("PUT", "/api/v1/reports/targets/nope", map[string]any{"ratio": 0.5}, 404, nil)
	admin.json("PUT", "/api/v1/reports/targets/full", map[string]any{"ratio": 0.45}, 200, nil)
	var sl struct {
		Total   int
		Targets []struct {
			Key    string
			Target float64
		}
	}
	anon.json("GET", "/api/v1/reports/service-levels", nil, 200, &sl)
	found := false
	for _, tg := range sl.Targets {
		found = found || (tg.Key == "full" && tg.Target == 0.45)
	}
	if !found || sl.Total == 0 {
		t.Errorf("service levels = %+v; want the full target at 0.45", sl)
	}
}
