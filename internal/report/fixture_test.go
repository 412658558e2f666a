package report_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/vntime"
)

var vn = vntime.Location()

func ptr[T any](v T) *T { return &v }

// fixture is a database with three agencies, a catalog made by two decisions, and a report
// service whose clock reads now.
type fixture struct {
	d       *db.DB
	org     *org.Store
	catalog *catalog.Store
	svc     *report.Service
	now     time.Time
	ids     map[string]int64 // agency ids by code
}

// now is 2026-04-15 10:00 in Hà Nội.
var fixtureNow = time.Date(2026, 4, 15, 10, 0, 0, 0, vn)

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, org: org.NewStore(d), catalog: catalog.NewStore(d), now: fixtureNow, ids: map[string]int64{}}
	for _, a := range []*org.Agency{
		{Code: "SOTP", Kind: org.KindDepartment, Level: "province", Name: "Sở Tư pháp", NameEn: "Department of Justice"},
		{Code: "00070", Kind: org.KindWard, Level: "commune", Name: "Phường Hoàn Kiếm", NameEn: "Hoan Kiem Ward"},
		{Code: "00073", Kind: org.KindWard, Level: "commune", Name: "Phường Cửa Nam", NameEn: "Cua Nam Ward"},
	} {
		if err := f.org.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
		f.ids[a.Code] = a.ID
	}
	f.svc = report.New(report.Deps{DB: d, Catalog: f.catalog, Org: f.org, Now: func() time.Time { return f.now }})
	return f
}

// proc builds a valid procedure at a level.
func proc(code string, level catalog.Level, online catalog.OnlineLevel, legacy int, agencies ...string) catalog.Procedure {
	return catalog.Procedure{
		Code: code, Name: "Thủ tục " + code, Field: "Hộ tịch", Level: level, AgencyCodes: agencies,
		ImplementingAgency: "Ủy ban nhân dân", ProcessingDays: ptr(3), FeeVND: ptr[int64](0),
		Components: []catalog.Component{{ID: "to-khai", Name: "Tờ khai", Originals: 1, Required: true}},
		LegalBases: []string{"123/2015/NĐ-CP"}, OnlineLevel: online, LegacyLevel: legacy,
		FormSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"ho_ten":{"type":"string"}}}`),
	}
}

// seedCatalog applies two decisions:
//
//	1/QĐ-UBND, effective 2026-01-05, publishes
//	  A 1.000001 commune  full     L4
//	  B 1.000002 commune  partial  L3
//	  C 1.000003 province none     L2  (SOTP only)
//	  D 1.000004 province partial  L3
//	  E 1.000005 commune  full     L4  (00073 only)
//	2/QĐ-UBND, effective 2026-03-10, amends B to full L4, abolishes D, publishes
//	  F 1.000006 province partial  L3
func seedCatalog(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	admin := &org.User{Username: "catalog", Role: org.RoleCatalogAdmin}
	_, err := f.catalog.ApplyDecision(ctx, admin, &catalog.Decision{
		Number: "1/QĐ-UBND", SignedOn: "2026-01-02", EffectiveOn: "2026-01-05", Signer: "Chủ tịch UBND",
		Publish: []catalog.Procedure{
			proc("1.000001", catalog.LevelCommune, catalog.OnlineFull, 4),
			proc("1.000002", catalog.LevelCommune, catalog.OnlinePartial, 3),
			proc("1.000003", catalog.LevelProvince, catalog.OnlineNone, 2, "SOTP"),
			proc("1.000004", catalog.LevelProvince, catalog.OnlinePartial, 3),
			proc("1.000005", catalog.LevelCommune, catalog.OnlineFull, 4, "00073"),
		},
	})
	if err != nil {
		t.Fatalf("decision 1: %v", err)
	}
	_, err = f.catalog.ApplyDecision(ctx, admin, &catalog.Decision{
		Number: "2/QĐ-UBND", SignedOn: "2026-03-10", Signer: "Chủ tịch UBND",
		Amend:   []catalog.Procedure{proc("1.000002", catalog.LevelCommune, catalog.OnlineFull, 4)},
		Abolish: []string{"1.000004"},
		Publish: []catalog.Procedure{proc("1.000006", catalog.LevelProvince, catalog.OnlinePartial, 3)},
	})
	if err != nil {
		t.Fatalf("decision 2: %v", err)
	}
}

// user stores a user with a role and returns it with its id.
func user(t *testing.T, f *fixture, name string, role org.Role) *org.User {
	t.Helper()
	id, err := db.InsertID(context.Background(), f.d, `INSERT INTO users (username, password_hash, role, created_at) VALUES (?, '', ?, ?)`,
		name, string(role), f.now)
	if err != nil {
		t.Fatal(err)
	}
	return &org.User{ID: id, Username: name, Role: role}
}
