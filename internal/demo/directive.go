package demo

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// DirectiveNumber is the number of the demo city's directive; DEMO marks it as no real one.
const DirectiveNumber = "DEMO-07/CT-UBND"

// SeedDirective records the demo city's directive of the People's Committee, signed 20 days
// before now, with tasks in every state: Phường Hoàn Kiếm's due in two days (its leader,
// lanhdao, can report it), the city police's reported done on time, Phường Ba Đình's overdue,
// the Department of Justice's in progress. It is recorded once: on later starts it is left
// as it stands.
func SeedDirective(ctx context.Context, s *directive.Store, orgs *org.Store, now time.Time) error {
	office, err := orgs.User(ctx, "vanphong")
	if err != nil {
		return err
	}
	day := func(n int) string { return now.In(vntime.Location()).AddDate(0, 0, n).Format(time.DateOnly) }
	d, err := s.Record(ctx, office, directive.Input{Number: DirectiveNumber, SignedOn: day(-20),
		Signer: "Chủ tịch Ủy ban nhân dân thành phố",
		Title:  "Về đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình và nâng cao chất lượng phục vụ tại Bộ phận Một cửa các cấp",
		Summary: "Giao các sở, ngành, phường, xã rà soát, công khai đầy đủ thủ tục hành chính; hướng dẫn người dân nộp hồ sơ trực tuyến; " +
			"tập huấn cán bộ một cửa; báo cáo kết quả số hóa hồ sơ về Văn phòng Ủy ban nhân dân thành phố.",
		Tasks: []directive.TaskInput{
			{AgencyCode: "00070", Title: "Rà soát, niêm yết công khai đầy đủ thủ tục hành chính và quy trình tiếp nhận tại Bộ phận Một cửa phường", DueOn: day(2)},
			{AgencyCode: "CATP", Title: "Hướng dẫn người dân đề nghị cấp Phiếu lý lịch tư pháp trực tuyến toàn trình trên Cổng dịch vụ công", DueOn: day(15)},
			{AgencyCode: "00004", Title: "Tổ chức tập huấn sử dụng tài khoản định danh điện tử VNeID cho cán bộ Bộ phận Một cửa", DueOn: day(-5)},
			{AgencyCode: "STP", Title: "Tổng hợp, báo cáo kết quả số hóa sổ hộ tịch của các phường, xã", DueOn: day(30)},
		}})
	if apperr.KindOf(err) == apperr.KindConflict {
		return nil // seeded on an earlier start
	}
	if err != nil {
		return err
	}
	police, err := orgs.User(ctx, "lanhdao.catp")
	if err != nil {
		return err
	}
	_, err = s.Report(ctx, police, d.Tasks[1].ID, directive.ReportInput{Status: "done",
		Note: "Đã đăng hướng dẫn trên Cổng dịch vụ công và niêm yết tại trụ sở; 1.250 hồ sơ nộp trực tuyến trong tháng."})
	return err
}
