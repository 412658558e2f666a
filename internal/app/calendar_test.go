package app_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
)

func TestCalendarContract(t *testing.T) {
	engines(t, func(t *testing.T, base string) {
		anon := &client{t: t, base: base}
		type day struct{ Date, Name string }
		var hol struct {
			Holidays              []day
			WorkingDaysOffWeekend []day `json:"working_days_off_weekend"`
		}
		anon.json("GET", "/api/v1/calendar/holidays?year=2026", nil, 200, &hol)
		var dates []string
		for _, d := range hol.Holidays {
			dates = append(dates, d.Date)
			if d.Name == "" {
				t.Errorf("holiday %s has no name", d.Date)
			}
		}
		for d := 14; d <= 22; d++ { // the official 2026 Tết break
			if want := "2026-02-" + string(rune('0'+d/10)) + string(rune('0'+d%10)); !slices.Contains(dates, want) {
				t.Errorf("2026 holidays lack %s", want)
			}
		}
		if slices.Contains(dates, "2026-02-23") {
			t.Error("2026-02-23 (a working Monday) listed as a holiday")
		}
		var lunar struct {
			Year, Month, Day int
			Leap             bool
		}
		anon.json("GET", "/api/v1/calendar/lunar?date=2026-02-17", nil, 200, &lunar)
		if lunar.Year != 2026 || lunar.Month != 1 || lunar.Day != 1 || lunar.Leap {
			t.Errorf("lunar 2026-02-17 = %+v; want Tết 1/1/2026", lunar)
		}
		anon.json("GET", "/api/v1/calendar/lunar?date=2025-07-25", nil, 200, &lunar)
		if lunar.Month != 6 || lunar.Day != 1 || !lunar.Leap {
			t.Errorf("lunar 2025-07-25 = %+v; want 1/6 nhuận", lunar)
		}
		due := func(from string, n string) string {
			var res struct{ Due string }
			anon.json("GET", "/api/v1/calendar/due?from="+url.QueryEscape(from)+"&working_days="+n, nil, 200, &res)
			return res.Due
		}
		if got := due("2026-02-10T09:30:00+07:00", "5"); got != "2026-02-24T17:00:00+07:00" {
			t.Errorf("due across Tết 2026 = %s; want 2026-02-24T17:00:00+07:00", got)
		}
		// 2027 has no official schedule yet: Friday 2027-04-30 and Saturday 1 May (in lieu Monday 3 May).
		if got := due("2027-04-29T10:00:00+07:00", "1"); got != "2027-05-04T17:00:00+07:00" {
			t.Errorf("due across 30/4–1/5 2027 = %s; want 2027-05-04T17:00:00+07:00", got)
		}
		var eb errBody
		for _, bad := range []struct{ query, param string }{
			{"from=yesterday&working_days=3", "from"},
			{"from=2026-02-10T09:30:00%2B07:00&working_days=-1", "working_days"},
			{"from=2026-02-10T09:30:00%2B07:00&working_days=99999999", "working_days"},
			{"from=2026-02-10T09:30:00%2B07:00&working_days=abc", "working_days"},
			{"from=1700-01-01T09:30:00%2B07:00&working_days=3", "from"},
		} {
			anon.json("GET", "/api/v1/calendar/due?"+bad.query, nil, 400, &eb)
			if len(eb.Error.Fields) != 1 || eb.Error.Fields[0].Path != bad.param {
				t.Errorf("due?%s fields = %+v; want %s", bad.query, eb.Error.Fields, bad.param)
			}
		}
		anon.json("GET", "/api/v1/calendar/holidays?year=1800", nil, 400, nil)
		anon.json("GET", "/api/v1/calendar/lunar?date=2026-02-30", nil, 400, nil)

		// Overrides: administrators only; due dates honour them at once.
		ov := map[string]string{"date": "2027-05-04", "kind": "day_off", "name": "Nghỉ bù theo thông báo"}
		anon.json("POST", "/api/v1/calendar/overrides", ov, 401, nil)
		login(t, base, "catalog").json("POST", "/api/v1/calendar/overrides", ov, 403, nil)
		admin := login(t, base, "admin")
		admin.json("POST", "/api/v1/calendar/overrides", map[string]string{"date": "2027-02-30", "kind": "x"}, 422, &eb)
		if len(eb.Error.Fields) != 3 {
			t.Errorf("bad override fields = %+v; want date, kind, name", eb.Error.Fields)
		}
		admin.json("POST", "/api/v1/calendar/overrides", ov, 201, nil)
		if got := due("2027-04-29T10:00:00+07:00", "1"); got != "2027-05-05T17:00:00+07:00" {
			t.Errorf("due with an override = %s; want 2027-05-05T17:00:00+07:00", got)
		}
		anon.json("GET", "/api/v1/calendar/holidays?year=2027", nil, 200, &hol)
		found := false
		for _, d := range hol.Holidays {
			found = found || d.Date == "2027-05-04"
		}
		if !found {
			t.Error("the override is not among the 2027 holidays")
		}
	})
}

// An override through the API commits with its audit record (the wiring's calendar.Auditor).
func TestCalendarOverrideAudited(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a, base := apptest.Start(t, e)
			ov := map[string]string{"date": "2027-05-04", "kind": "day_off", "name": "Nghỉ bù theo thông báo"}
			login(t, base, "catalog").json("POST", "/api/v1/calendar/overrides", ov, 403, nil)
			login(t, base, "admin").json("POST", "/api/v1/calendar/overrides", ov, 201, nil)
			recs, err := audit.List(context.Background(), a.DB, audit.Filter{Action: "calendar.override"})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 || recs[0].Actor != "admin" || recs[0].ActorID == 0 || recs[0].Object != "2027-05-04" {
				t.Errorf("audit records = %+v; want one by admin for 2027-05-04", recs)
			}
		})
	}
}
