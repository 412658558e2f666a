package catalog_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// Words of real procedure names, combined into a catalog the size of Hà Nội's (about 1,900).
var (
	benchActs = []string{"Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thay đổi nội dung", "Xác nhận",
		"Công nhận", "Thu hồi", "Chứng thực", "Cấp bản sao", "Phê duyệt", "Thẩm định", "Hỗ trợ", "Đăng ký lại", "Chấm dứt", "Tạm ngừng"}
	benchObjects = []string{"khai sinh", "kết hôn", "khai tử", "giấy phép xây dựng", "hộ kinh doanh", "giấy chứng nhận quyền sử dụng đất",
		"giấy phép lái xe", "thẻ căn cước", "hộ chiếu phổ thông", "phiếu lý lịch tư pháp", "giấy phép kinh doanh rượu", "chứng chỉ hành nghề",
		"hộ nghèo, hộ cận nghèo", "trợ cấp xã hội hằng tháng", "giấy phép môi trường", "văn bằng, chứng chỉ", "tạm trú", "thường trú",
		"giấy phép quảng cáo", "giấy chứng nhận an toàn thực phẩm", "giấy phép khai thác nước", "đề án bảo vệ môi trường",
		"giấy phép tổ chức lễ hội", "chứng chỉ quy hoạch", "nuôi con nuôi", "giám hộ", "nhận cha, mẹ, con", "hòa giải viên"}
	benchQualifiers = []string{"", " có yếu tố nước ngoài", " đối với công trình cấp III, cấp IV", " cho người từ đủ 14 tuổi trở lên",
		" (thực hiện tại cấp tỉnh)"}
	benchFields = []string{"Hộ tịch", "Chứng thực", "Xây dựng", "Đất đai", "Đường bộ", "Môi trường", "Văn hóa", "Y tế", "Giáo dục", "Cư trú"}
)

func benchCatalog(n int) []catalog.Procedure {
	var ps []catalog.Procedure
	for i := 0; len(ps) < n; i++ {
		a := benchActs[i%len(benchActs)]
		o := benchObjects[(i/len(benchActs))%len(benchObjects)]
		q := benchQualifiers[(i/(len(benchActs)*len(benchObjects)))%len(benchQualifiers)]
		p := proc(fmt.Sprintf("2.%06d", i), a+" "+o+q, benchFields[i%len(benchFields)])
		p.Result = "Giấy xác nhận " + o
		p.Components = append(p.Components, catalog.Component{ID: "giay-to", Name: "Bản sao giấy tờ chứng minh " + o, Copies: 1})
		p.Steps = []string{"Nộp hồ sơ tại Bộ phận Một cửa hoặc trực tuyến trên Cổng Dịch vụ công.",
			"Cán bộ tiếp nhận kiểm tra, ghi vào sổ và hẹn trả kết quả.", "Cơ quan giải quyết thẩm định và trả kết quả " + o + "."}
		ps = append(ps, p)
	}
	return ps
}

// BenchmarkSearch measures catalog search on 2,000 procedures with a mix of queries citizens
// type: with and without diacritics, partial words, a code, a filter, nothing at all. The target
// is hundreds of searches a second on one core; run with -cpu 1.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s := catalog.NewStore(dbtest.SQLite(b))
	if _, err := s.ApplyDecision(ctx, admin, &catalog.Decision{Number: "BENCH", SignedOn: "2026-01-01", Publish: benchCatalog(2000)}); err != nil {
		b.Fatal(err)
	}
	queries := []catalog.Query{
		{Text: "đăng ký khai sinh"}, {Text: "dang ky ket hon"}, {Text: "GIẤY PHÉP XÂY DỰNG"}, {Text: "cap lai giay phep lai xe"},
		{Text: "ho kinh doanh"}, {Text: "2.000815"}, {Text: "căn cước"}, {Text: "xyz không có gì"},
		{Text: "giay phep", Field: "Xây dựng"}, {Field: "Hộ tịch", Page: 2}, {}, {Text: "môi trường", Online: catalog.OnlineFull},
	}
	if res, err := s.Search(ctx, queries[0]); err != nil || res.Total == 0 {
		b.Fatalf("warm-up search: %v, %v", res, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
	}
	perSec := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "searches/s")
	b.ReportMetric(perSec/500, "x-target-500/s")
}
