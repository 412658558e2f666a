package catalog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// withContent is a procedure with citizens' statements, a "one of" group, legal documents and
// editors' citations.
func withContent() catalog.Procedure {
	p := proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
	p.TimeStatement = "Trong ngày làm việc nhận đủ hồ sơ."
	p.FeeStatement = "Miễn lệ phí khi đăng ký đúng hạn."
	p.Fees = []catalog.Fee{{Name: "Lệ phí", AmountVND: ptr[int64](0), Note: "Cổng: Miễn phí", Statement: "Miễn phí."},
		{Name: "Phí bản sao", AmountVND: ptr[int64](8000), Basis: "Thông tư 281/2016/TT-BTC", Per: "page", FromUnit: 2,
			Then: &catalog.Rate{FromUnit: 3, AmountVND: 1000}, CapVND: ptr[int64](200000), Filed: "paper", Case: "qua-han",
			Reductions: []catalog.Reduction{{Name: "Miễn", Percent: 100, Categories: []string{"ho-ngheo"}, From: "2026-01-01",
				Until: "2026-12-31", Basis: "Luật Hộ tịch, Điều 11", Statement: "Miễn cho hộ nghèo."},
				{Name: "Giảm", AmountVND: ptr[int64](1000), Basis: "x"}}},
		{Name: "Phí thành phần", AmountVND: ptr[int64](1), Per: "component", PerComponent: "uy-quyen", InfoOnly: true}}
	p.Components = []catalog.Component{
		{ID: "to-khai", Name: "Tờ khai", Originals: 1, Required: true, Group: "to-khai"},
		{ID: "to-khai-dien-tu", Name: "Mẫu điện tử tương tác", Originals: 1, Required: true, Group: "to-khai"},
		{ID: "giay-chung-sinh", Name: "Giấy chứng sinh", Originals: 1, Required: true},
		{ID: "uy-quyen", Name: "Văn bản ủy quyền", Originals: 1, Condition: "Khi ủy quyền"},
	}
	p.LegalDocuments = []catalog.LegalDocument{{Number: "123/2015/NĐ-CP", Kind: "Nghị định",
		Title: "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", IssuedOn: "2015-11-15", Source: "Cổng DVCQG"}}
	p.Citations = []catalog.Citation{{Figure: "processing_time", Text: "1", Source: "https://dichvucong.gov.vn/"}}
	return p
}

// TestRequirements: alternatives are one requirement, met by any member; a lone optional
// component is never unmet.
func TestRequirements(t *testing.T) {
	p := withContent()
	reqs := catalog.Requirements(&p)
	if len(reqs) != 3 || reqs[0].Group != "to-khai" || len(reqs[0].Components) != 2 || !reqs[0].Required || reqs[2].Required {
		t.Fatalf("Requirements = %+v", reqs)
	}
	given := func(ids ...string) func(catalog.Component) bool {
		return func(c catalog.Component) bool { return strings.Contains(" "+strings.Join(ids, " ")+" ", " "+c.ID+" ") }
	}
	for _, tt := range []struct {
		given []string
		unmet []string
	}{
		{nil, []string{"to-khai", "giay-chung-sinh"}},
		{[]string{"to-khai-dien-tu"}, []string{"giay-chung-sinh"}},
		{[]string{"to-khai", "giay-chung-sinh"}, nil},
		{[]string{"to-khai-dien-tu", "giay-chung-sinh"}, nil},
	} {
		var got []string
		for _, r := range catalog.Unmet(&p, given(tt.given...)) {
			got = append(got, r.Components[0].ID)
		}
		if !cmp.Equal(got, tt.unmet) {
			t.Errorf("given %v: unmet %v; want %v", tt.given, got, tt.unmet)
		}
	}
}

// TestValidateContent refuses a group of one, a bad group name, an undated or untitled legal
// document and an incomplete citation.
func TestValidateContent(t *testing.T) {
	p := withContent()
	if fe := catalog.Validate(&p); len(fe) != 0 {
		t.Fatalf("valid procedure: %v", fe)
	}
	p.Components[1].Group = "Tờ khai"
	p.LegalDocuments[0].Title = ""
	p.LegalDocuments[0].IssuedOn = "15/11/2015"
	p.Citations[0].Source = ""
	var paths []string
	for _, f := range catalog.Validate(&p) {
		paths = append(paths, f.Path)
	}
	want := []string{"components[0].group", "components[1].group", "legal_documents[0].title", "legal_documents[0].issued_on", "citations[0].source"}
	for _, w := range want {
		if !strings.Contains(strings.Join(paths, " "), w) {
			t.Errorf("fields %v lack %s", paths, w)
		}
	}
}

// TestExchangeKeepsContent: the statements, groups, legal documents and citations survive the
// JSON and XLSX exchange files.
func TestExchangeKeepsContent(t *testing.T) {
	ctx := context.Background()
	src := catalog.NewStore(dbtest.SQLite(t))
	if _, err := src.ApplyDecision(ctx, admin, &catalog.Decision{Number: "1/QĐ-UBND", SignedOn: "2026-01-05",
		Publish: []catalog.Procedure{withContent()}}); err != nil {
		t.Fatal(err)
	}
	all, err := src.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "xlsx"} {
		var buf bytes.Buffer
		var items []catalog.Item
		if format == "json" {
			if err = catalog.EncodeJSON(&buf, all); err == nil {
				items, err = catalog.DecodeJSON(&buf)
			}
		} else if err = catalog.EncodeXLSX(&buf, all); err == nil {
			items, err = catalog.DecodeXLSX(&buf)
		}
		if e, ok := apperr.As(err); ok {
			t.Fatalf("%s: %v %v", format, e, e.Fields)
		} else if err != nil {
			t.Fatal(err)
		}
		got := items[0].Procedure
		want := *all[0]
		if !jsonEqual(got.FormSchema, want.FormSchema) {
			t.Errorf("%s: form schema %s; want %s", format, got.FormSchema, want.FormSchema)
		}
		for _, p := range []*catalog.Procedure{&got, &want} {
			p.Version, p.DecisionNo, p.Status, p.UpdatedAt, p.FormSchema = 0, "", "", want.UpdatedAt, nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", format, diff)
		}
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && cmp.Equal(x, y)
}
