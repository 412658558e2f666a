package identity_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// TestSignInsAudited: every password sign-in attempt, good or bad, is in the audit chain.
func TestSignInsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := identity.NewStore(d)
		if _, err := s.CreateUser(ctx, identity.NewUser{Username: "an.nguyen", Password: "mat-khau-1", Role: org.RoleCitizen}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "an.nguyen", "sai"); err == nil {
			t.Fatal("wrong password accepted")
		}
		if _, err := s.Authenticate(ctx, "an.nguyen", "mat-khau-1"); err != nil {
			t.Fatal(err)
		}
		for action, want := range map[string]int{"auth.sign_in": 1, "auth.sign_in_failed": 1} {
			recs, err := audit.List(ctx, d, audit.Filter{Action: action})
			if err != nil || len(recs) != want || recs[0].Actor != "an.nguyen" {
				t.Errorf("%s records = %+v, %v; want %d by an.nguyen", action, recs, err, want)
			}
		}
		if rep, err := audit.Verify(ctx, d); err != nil || !rep.Intact() {
			t.Errorf("audit verify = %+v, %v", rep, err)
		}
	})
}
