package org_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

func TestAgenciesAndUsers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := org.NewStore(d)
		for _, a := range []*org.Agency{
			{Code: "UBTP", Kind: org.KindCity, Level: "province", Name: "Ủy ban nhân dân thành phố"},
			{Code: "00070", ParentCode: "UBTP", Kind: org.KindWard, Level: "commune", Name: "UBND Phường Hoàn Kiếm"},
		} {
			if err := s.CreateAgency(ctx, a); err != nil {
				t.Fatalf("CreateAgency(%s): %v", a.Code, err)
			}
		}
		if err := s.CreateAgency(ctx, &org.Agency{Code: "X", ParentCode: "NONE", Kind: org.KindWard, Level: "commune", Name: "X"}); err == nil {
			t.Error("CreateAgency with an unknown parent succeeded")
		}
		a, err := s.Agency(ctx, "00070")
		if err != nil || a.ParentCode != "UBTP" || a.Kind != org.KindWard {
			t.Errorf("Agency(00070) = %+v, %v; want a ward under UBTP", a, err)
		}
		id, err := db.InsertID(ctx, d, `INSERT INTO users (username, password_hash, full_name, role, agency_id, active, created_at)
			VALUES (?, ?, ?, ?, ?, 1, CURRENT_TIMESTAMP)`, "tiepnhan", "x", "Lê Thị Tiếp", string(org.RoleReception), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for name, get := range map[string]func() (*org.User, error){
			"User":     func() (*org.User, error) { return s.User(ctx, "tiepnhan") },
			"UserByID": func() (*org.User, error) { return s.UserByID(ctx, id) },
		} {
			u, err := get()
			if err != nil || u.ID != id || u.AgencyCode != "00070" || u.Role != org.RoleReception || !u.Active {
				t.Errorf("%s = %+v, %v; want the active reception officer of 00070", name, u, err)
			}
		}
		if us, err := s.Users(ctx, "00070", org.RoleReception); err != nil || len(us) != 1 {
			t.Errorf("Users(00070, reception) = %v, %v; want 1", us, err)
		}
		if _, err := s.UserByID(ctx, id+1000); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("UserByID(unknown) = %v; want not found", err)
		}
	})
}
