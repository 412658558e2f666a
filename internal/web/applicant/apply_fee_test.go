package applicant

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestReviewShowsAmountDue: check your answers shows what the dossier costs filed online, line
// by line with each line's legal basis (catalog.Procedure.Quote), and who may pay less.
func TestReviewShowsAmountDue(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	u := webtest.MustUser(t, f.Org, "congdan")
	b := f.Browser(t)
	b.SignIn("congdan")
	tests := []struct {
		code   string
		vi, en []string
	}{
		{"3.000333", // Phiếu lý lịch tư pháp: 200.000 đồng (Thông tư 244/2016/TT-BTC)
			[]string{"Số tiền phải nộp: 200.000 đ", "Phí cung cấp thông tin lý lịch tư pháp", "Thông tư 244/2016/TT-BTC", "Tổng cộng",
				"Bạn được miễn hoặc giảm", "Giảm 50% cho sinh viên"},
			[]string{"Amount due: 200.000 đ", "Legal basis", "Total", "You pay less or nothing"}},
		{"1.001612", // hộ kinh doanh: 100.000 đồng, free online (Nghị quyết 78/2026/NQ-HĐND)
			[]string{"Số tiền phải nộp: 0 đ", "100.000 đ", "-100.000 đ", "Miễn lệ phí khi nộp hồ sơ trực tuyến", "Nghị quyết 78/2026/NQ-HĐND"},
			[]string{"Amount due: 0 đ", "-100.000 đ"}},
		{"1.001193", []string{"Miễn phí"}, []string{"Free"}}, // khai sinh in time
	}
	for _, tt := range tests {
		d, err := f.Dossiers.SaveDraft(ctx, u, "", dossier.SubmitInput{ProcedureCode: tt.code})
		if err != nil {
			t.Fatal(err)
		}
		review := "/nop-ho-so/" + tt.code + "/kiem-tra?draft=" + d.ID
		webtest.MustContain(t, "review "+tt.code, b.Page(review, 200), tt.vi...) // both languages pass the HTML checks
		res, body := b.Get(review + "&lang=en")
		if res.StatusCode != 200 {
			t.Fatalf("GET %s&lang=en = %d", review, res.StatusCode)
		}
		webtest.MustContain(t, "review "+tt.code+" en", body, tt.en...)
	}
}
