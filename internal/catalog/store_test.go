package catalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

var admin = &org.User{Username: "catalog", Role: org.RoleCatalogAdmin}

func ptr[T any](v T) *T { return &v }

// proc builds a valid procedure.
func proc(code, name, field string) catalog.Procedure {
	return catalog.Procedure{
		Code: code, Name: name, Field: field, Level: catalog.LevelCommune,
		ImplementingAgency: "Ủy ban nhân dân cấp xã", ProcessingDays: ptr(3), FeeVND: ptr[int64](0),
		Components: []catalog.Component{{ID: "to-khai", Name: "Tờ khai", Originals: 1, Required: true}},
		LegalBases: []string{"123/2015/NĐ-CP"}, OnlineLevel: catalog.OnlineFull,
		FormSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"ho_ten":{"type":"string"}}}`),
	}
}

func seed(t *testing.T, s *catalog.Store) {
	t.Helper()
	_, err := s.ApplyDecision(context.Background(), admin, &catalog.Decision{
		Number: "1/QĐ-UBND", SignedOn: "2026-01-05", Signer: "Chủ tịch UBND",
		Publish: []catalog.Procedure{
			proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch"),
			proc("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch"),
			proc("1.000656", "Thủ tục đăng ký khai tử", "Hộ tịch"),
			proc("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
			proc("1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh"),
			proc("1.004884", "Thủ tục đăng ký lại khai sinh", "Hộ tịch"),
		},
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

func TestSearchFolding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := catalog.NewStore(d)
		seed(t, s)
		ctx := context.Background()
		tests := []struct {
			q     string
			first string
			n     int
		}{
			{"khai sinh", "1.001193", 2},
			{norm.NFD.String("khai sinh"), "1.001193", 2},
			{norm.NFD.String("Đăng ký khai sinh"), "1.001193", 2},
			{"ĐĂNG KÝ KẾT HÔN", "1.000894", 1},
			{"dang ky ket hon", "1.000894", 1},
			{"đang ky ket hon", "1.000894", 1},
			{"Đăng ký thành lập hộ kinh doanh", "1.001612", 1},
			{"ho kinh doanh", "1.001612", 1},
			{"chung thuc ban sao", "2.000815", 1},
			{"1.000894", "1.000894", 1},
			{"hôn kết", "1.000894", 1}, // words in any order
			{"khai", "1.000656", 3},    // the three names, shortest first; not "Tờ khai" in every body
			{"xyz không có", "", 0},
			{`'; DROP TABLE procedures; --`, "", 0},
			{`"khai sinh"`, "1.001193", 2},
		}
		for _, tt := range tests {
			res, err := s.Search(ctx, catalog.Query{Text: tt.q})
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			if res.Total != tt.n {
				t.Errorf("Search(%q).Total = %d; want %d", tt.q, res.Total, tt.n)
			}
			if tt.n > 0 && (len(res.Items) == 0 || res.Items[0].Code != tt.first) {
				t.Errorf("Search(%q) first = %v; want %s", tt.q, codesOf(res.Items), tt.first)
			}
		}
		// A name match ranks before a body-only match: "ho tich" is the field of three procedures
		// and in no name.
		res, _ := s.Search(ctx, catalog.Query{Text: "khai sinh"})
		if got := codesOf(res.Items); got != "1.001193,1.004884" {
			t.Errorf("exact phrase first: got %s; want 1.001193,1.004884", got)
		}
		// Filters and Vietnamese collation without a query: kết < khai < khai tử < lại.
		res, _ = s.Search(ctx, catalog.Query{Field: "ho tich"})
		if got := codesOf(res.Items); got != "1.000894,1.001193,1.000656,1.004884" {
			t.Errorf("field filter in collation order = %s", got)
		}
		res, _ = s.Search(ctx, catalog.Query{Online: catalog.OnlinePartial})
		if res.Total != 0 {
			t.Errorf("online_level=partial Total = %d; want 0", res.Total)
		}
		// Bad parameters are 400 with the parameter named, never a panic.
		for _, q := range []catalog.Query{{Text: "bad\xff"}, {Text: strings.Repeat("a", 10<<10)}, {Level: "district"}, {Status: "x"}, {Page: 1 << 62, PerPage: 100}} {
			_, err := s.Search(ctx, q)
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || len(e.Fields) == 0 {
				t.Errorf("Search(%+v) = %v; want invalid with fields", q, err)
			}
		}
	})
}

func codesOf(ps []*catalog.Procedure) string {
	var cs []string
	for _, p := range ps {
		cs = append(cs, p.Code)
	}
	return strings.Join(cs, ",")
}

func TestDecisionAtomicAndHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := catalog.NewStore(d)
		seed(t, s)
		ctx := context.Background()

		// One bad item among good ones: nothing applies, every problem is listed by path.
		bad := proc("1.000894", "", "Hộ tịch")
		_, err := s.ApplyDecision(ctx, admin, &catalog.Decision{
			Number: "2/QĐ-UBND", SignedOn: "2026-02-01",
			Publish: []catalog.Procedure{proc("1.999999", "Thủ tục mới", "Hộ tịch"), proc("1.001193", "Trùng", "Hộ tịch")},
			Amend:   []catalog.Procedure{bad},
			Abolish: []string{"1.000656", "9.000000"},
		})
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable {
			t.Fatalf("bad decision: %v; want 422", err)
		}
		paths := map[string]bool{}
		for _, f := range e.Fields {
			paths[f.Path] = true
		}
		if !paths["amend[0].name"] {
			t.Errorf("fields %v; want amend[0].name", e.Fields)
		}
		if _, err := s.Procedure(ctx, "1.999999"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("after a failed decision 1.999999 exists: %v", err)
		}
		// Database-level checks are reported whole too.
		_, err = s.ApplyDecision(ctx, admin, &catalog.Decision{
			Number: "2/QĐ-UBND", SignedOn: "2026-02-01",
			Publish: []catalog.Procedure{proc("1.999999", "Thủ tục mới", "Hộ tịch"), proc("1.001193", "Trùng", "Hộ tịch")},
			Abolish: []string{"1.000656", "9.000000"},
		})
		e, _ = apperr.As(err)
		if e == nil || fmt.Sprint(pathsOf(e)) != "[publish[1].code abolish[1]]" {
			t.Fatalf("state errors = %v; want publish[1].code and abolish[1]", err)
		}
		if _, err := s.Procedure(ctx, "1.999999"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("after a failed decision 1.999999 exists: %v", err)
		}
		if p, _ := s.Procedure(ctx, "1.000656"); p.Status != catalog.StatusActive {
			t.Errorf("after a failed decision 1.000656 is %s", p.Status)
		}

		// Amend then abolish: three versions, each made by its decision; the abolished one stays readable.
		am := proc("1.000894", "Thủ tục đăng ký kết hôn (sửa đổi)", "Hộ tịch")
		am.ProcessingDays = ptr(5)
		if _, err := s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "3/QĐ-UBND", SignedOn: "2026-03-01", Amend: []catalog.Procedure{am}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "4/QĐ-UBND", SignedOn: "2026-04-01", Abolish: []string{"1.000894"}}); err != nil {
			t.Fatal(err)
		}
		p, err := s.Procedure(ctx, "1.000894")
		if err != nil || p.Status != catalog.StatusAbolished || p.Version != 3 || p.DecisionNo != "4/QĐ-UBND" {
			t.Fatalf("abolished procedure = %+v, %v", p, err)
		}
		vs, err := s.Versions(ctx, "1.000894")
		if err != nil || len(vs) != 3 {
			t.Fatalf("Versions = %d, %v; want 3", len(vs), err)
		}
		want := []struct{ change, decision, name string }{
			{"publish", "1/QĐ-UBND", "Thủ tục đăng ký kết hôn"},
			{"amend", "3/QĐ-UBND", "Thủ tục đăng ký kết hôn (sửa đổi)"},
			{"abolish", "4/QĐ-UBND", "Thủ tục đăng ký kết hôn (sửa đổi)"},
		}
		for i, w := range want {
			if vs[i].Change != w.change || vs[i].Decision != w.decision || vs[i].Procedure.Name != w.name {
				t.Errorf("version %d = %s %s %q; want %+v", i+1, vs[i].Change, vs[i].Decision, vs[i].Procedure.Name, w)
			}
		}
		// Search hides abolished procedures unless asked.
		if res, _ := s.Search(ctx, catalog.Query{Text: "ket hon"}); res.Total != 0 {
			t.Errorf("abolished procedure found in active search")
		}
		if res, _ := s.Search(ctx, catalog.Query{Text: "ket hon", Status: "abolished"}); res.Total != 1 {
			t.Errorf("status=abolished Total = %d; want 1", res.Total)
		}
		// A second replica's store sees the change once its index is stale.
		other := catalog.NewStore(d)
		other.Staleness = 0
		if res, _ := other.Search(ctx, catalog.Query{Text: "ket hon", Status: "all"}); res.Total != 1 {
			t.Errorf("second store Total = %d; want 1", res.Total)
		}
		// Duplicate decision number is a conflict.
		_, err = s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "4/QĐ-UBND", SignedOn: "2026-04-01", Publish: []catalog.Procedure{proc("1.777777", "X", "Y")}})
		if apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("duplicate number: %v; want conflict", err)
		}
		ds, total, err := s.Decisions(ctx, 1, 10)
		if err != nil || total != 3 || ds[0].Number != "4/QĐ-UBND" || ds[0].CreatedBy != "" {
			t.Errorf("Decisions = %d, %v", total, err)
		}
	})
}

func pathsOf(e *apperr.Error) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Path)
	}
	return out
}

func TestDecisionAuthorisation(t *testing.T) {
	s := catalog.NewStore(dbtest.SQLite(t))
	d := &catalog.Decision{Number: "1", SignedOn: "2026-01-01", Publish: []catalog.Procedure{proc("1.000001", "A", "B")}}
	if _, err := s.ApplyDecision(context.Background(), nil, d); apperr.KindOf(err) != apperr.KindUnauthenticated {
		t.Errorf("anonymous: %v; want unauthenticated", err)
	}
	for _, r := range []org.Role{org.RoleCitizen, org.RoleReception, org.RoleSpecialist, org.RoleLeader} {
		if _, err := s.ApplyDecision(context.Background(), &org.User{Role: r}, d); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("%s: %v; want forbidden", r, err)
		}
	}
}
