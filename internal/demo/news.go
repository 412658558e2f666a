package demo

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
)

// Articles are the demo portal's articles, about the one-stop services and procedures of the
// demo catalog; figures are the catalog's (fees, times) and the rules they cite.
var Articles = []news.Input{
	{
		Category: news.Guidance, Tags: []string{"hộ tịch", "khai sinh", "dịch vụ công trực tuyến"}, Procedures: []string{"1.001193"},
		Title:   "Hướng dẫn đăng ký khai sinh trực tuyến toàn trình",
		Summary: "Cha, mẹ có thể đăng ký khai sinh cho con qua Cổng dịch vụ công mà không phải đến Bộ phận Một cửa; thủ tục không mất lệ phí.",
		Body: `Đăng ký khai sinh là thủ tục được cung cấp **trực tuyến toàn trình** tại Ủy ban nhân dân phường, xã nơi cư trú của cha hoặc mẹ.

## Chuẩn bị

- Giấy chứng sinh do cơ sở y tế cấp (bản chụp hoặc bản điện tử);
- Thông tin của cha, mẹ theo thẻ căn cước;
- Văn bản ủy quyền, nếu người đi đăng ký không phải cha, mẹ.

## Các bước

1. Đăng nhập cổng, chọn thủ tục **Đăng ký khai sinh**.
2. Điền tờ khai; thông tin của người nộp được điền sẵn từ tài khoản.
3. Đính kèm giấy tờ và nộp hồ sơ; hệ thống cấp mã hồ sơ để tra cứu.
4. Nhận kết quả điện tử có chữ ký số của cơ quan, hoặc chọn nhận bản giấy qua bưu chính.

Lệ phí: **miễn** khi đăng ký khai sinh đúng hạn. Người nộp theo dõi hồ sơ bằng mã hồ sơ ở mục *Tra cứu hồ sơ*.`,
		TitleEn:   "How to register a birth fully online",
		SummaryEn: "Parents can register their child's birth on the public-service portal without visiting the one-stop counter; the procedure is free.",
		BodyEn: `Birth registration is offered **fully online** by the People's Committee of the ward or commune where either parent resides.

## What you need

- The birth certificate issued by the hospital (a scan or the electronic copy);
- The parents' details as on their identity cards;
- A letter of authorisation if neither parent applies.

## Steps

1. Sign in and choose **Birth registration**.
2. Fill in the declaration; your own details are prefilled from your account.
3. Attach the documents and submit; you get a dossier code to track it.
4. Receive the result signed electronically by the agency, or choose delivery by post.

Fee: **none** for a registration on time. Track the dossier with its code under *Track a dossier*.`,
	},
	{
		Category: news.Guidance, Tags: []string{"chứng thực", "một cửa"}, Procedures: []string{"2.000815"},
		Title:   "Chứng thực bản sao từ bản chính: giấy tờ cần mang và lệ phí",
		Summary: "Mang bản chính và bản sao cần chứng thực đến Bộ phận Một cửa phường, xã; lệ phí tính theo trang.",
		Body: `Bộ phận Một cửa của Ủy ban nhân dân phường, xã chứng thực bản sao từ bản chính các giấy tờ do cơ quan có thẩm quyền cấp.

## Mang theo

- **Bản chính** giấy tờ;
- Bản sao cần chứng thực (hoặc đề nghị cán bộ chụp từ bản chính).

## Lệ phí

Theo Thông tư 226/2016/TT-BTC: 2.000 đồng/trang cho hai trang đầu, từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản.

Không chứng thực bản sao từ bản chính bị tẩy xóa, sửa chữa hoặc không còn đọc được.`,
	},
	{
		Category: news.Guidance, Tags: []string{"lý lịch tư pháp", "dịch vụ công trực tuyến"}, Procedures: []string{"3.000333"},
		Title:   "Đề nghị cấp Phiếu lý lịch tư pháp qua mạng",
		Summary: "Công dân nộp tờ khai cấp Phiếu lý lịch tư pháp trực tuyến, thanh toán lệ phí không dùng tiền mặt và chọn nhận phiếu tại nhà.",
		Body: `Thủ tục **Cấp Phiếu lý lịch tư pháp** được thực hiện trực tuyến toàn trình.

1. Chọn thủ tục, khai tờ khai yêu cầu cấp phiếu số 1 hoặc số 2.
2. Thanh toán lệ phí 200.000 đồng qua VNPay hoặc mã VietQR.
3. Theo dõi hồ sơ bằng mã hồ sơ; kết quả được gửi qua bưu chính công ích hoặc nhận tại nơi nộp.

Người thuộc diện được miễn, giảm lệ phí mang giấy tờ chứng minh khi nhận kết quả.`,
	},
	{
		Category: news.Guidance, Tags: []string{"hộ kinh doanh", "một cửa"}, Procedures: []string{"1.001612"},
		Title:   "Đăng ký thành lập hộ kinh doanh tại phường, xã",
		Summary: "Sau sắp xếp chính quyền hai cấp, hồ sơ đăng ký hộ kinh doanh nộp tại Ủy ban nhân dân phường, xã nơi đặt địa điểm kinh doanh.",
		Body: `Hồ sơ gồm giấy đề nghị đăng ký hộ kinh doanh và bản sao giấy tờ pháp lý của chủ hộ; nếu các thành viên hộ gia đình cùng đăng ký thì kèm biên bản họp.

- Thời hạn giải quyết: **3 ngày làm việc** kể từ khi nhận đủ hồ sơ hợp lệ.
- Lệ phí: 100.000 đồng, như danh mục thủ tục công bố.

Nộp trực tuyến trên cổng hoặc trực tiếp tại Bộ phận Một cửa.`,
	},
	{
		Category: news.News, Tags: []string{"dịch vụ công trực tuyến", "chuyển đổi số", "một cửa"},
		Title:   "Thành phố đẩy mạnh tiếp nhận hồ sơ trực tuyến tại Bộ phận Một cửa các cấp",
		Summary: "Bộ phận Một cửa phường, xã hướng dẫn người dân nộp hồ sơ trực tuyến, số hóa hồ sơ giấy và trả kết quả điện tử.",
		Body: `Các Bộ phận Một cửa tiếp tục hướng dẫn người dân, doanh nghiệp nộp hồ sơ trực tuyến ngay tại quầy, số hóa thành phần hồ sơ khi tiếp nhận và trả kết quả điện tử có chữ ký số.

Người dân có thể:

- tra cứu thủ tục và lệ phí trên cổng;
- theo dõi hồ sơ bằng mã hồ sơ;
- đánh giá mức độ hài lòng sau khi nhận kết quả.

Mọi góp ý về thủ tục hành chính xin gửi qua mục bình luận dưới bài viết.`,
	},
	{
		Category: news.Notices, Tags: []string{"một cửa", "lịch làm việc"},
		Title:   "Thông báo về lịch tiếp nhận hồ sơ dịp nghỉ lễ",
		Summary: "Bộ phận Một cửa tạm nghỉ tiếp nhận hồ sơ trực tiếp trong các ngày nghỉ lễ theo quy định; hồ sơ trực tuyến vẫn được tiếp nhận.",
		Body: `Trong các ngày nghỉ lễ, Tết theo quy định của Bộ luật Lao động, Bộ phận Một cửa không tiếp nhận hồ sơ trực tiếp.

Hồ sơ nộp trực tuyến trong ngày nghỉ được tiếp nhận vào ngày làm việc kế tiếp; thời hạn giải quyết tính từ ngày làm việc đó. Lịch làm việc chi tiết xem tại mục *Lịch làm việc* của cổng.`,
	},
}

// SeedNews publishes the demo articles that are missing, as the demo editor (bientap).
func SeedNews(ctx context.Context, log *slog.Logger, orgs *org.Store, ns *news.Store) error {
	editor, err := orgs.User(ctx, "bientap")
	if err != nil {
		return err
	}
	n := 0
	for _, in := range Articles {
		if _, err := ns.Get(ctx, editor, news.Slug(in.Title)); err == nil {
			continue
		} else if apperr.KindOf(err) != apperr.KindNotFound {
			return err
		}
		if _, err := ns.Create(ctx, editor, in); err != nil {
			return err
		}
		n++
	}
	if n > 0 {
		log.Info("demo articles published", "articles", n)
	}
	return nil
}
