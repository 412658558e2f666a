package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// TestProfileChangeAudited: a profile change is in the audit log with the fields it touched
// and not their values (issue 10 finding 13: profile changes were not audited); saving the
// same profile again records nothing.
func TestProfileChangeAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d)
		u := newCitizen(t, s, d, "an@example.vn")
		in := ProfileInput{FullName: "Nguyễn Văn An", Phone: "0912 345 678", Email: "an@example.vn"}
		if _, err := s.UpdateProfile(ctx, u, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateProfile(ctx, u, in); err != nil {
			t.Fatal(err)
		}
		recs, err := audit.List(ctx, d, audit.Filter{Action: "profile.update"})
		if err != nil || len(recs) != 1 {
			t.Fatalf("profile.update records = %d, %v; want 1", len(recs), err)
		}
		r := recs[0]
		if r.ActorID != u.ID || r.Object != "an@example.vn" || string(r.Detail) != `{"changed":["phone"]}` {
			t.Errorf("profile.update = actor %d object %s detail %s; want %d, an@example.vn, {\"changed\":[\"phone\"]}", r.ActorID, r.Object, r.Detail, u.ID)
		}
		if strings.Contains(string(r.Detail), "912") {
			t.Errorf("audit detail %s holds the phone number", r.Detail)
		}
	})
}
