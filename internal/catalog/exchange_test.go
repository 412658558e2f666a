package catalog_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

func TestExchangeRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		src := catalog.NewStore(d)
		seed(t, src)
		all, err := src.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"json", "xlsx"} {
			t.Run(format, func(t *testing.T) {
				var buf bytes.Buffer
				var items []catalog.Item
				if format == "json" {
					err = catalog.EncodeJSON(&buf, all)
					if err == nil {
						items, err = catalog.DecodeJSON(&buf)
					}
				} else {
					err = catalog.EncodeXLSX(&buf, all)
					if err == nil {
						items, err = catalog.DecodeXLSX(&buf)
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				dst := catalog.NewStore(dbtest.SQLite(t))
				rep, err := dst.Import(ctx, admin, items, catalog.Decision{Number: "IMP-1", SignedOn: "2026-05-01"})
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Published) != len(all) {
					t.Errorf("published %d; want %d", len(rep.Published), len(all))
				}
				got, _ := dst.All(ctx)
				for i := range all {
					a, b := *all[i], *got[i]
					a.Version, a.DecisionNo, a.UpdatedAt = 0, "", b.UpdatedAt
					b.Version, b.DecisionNo = 0, ""
					if diff := cmp.Diff(a, b); diff != "" {
						t.Errorf("%s round trip (-want +got):\n%s", a.Code, diff)
					}
				}
				// Importing the same file again changes nothing.
				rep, err = dst.Import(ctx, admin, items, catalog.Decision{Number: "IMP-2", SignedOn: "2026-05-02"})
				if err != nil || len(rep.Unchanged) != len(all) || rep.Decision != nil {
					t.Errorf("re-import = %+v, %v; want all unchanged and no decision", rep, err)
				}
			})
		}
	})
}

func TestImportBadFileChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := catalog.NewStore(dbtest.SQLite(t))
	seed(t, s)
	all, _ := s.All(ctx)
	var buf bytes.Buffer
	if err := catalog.EncodeXLSX(&buf, all); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Row 3: an amendment with a bad level; row 4: a bad processing time; a component of a missing procedure.
	f.SetCellValue(catalog.SheetProcedures, "C2", "Tên mới hợp lệ")
	f.SetCellValue(catalog.SheetProcedures, "E3", "district")
	if err := f.SetCellValue(catalog.SheetProcedures, "I4", "ba"); err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow(catalog.SheetComponents, "A50", &[]any{"1.234567", "x", "Y", 1, 0, "có"})
	var out bytes.Buffer
	f.WriteTo(&out)
	items, err := catalog.DecodeXLSX(bytes.NewReader(out.Bytes()))
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("DecodeXLSX = %d items, %v; want errors", len(items), err)
	}
	got := strings.Join(pathsOf(e), " | ")
	for _, want := range []string{"Thủ tục, dòng 4: processing_days", "Thành phần, dòng 50: code"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q lack %q", got, want)
		}
	}
	// A file that parses but breaks a rule fails on import, naming the row.
	f.SetCellValue(catalog.SheetProcedures, "I4", 3)
	if err := f.RemoveRow(catalog.SheetComponents, 50); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	f.WriteTo(&out)
	items, err = catalog.DecodeXLSX(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Import(ctx, admin, items, catalog.Decision{Number: "IMP-BAD", SignedOn: "2026-05-01"})
	e, ok = apperr.As(err)
	if !ok || !strings.Contains(strings.Join(pathsOf(e), " | "), "Thủ tục, dòng 3.level") {
		t.Fatalf("Import = %v; want an error at Thủ tục, dòng 3.level", err)
	}
	p, _ := s.Procedure(ctx, all[0].Code)
	if p.Name == "Tên mới hợp lệ" {
		t.Error("a failed import changed a procedure")
	}
	if _, err := s.DecisionByNumber(ctx, "IMP-BAD"); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("a failed import left decision IMP-BAD: %v", err)
	}
}

// TestImportEmptyRefused: null, {} and [] are not an empty decision but a wrong file: 422
// and nothing stored (issue 10 finding 13: they answered 200).
func TestImportEmptyRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := catalog.NewStore(d)
		for _, body := range []string{"null", "{}", "[]", `{"procedures":[]}`, `{"procedures":null}`} {
			items, err := catalog.DecodeJSON(strings.NewReader(body))
			if err != nil {
				t.Fatalf("DecodeJSON(%s): %v", body, err)
			}
			if _, err := s.Import(ctx, admin, items, catalog.Decision{Number: "EMPTY-1", SignedOn: "2026-05-01"}); apperr.KindOf(err) != apperr.KindUnprocessable {
				t.Errorf("Import(%s) = %v; want 422", body, err)
			}
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM decisions`).Scan(&n); err != nil || n != 0 {
			t.Errorf("decisions stored = %d, %v; want 0", n, err)
		}
	})
}
