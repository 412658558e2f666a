package catalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/vntime"
)

// The schedules below are the real ones of the demo catalogue (internal/demo/data/schedules.py),
// written out in Go so that the rules are tested apart from the data.

// lltp: Cấp Phiếu lý lịch tư pháp, Thông tư 244/2016/TT-BTC: 200.000 đồng a request, half for
// students and people with revolutionary merit, free for children and others; 5.000 đồng more
// for each Phiếu from the third.
func lltp() catalog.Procedure {
	p := proc("3.000333", "Cấp Phiếu Lý lịch tư pháp", "Lý lịch tư pháp")
	p.Fees = []catalog.Fee{
		{Name: "Phí cung cấp thông tin lý lịch tư pháp", AmountVND: ptr[int64](200000), Basis: "Thông tư 244/2016/TT-BTC",
			Reductions: []catalog.Reduction{
				{Name: "Giảm 50%", Percent: 50, Categories: []string{"sinh-vien", "nguoi-co-cong"}, Basis: "Thông tư 244/2016/TT-BTC"},
				{Name: "Miễn phí", Percent: 100, Categories: []string{"tre-em", "ho-ngheo"}, Basis: "Thông tư 244/2016/TT-BTC"},
			}},
		{Name: "Phí cho sinh viên", AmountVND: ptr[int64](100000), InfoOnly: true},
		{Name: "Phiếu thứ 3 trở đi", AmountVND: ptr[int64](5000), Per: "copy", FromUnit: 3, Basis: "Thông tư 244/2016/TT-BTC"},
	}
	return p
}

// chungThuc: chứng thực bản sao từ bản chính, Thông tư 226/2016/TT-BTC Điều 4: 2.000 đồng a page
// of the original, 1.000 đồng from the third page, at most 200.000 đồng a copy.
func chungThuc() catalog.Procedure {
	p := proc("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực")
	p.Fees = []catalog.Fee{{Name: "Phí chứng thực bản sao", AmountVND: ptr[int64](2000), Basis: "Thông tư 226/2016/TT-BTC, Điều 4 khoản 1",
		Per: "page", Then: &catalog.Rate{FromUnit: 3, AmountVND: 1000}, CapVND: ptr[int64](200000)}}
	return p
}

// hoKinhDoanh: 100.000 đồng, free online from 25/7/2026 (Nghị quyết 78/2026/NQ-HĐND).
func hoKinhDoanh() catalog.Procedure {
	p := proc("1.001612", "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh")
	p.Fees = []catalog.Fee{{Name: "Lệ phí đăng ký hộ kinh doanh", AmountVND: ptr[int64](100000), Basis: "NQ 78/2026",
		Reductions: []catalog.Reduction{{Name: "Miễn khi nộp trực tuyến", Percent: 100, Online: true, From: "2026-07-25", Basis: "NQ 78/2026"}}}}
	return p
}

// canCuoc: 50.000 đồng, half from 01/7/2025 to 31/12/2026 (Thông tư 64/2025/TT-BTC).
func canCuoc() catalog.Procedure {
	p := proc("1.014063", "Cấp đổi thẻ căn cước", "Căn cước")
	p.Fees = []catalog.Fee{{Name: "Lệ phí cấp đổi thẻ căn cước", AmountVND: ptr[int64](50000), Basis: "Thông tư 73/2024/TT-BTC",
		Reductions: []catalog.Reduction{{Name: "Thu bằng 50%", Percent: 50, From: "2025-07-01", Until: "2026-12-31", Basis: "Thông tư 64/2025/TT-BTC"}}}}
	return p
}

// thuongTru: 10.000 đồng online, 20.000 đồng on paper (Thông tư 75/2022/TT-BTC).
func thuongTru() catalog.Procedure {
	p := proc("1.004222", "Đăng ký thường trú", "Đăng ký, quản lý cư trú")
	p.Fees = []catalog.Fee{
		{Name: "Lệ phí (trực tuyến)", AmountVND: ptr[int64](10000), Filed: "online", Basis: "Thông tư 75/2022/TT-BTC"},
		{Name: "Lệ phí (trực tiếp)", AmountVND: ptr[int64](20000), Filed: "paper", Basis: "Thông tư 75/2022/TT-BTC"},
	}
	return p
}

// khaiSinh: free; 5.000 đồng when late; 8.000 đồng each copy beyond the original.
func khaiSinh() catalog.Procedure {
	p := proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
	p.Fees = []catalog.Fee{
		{Name: "Lệ phí đăng ký khai sinh", AmountVND: ptr[int64](0)},
		{Name: "Lệ phí quá hạn", AmountVND: ptr[int64](5000), Case: "qua-han", Basis: "NQ 06/2020",
			Reductions: []catalog.Reduction{{Name: "Miễn cho hộ nghèo", Percent: 100, Categories: []string{"ho-ngheo"}, Basis: "Luật Hộ tịch, Điều 11"}}},
		{Name: "Phí bản sao", AmountVND: ptr[int64](8000), Per: "copy", FromUnit: 2, Basis: "Thông tư 281/2016/TT-BTC"},
	}
	return p
}

// xayDung: the council sets the fee and no source gives it.
func xayDung() catalog.Procedure {
	p := proc("1.013225", "Cấp giấy phép xây dựng", "Xây dựng")
	p.Fees = []catalog.Fee{{Name: "Lệ phí cấp giấy phép xây dựng", AmountVND: nil}}
	return p
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, vntime.Location())
	if err != nil {
		panic(err)
	}
	return t
}

func TestQuote(t *testing.T) {
	now := day("2026-12-07")
	type line struct {
		Name   string
		Amount int64
	}
	tests := []struct {
		name  string
		p     catalog.Procedure
		in    catalog.FeeInput
		total int64
		lines []line
	}{
		{"lltp online", lltp(), catalog.FeeInput{Online: true}, 200000, []line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}}},
		{"lltp 2 phiếu", lltp(), catalog.FeeInput{Copies: 2}, 200000, []line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}}},
		{"lltp 4 phiếu", lltp(), catalog.FeeInput{Copies: 4}, 210000,
			[]line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}, {"Phiếu thứ 3 trở đi", 10000}}},
		{"lltp student", lltp(), catalog.FeeInput{Categories: []string{"sinh-vien"}}, 100000,
			[]line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}, {"Giảm 50%", -100000}}},
		// Of two reductions the largest applies, never both.
		{"lltp student and poor", lltp(), catalog.FeeInput{Categories: []string{"sinh-vien", "ho-ngheo"}}, 0,
			[]line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}, {"Miễn phí", -200000}}},
		{"lltp unknown category", lltp(), catalog.FeeInput{Categories: []string{"khac"}}, 200000, []line{{"Phí cung cấp thông tin lý lịch tư pháp", 200000}}},
		{"chứng thực 1 page", chungThuc(), catalog.FeeInput{}, 2000, []line{{"Phí chứng thực bản sao", 2000}}},
		{"chứng thực 5 pages 2 copies", chungThuc(), catalog.FeeInput{Pages: 5, Copies: 2}, 14000, []line{{"Phí chứng thực bản sao", 14000}}},
		{"chứng thực 198 pages", chungThuc(), catalog.FeeInput{Pages: 198}, 200000, []line{{"Phí chứng thực bản sao", 200000}}},
		{"chứng thực 199 pages capped", chungThuc(), catalog.FeeInput{Pages: 199}, 200000, []line{{"Phí chứng thực bản sao", 200000}}},
		{"chứng thực 150 pages", chungThuc(), catalog.FeeInput{Pages: 150}, 152000, []line{{"Phí chứng thực bản sao", 152000}}},
		{"chứng thực 500 pages 3 copies", chungThuc(), catalog.FeeInput{Pages: 500, Copies: 3}, 600000, []line{{"Phí chứng thực bản sao", 600000}}},
		{"hộ kinh doanh paper", hoKinhDoanh(), catalog.FeeInput{}, 100000, []line{{"Lệ phí đăng ký hộ kinh doanh", 100000}}},
		{"hộ kinh doanh online", hoKinhDoanh(), catalog.FeeInput{Online: true}, 0,
			[]line{{"Lệ phí đăng ký hộ kinh doanh", 100000}, {"Miễn khi nộp trực tuyến", -100000}}},
		{"hộ kinh doanh online before the resolution", hoKinhDoanh(), catalog.FeeInput{Online: true, On: day("2026-07-24")}, 100000,
			[]line{{"Lệ phí đăng ký hộ kinh doanh", 100000}}},
		{"căn cước in 2026", canCuoc(), catalog.FeeInput{Online: true}, 25000,
			[]line{{"Lệ phí cấp đổi thẻ căn cước", 50000}, {"Thu bằng 50%", -25000}}},
		{"căn cước last day", canCuoc(), catalog.FeeInput{On: day("2026-12-31")}, 25000,
			[]line{{"Lệ phí cấp đổi thẻ căn cước", 50000}, {"Thu bằng 50%", -25000}}},
		{"căn cước in 2027", canCuoc(), catalog.FeeInput{On: day("2027-01-01")}, 50000, []line{{"Lệ phí cấp đổi thẻ căn cước", 50000}}},
		{"thường trú online", thuongTru(), catalog.FeeInput{Online: true}, 10000, []line{{"Lệ phí (trực tuyến)", 10000}}},
		{"thường trú paper", thuongTru(), catalog.FeeInput{}, 20000, []line{{"Lệ phí (trực tiếp)", 20000}}},
		{"khai sinh in time", khaiSinh(), catalog.FeeInput{Online: true}, 0, nil},
		{"khai sinh late", khaiSinh(), catalog.FeeInput{Cases: []string{"qua-han"}}, 5000, []line{{"Lệ phí quá hạn", 5000}}},
		{"khai sinh late, poor", khaiSinh(), catalog.FeeInput{Cases: []string{"qua-han"}, Categories: []string{"ho-ngheo"}}, 0,
			[]line{{"Lệ phí quá hạn", 5000}, {"Miễn cho hộ nghèo", -5000}}},
		{"khai sinh 3 copies", khaiSinh(), catalog.FeeInput{Copies: 3}, 16000, []line{{"Phí bản sao", 16000}}},
		{"xây dựng", xayDung(), catalog.FeeInput{}, 0, nil},
	}
	for _, tt := range tests {
		if tt.in.On.IsZero() {
			tt.in.On = now
		}
		q := tt.p.Quote(tt.in)
		var got []line
		var sum int64
		for _, l := range q.Lines {
			got = append(got, line{l.Name, l.AmountVND})
			sum += l.AmountVND
			if l.Basis == "" && l.AmountVND != 0 && tt.p.Code != "1.001193" {
				t.Errorf("%s: line %q has no basis", tt.name, l.Name)
			}
		}
		if q.TotalVND != tt.total || sum != q.TotalVND {
			t.Errorf("%s: Quote(%+v).TotalVND = %d (lines sum %d); want %d", tt.name, tt.in, q.TotalVND, sum, tt.total)
		}
		if diff := cmp.Diff(tt.lines, got); diff != "" {
			t.Errorf("%s: lines (-want +got):\n%s", tt.name, diff)
		}
	}
	if x := xayDung(); len(x.Quote(catalog.FeeInput{}).Unpriced) != 1 {
		t.Errorf("xây dựng: Unpriced = %v; want the permit fee", x.Quote(catalog.FeeInput{}).Unpriced)
	}
}

// TestQuoteRounding: a percentage leaves the payer the reduced amount rounded down to whole
// đồng, and an amount off never takes a fee below zero.
func TestQuoteRounding(t *testing.T) {
	p := proc("1.000001", "A", "B")
	p.Fees = []catalog.Fee{
		{Name: "Phí", AmountVND: ptr[int64](12345), Reductions: []catalog.Reduction{{Name: "Giảm 30%", Percent: 30, Basis: "x"}}},
		{Name: "Lệ phí", AmountVND: ptr[int64](1000), Reductions: []catalog.Reduction{{Name: "Giảm", AmountVND: ptr[int64](5000), Basis: "x"}}},
	}
	q := p.Quote(catalog.FeeInput{On: day("2026-12-07")})
	// 12345 × 70% = 8641.5: the payer owes 8641, the reduction is 3704.
	if q.TotalVND != 8641 || q.Lines[1].AmountVND != -3704 || q.Lines[3].AmountVND != -1000 {
		t.Errorf("Quote = %+v; want 8641 owed, reductions -3704 and -1000", q)
	}
}

// TestQuotePerComponent charges a fee once for each time its component is given.
func TestQuotePerComponent(t *testing.T) {
	p := proc("1.000001", "A", "B")
	p.Components = append(p.Components, catalog.Component{ID: "ban-ve", Name: "Bản vẽ", Originals: 1})
	p.Fees = []catalog.Fee{{Name: "Phí thẩm định bản vẽ", AmountVND: ptr[int64](30000), Per: "component", PerComponent: "ban-ve", Basis: "x"}}
	if fe := catalog.Validate(&p); len(fe) != 0 {
		t.Fatalf("Validate: %v", fe)
	}
	for n, want := range []int64{0, 30000, 60000} {
		given := []string{"to-khai"}
		for range n {
			given = append(given, "ban-ve")
		}
		if got := p.Quote(catalog.FeeInput{Components: given}).TotalVND; got != want {
			t.Errorf("Quote(%v).TotalVND = %d; want %d", given, got, want)
		}
	}
}

// TestValidateFees names each bad field of a schedule by its path.
func TestValidateFees(t *testing.T) {
	for _, p := range []catalog.Procedure{lltp(), chungThuc(), hoKinhDoanh(), canCuoc(), thuongTru(), khaiSinh(), xayDung()} {
		if fe := catalog.Validate(&p); len(fe) != 0 {
			t.Errorf("%s: %v", p.Code, fe)
		}
	}
	p := lltp()
	p.Fees[0].Per = "person"
	p.Fees[0].Reductions[0].Percent = 101
	p.Fees[0].Reductions[1].Basis = ""
	p.Fees[0].Reductions[1].Categories = []string{"Hộ nghèo"}
	p.Fees[1].Per, p.Fees[1].PerComponent = "component", "khong-co"
	p.Fees[2].Then = &catalog.Rate{FromUnit: 2, AmountVND: -1}
	p.Fees[2].Filed = "post"
	p.Fees[2].Reductions = []catalog.Reduction{{Name: "Hai cách", Percent: 10, AmountVND: ptr[int64](1), From: "2026-02-01", Until: "2026-01-31", Basis: "x"}}
	var paths []string
	for _, f := range catalog.Validate(&p) {
		paths = append(paths, f.Path)
		if f.Message == "" {
			t.Errorf("%s: no message", f.Path)
		}
	}
	want := []string{"fees[0].per", "fees[0].reductions[0].percent", "fees[0].reductions[1].legal_basis",
		"fees[0].reductions[1].categories[0]", "fees[1].per_component", "fees[2].then.from_unit", "fees[2].then.amount_vnd",
		"fees[2].filed", "fees[2].reductions[0].percent", "fees[2].reductions[0].until"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

// TestDecisionFeePaths: a publication decision reports a schedule's errors under the item's
// path, in Vietnamese and English, and stores nothing.
func TestDecisionFeePaths(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := catalog.NewStore(d)
		bad := chungThuc()
		bad.Fees = append(bad.Fees, catalog.Fee{Name: "Phí", AmountVND: ptr[int64](1), Per: "component", PerComponent: "ban-ve"})
		_, err := s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "1/QĐ-UBND", SignedOn: "2026-01-05",
			Publish: []catalog.Procedure{lltp(), bad}})
		e, ok := apperr.As(err)
		if !ok || fmt.Sprint(pathsOf(e)) != "[publish[1].fees[1].per_component]" {
			t.Fatalf("ApplyDecision = %v; want publish[1].fees[1].per_component", err)
		}
		if f := e.Fields[0]; !strings.Contains(f.Message, "ban-ve") || !strings.Contains(f.MessageEn, "ban-ve") {
			t.Errorf("messages %q, %q do not name the component", f.Message, f.MessageEn)
		}
		if _, err := s.Procedure(ctx, "3.000333"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("after a failed decision 3.000333: %v", err)
		}
		// The schedule is stored and read back whole.
		if _, err := s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "2/QĐ-UBND", SignedOn: "2026-01-05",
			Publish: []catalog.Procedure{lltp(), chungThuc()}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Procedure(ctx, "2.000815")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(chungThuc().Fees, got.Fees); diff != "" {
			t.Errorf("stored fees (-want +got):\n%s", diff)
		}
		if q := got.Quote(catalog.FeeInput{Pages: 5, Copies: 2}); q.TotalVND != 14000 {
			t.Errorf("stored procedure's quote = %d; want 14000", q.TotalVND)
		}
	})
}

// FuzzQuote: for any schedule that passes validation and any input, the total is the sum of
// the lines, no line of a fee is negative, no reduction takes more than its fee, and the total
// is never below zero.
func FuzzQuote(f *testing.F) {
	for _, p := range []catalog.Procedure{lltp(), chungThuc(), hoKinhDoanh(), canCuoc(), khaiSinh()} {
		b, _ := json.Marshal(p.Fees)
		f.Add(b, true, 3, 250, "qua-han", "ho-ngheo")
	}
	f.Fuzz(func(t *testing.T, fees []byte, online bool, copies, pages int, cs, cat string) {
		p := proc("1.000001", "A", "B")
		p.Components = append(p.Components, catalog.Component{ID: "ban-ve", Name: "Bản vẽ"})
		if json.Unmarshal(fees, &p.Fees) != nil || len(catalog.Validate(&p)) > 0 {
			return
		}
		q := p.Quote(catalog.FeeInput{Online: online, Copies: copies, Pages: pages, Cases: []string{cs}, Categories: []string{cat},
			Components: []string{"ban-ve", "ban-ve"}, On: day("2026-12-07")})
		var sum, last int64
		for _, l := range q.Lines {
			sum += l.AmountVND
			if l.AmountVND < 0 && -l.AmountVND > last {
				t.Fatalf("reduction %d is more than its fee %d", l.AmountVND, last)
			}
			last = l.AmountVND
		}
		if sum != q.TotalVND || q.TotalVND < 0 {
			t.Fatalf("Quote = %+v: total %d, lines sum %d", q, q.TotalVND, sum)
		}
	})
}
