package calendar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/vntime"
)

// auditLog is the wiring's Auditor: calendar changes go to the audit log.
func auditLog(ctx context.Context, tx *db.Tx, by calendar.Actor, action, object string, detail map[string]any) error {
	return audit.Append(ctx, tx, audit.Entry{ActorID: by.ID, Actor: by.Username, Action: action, Object: object, Detail: detail})
}

func TestStoreOverrides(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := calendar.NewStore(d, auditLog)
		admin := calendar.Actor{Username: "admin", Admin: true}
		vn := vntime.Location()
		// Received Wednesday 2027-03-03, 3 working days: Monday 8 March 17:00 by the rules.
		from := time.Date(2027, 3, 3, 9, 0, 0, 0, vn)
		due := func() time.Time {
			cal, err := s.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			d, err := cal.Due(from, 3)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		if got, want := due(), time.Date(2027, 3, 8, 17, 0, 0, 0, vn); !got.Equal(want) {
			t.Fatalf("Due before overrides = %v; want %v", got, want)
		}
		// A day off on Friday 5 March pushes it to Tuesday; making Saturday 6 a working day pulls it back.
		if _, err := s.SetOverride(ctx, admin, calendar.OverrideInput{Date: "2027-03-05", Kind: "day_off", Name: "Nghỉ đột xuất"}); err != nil {
			t.Fatal(err)
		}
		if got, want := due(), time.Date(2027, 3, 9, 17, 0, 0, 0, vn); !got.Equal(want) {
			t.Errorf("Due with a day off = %v; want %v", got, want)
		}
		if _, err := s.SetOverride(ctx, admin, calendar.OverrideInput{Date: "2027-03-06", Kind: "working_day", Name: "Làm bù"}); err != nil {
			t.Fatal(err)
		}
		if got, want := due(), time.Date(2027, 3, 8, 17, 0, 0, 0, vn); !got.Equal(want) {
			t.Errorf("Due with a working Saturday = %v; want %v", got, want)
		}
		// Replacing an override of the same day; another replica sees it.
		if _, err := s.SetOverride(ctx, admin, calendar.OverrideInput{Date: "2027-03-05", Kind: "working_day", Name: "Huỷ nghỉ"}); err != nil {
			t.Fatal(err)
		}
		other := calendar.NewStore(d, nil)
		list, _ := other.Overrides(ctx)
		if len(list) != 2 || list[0].Kind != calendar.OverrideWorkingDay {
			t.Errorf("Overrides = %+v", list)
		}
		// Every change is in the audit log, newest first.
		recs, err := audit.List(ctx, d, audit.Filter{Action: "calendar.override"})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0].Object != "2027-03-05" || recs[0].Actor != "admin" ||
			string(recs[0].Detail) != `{"kind":"working_day","name":"Huỷ nghỉ"}` {
			t.Errorf("audit records = %+v; want 3, the newest by admin on 2027-03-05", recs)
		}

		// Only administrators; bad input names its field.
		good := calendar.OverrideInput{Date: "2027-03-10", Kind: "day_off", Name: "Nghỉ"}
		if _, err := s.SetOverride(ctx, calendar.Actor{ID: 2, Username: "catalog"}, good); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("catalog admin: %v; want forbidden", err)
		}
		if _, err := s.SetOverride(ctx, calendar.Actor{}, good); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("anonymous: %v; want unauthenticated", err)
		}
		// No change commits without its audit record: a failing audit log rolls it back, and a
		// store without one refuses.
		broken := calendar.NewStore(d, func(context.Context, *db.Tx, calendar.Actor, string, string, map[string]any) error {
			return errors.New("audit log unavailable")
		})
		if _, err := broken.SetOverride(ctx, admin, good); err == nil {
			t.Error("SetOverride with a failing audit log succeeded")
		}
		if _, err := other.SetOverride(ctx, admin, good); err == nil {
			t.Error("SetOverride without an audit log succeeded")
		}
		if list, _ := other.Overrides(ctx); len(list) != 2 {
			t.Errorf("Overrides after refused changes = %+v; want the 2 earlier ones", list)
		}
		_, err = s.SetOverride(ctx, admin, calendar.OverrideInput{Date: "1800-01-01", Kind: "holiday"})
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) != 3 {
			t.Errorf("bad override = %v; want 422 naming date, kind and name", err)
		}
	})
}

func TestSaturdayCounters(t *testing.T) {
	ctx := context.Background()
	s := calendar.NewStore(dbtest.SQLite(t), nil)
	s.OpenSaturdays("00070")
	vn := vntime.Location()
	// Friday 16:00 with 4 working hours: 1 hour on Friday, then 3 on Saturday morning where the
	// counter is open, otherwise Monday.
	from := time.Date(2027, 3, 5, 16, 0, 0, 0, vn)
	for _, tt := range []struct {
		agency string
		want   time.Time
	}{
		{"00070", time.Date(2027, 3, 6, 11, 0, 0, 0, vn)},
		{"00004", time.Date(2027, 3, 8, 11, 0, 0, 0, vn)},
	} {
		cal, err := s.CalendarFor(ctx, tt.agency)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cal.DueHours(from, 4*time.Hour)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: DueHours(%v, 4h) = %v, %v; want %v", tt.agency, from, got, err, tt.want)
		}
	}
}
