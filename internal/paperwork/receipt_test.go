package paperwork

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yeqown/go-qrcode/v2"

	"golang.org/x/text/unicode/norm"
)

// sampleReceipt is a birth registration received at a Hà Nội ward at 09:05 on 26 Nov 2026.
func sampleReceipt() Receipt {
	return Receipt{
		ParentAgency:     "UBND THÀNH PHỐ HÀ NỘI",
		Agency:           "UBND PHƯỜNG HOÀN KIẾM",
		Place:            "Hà Nội",
		Code:             "070.00.30.H26-261126-0001",
		Procedure:        "Đăng ký khai sinh",
		ApplicantName:    "Nguyễn Thị Hồng Nhung",
		ApplicantAddress: "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
		ApplicantPhone:   "0912 345 678",
		ApplicantEmail:   "nhung.nguyen@example.vn",
		Items: []Item{
			{Name: "Tờ khai đăng ký khai sinh", Originals: 1},
			{Name: "Giấy chứng sinh do Bệnh viện Phụ sản Hà Nội cấp", Originals: 1},
			{Name: "Căn cước của người đi đăng ký (xuất trình)", Copies: 1},
			{Name: "Giấy chứng nhận kết hôn của cha, mẹ", Originals: 1, Copies: 2},
		},
		ProcessingDays: 3,
		ReceivedAt:     time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC), // 09:05 in Hà Nội
		DueAt:          time.Date(2026, 12, 1, 16, 30, 0, 0, vietnam),
		ReturnAt:       "Bộ phận Một cửa UBND phường Hoàn Kiếm hoặc trực tuyến",
		Officer:        "Trần Văn Đặng",
		TrackURL:       "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0001",
	}
}

func TestReceiptPDFText(t *testing.T) {
	r := sampleReceipt()
	// The name arrives decomposed (NFD), as some keyboards and browsers send it; the slip
	// must print, and pdftotext extract, the composed form.
	r.ApplicantName = norm.NFD.String(r.ApplicantName)
	pdf, err := ReceiptPDF(r)
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	keep(t, "receipt.pdf", pdf)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("ReceiptPDF returned %q…; want a PDF", pdf[:min(len(pdf), 16)])
	}
	text := pdfText(t, pdf, "-layout")
	if !norm.NFC.IsNormalString(text) {
		t.Errorf("pdftotext output is not NFC")
	}
	if n := strings.Count(text, "\f"); n != 1 {
		t.Errorf("pages = %d; want the sample on 1 A5 page", n)
	}
	flat := squash(text)
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"UBND THÀNH PHỐ HÀ NỘI",
		"UBND PHƯỜNG HOÀN KIẾM",
		"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
		"Hà Nội, ngày 26 tháng 11 năm 2026",
		"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
		"Mã hồ sơ: 070.00.30.H26-261126-0001",
		"Tiếp nhận hồ sơ của: Ông/Bà Nguyễn Thị Hồng Nhung",
		"Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
		"Giấy chứng nhận kết hôn của cha, mẹ",
		"2. Số lượng hồ sơ: 01 (bộ)",
		"Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
		"4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 26/11/2026",
		"5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 01/12/2026",
		"6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND phường Hoàn Kiếm hoặc trực tuyến",
		"Vào Sổ theo dõi hồ sơ, Quyển số:",
		"NGƯỜI NỘP HỒ SƠ",
		"NGƯỜI TIẾP NHẬN HỒ SƠ",
		"Trần Văn Đặng",
		"https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0001",
		"Quét mã để tra cứu hồ sơ 070.00.30.H26-261126-0001",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Trang 1/") {
		t.Errorf("a one-page slip carries a page number:\n%s", text)
	}
}

func TestReceiptPDFVariants(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Receipt)
		want     []string
		wantNone []string
	}{
		{
			name: "within the day",
			edit: func(r *Receipt) { r.ProcessingDays = 0 },
			want: []string{"theo quy định là: trong ngày"},
		},
		{
			name: "processing text wins",
			edit: func(r *Receipt) { r.ProcessingDays = 3; r.ProcessingText = "04 giờ làm việc" },
			want: []string{"theo quy định là: 04 giờ làm việc"},
		},
		{
			name:     "one-stop centre needs no unit line",
			edit:     func(r *Receipt) { r.Agency = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm" },
			want:     []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", "Bộ phận tiếp nhận và trả kết quả: Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"},
			wantNone: []string{unitTitle},
		},
		{
			name:     "no URL, no QR code",
			edit:     func(r *Receipt) { r.TrackURL = "" },
			wantNone: []string{"Quét mã", "https://"},
		},
		{
			name: "optional fields empty",
			edit: func(r *Receipt) {
				r.ParentAgency, r.Place, r.ApplicantAddress, r.ApplicantPhone = "", "", "", ""
				r.ApplicantEmail, r.ReturnAt, r.Officer, r.Items = "", "", "", nil
			},
			want: []string{"…, ngày 26 tháng 11 năm 2026", "(không có giấy tờ nộp kèm)",
				"Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả, UBND PHƯỜNG HOÀN KIẾM"},
		},
		{
			name: "early January morning in Hà Nội is still 31 December in UTC",
			edit: func(r *Receipt) {
				r.ReceivedAt = time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
				r.DueAt = time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
			},
			want: []string{"ngày 01 tháng 01 năm 2027", "06 giờ 30 phút, ngày 01/01/2027", "16 giờ 00 phút, ngày 05/01/2027"},
		},
		{
			name: "characters outside the BMP are replaced, not a panic",
			edit: func(r *Receipt) { r.ApplicantName = "Lê Văn Tám 😀\tJr." },
			want: []string{"Ông/Bà Lê Văn Tám \uFFFD Jr."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleReceipt()
			tt.edit(&r)
			pdf, err := ReceiptPDF(r)
			if err != nil {
				t.Fatalf("ReceiptPDF: %v", err)
			}
			flat := squash(pdfText(t, pdf, "-layout"))
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("pdftotext output lacks %q:\n%s", w, flat)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(flat, w) {
					t.Errorf("pdftotext output has %q:\n%s", w, flat)
				}
			}
		})
	}
}

func TestReceiptPDFLongListFlows(t *testing.T) {
	r := sampleReceipt()
	r.ApplicantName = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Trần Lê Khánh Hưng Phạm Vũ Đặng"
	r.Procedure = strings.Repeat("Cấp đổi, cấp lại giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất ", 3)
	r.Items = nil
	for i := 1; i <= 40; i++ {
		r.Items = append(r.Items, Item{Name: fmt.Sprintf("Giấy tờ số %02d: bản vẽ sơ đồ thửa đất, trích lục bản đồ địa chính kèm xác nhận của Ủy ban nhân dân cấp xã", i), Copies: i % 3, Originals: 1})
	}
	pdf, err := ReceiptPDF(r)
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	keep(t, "receipt-long.pdf", pdf)
	text := pdfText(t, pdf, "-layout")
	pages := strings.Count(text, "\f")
	if pages < 2 {
		t.Fatalf("pages = %d; want the 40 papers to flow onto a second page", pages)
	}
	flat := squash(text)
	for i := 1; i <= 40; i++ {
		if w := fmt.Sprintf("Giấy tờ số %02d:", i); !strings.Contains(flat, w) {
			t.Errorf("pdftotext output lacks %q", w)
		}
	}
	for i := 1; i <= pages; i++ {
		if w := fmt.Sprintf("Mã hồ sơ 070.00.30.H26-261126-0001 – Trang %d/%d", i, pages); !strings.Contains(flat, w) {
			t.Errorf("pdftotext output lacks the footer %q", w)
		}
	}
	// The header row repeats on every page the table runs onto; the signatures come last.
	if n := strings.Count(flat, "Tên giấy tờ"); n < 2 {
		t.Errorf("table header printed %d times; want it repeated on the second page", n)
	}
	last := text[strings.LastIndex(strings.TrimSuffix(text, "\f"), "\f")+1:]
	for _, w := range []string{"NGƯỜI NỘP HỒ SƠ", "Trần Văn Đặng"} {
		if !strings.Contains(last, w) {
			t.Errorf("last page lacks %q", w)
		}
	}
	// Every word of the long name and procedure wrapped onto the page, none cut off.
	for _, w := range []string{"Phạm Vũ Đặng", "gắn liền với đất"} {
		if !strings.Contains(flat, w) {
			t.Errorf("pdftotext output lacks %q", w)
		}
	}
}

func TestReceiptPDFInvalid(t *testing.T) {
	testInvalid(t, ReceiptPDF, sampleReceipt, []invalid[Receipt]{
		{"no code", func(r *Receipt) { r.Code = "" }, []string{"code"}},
		{"blank agency", func(r *Receipt) { r.Agency = " \t " }, []string{"agency"}},
		{"no procedure", func(r *Receipt) { r.Procedure = "" }, []string{"procedure"}},
		{"no applicant", func(r *Receipt) { r.ApplicantName = "" }, []string{"applicant_name"}},
		{"no receipt time", func(r *Receipt) { r.ReceivedAt = time.Time{} }, []string{"received_at"}},
		{"no due time", func(r *Receipt) { r.DueAt = time.Time{} }, []string{"due_at"}},
		{"due before receipt", func(r *Receipt) { r.DueAt = r.ReceivedAt.Add(-time.Minute) }, []string{"due_at"}},
		{"negative days", func(r *Receipt) { r.ProcessingDays = -1 }, []string{"processing_days"}},
		{"unnamed paper", func(r *Receipt) { r.Items[1].Name = "" }, []string{"items[1].name"}},
		{"negative copies", func(r *Receipt) { r.Items[2].Copies = -1 }, []string{"items[2]"}},
		{"everything missing", func(r *Receipt) { *r = Receipt{} },
			[]string{"code", "agency", "procedure", "applicant_name", "received_at", "due_at"}},
	})
}

func TestReceiptPDFDeterministic(t *testing.T) {
	a, err := ReceiptPDF(sampleReceipt())
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	b, err := ReceiptPDF(sampleReceipt())
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two calls with the same receipt gave different PDFs (%d and %d bytes)", len(a), len(b))
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261126090500)")) {
		t.Errorf("creation date is not the time of receipt in Hà Nội")
	}
}

// TestReceiptPDFQR checks that the image embedded in the slip is the QR code of TrackURL: the
// image that pdfimages extracts is compared module by module with the symbol the encoder builds
// for the URL, and read back by an independent decoder (zbarimg).
func TestReceiptPDFQR(t *testing.T) {
	r := sampleReceipt()
	pdf, err := ReceiptPDF(r)
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	tool := lookTool(t, "pdfimages")
	dir := t.TempDir()
	in := filepath.Join(dir, "receipt.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-png", in, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "img-*.png"))
	if len(files) != 1 {
		t.Fatalf("pdfimages extracted %d images; want the one QR code", len(files))
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode extracted QR image: %v", err)
	}
	checkQR(t, img, r.TrackURL)
	if got := zbarDecode(t, files[0]); got != r.TrackURL {
		t.Errorf("zbarimg read %q from the slip's QR code; want %q", got, r.TrackURL)
	}
}

// zbarDecode reads the one QR code in the image file with zbarimg (Debian's zbar-tools).
func zbarDecode(t *testing.T, file string) string {
	t.Helper()
	tool, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatal("zbarimg not found and MOTCUA_REQUIRE_PDFTOTEXT=1: install zbar-tools")
		}
		t.Skip("zbarimg not found: install zbar-tools to decode the QR code")
	}
	out, err := exec.Command(tool, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", file, err)
	}
	return strings.TrimRight(string(out), "\n")
}

// TestQRPNG checks the PNG handed to fpdf decodes and carries the QR code of the URL.
func TestQRPNG(t *testing.T) {
	const url = "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0001"
	data, err := qrPNG(url)
	if err != nil {
		t.Fatalf("qrPNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode QR PNG: %v", err)
	}
	checkQR(t, img, url)
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := zbarDecode(t, file); got != url {
		t.Errorf("zbarimg read %q from qrPNG(%q)", got, url)
	}
}

// checkQR compares img, a square image of a QR code with its quiet zone, with the symbol of
// url by sampling the centre of every module.
func checkQR(t *testing.T, img image.Image, url string) {
	t.Helper()
	bits, err := qrModules(url)
	if err != nil {
		t.Fatal(err)
	}
	n := len(bits) + 2*qrQuiet
	want := make([][]bool, n)
	for y := range want {
		want[y] = make([]bool, n)
		if y >= qrQuiet && y < n-qrQuiet {
			copy(want[y][qrQuiet:], bits[y-qrQuiet])
		}
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx()%n != 0 {
		t.Fatalf("QR image is %dx%d; want a square multiple of %d modules", b.Dx(), b.Dy(), n)
	}
	px := b.Dx() / n
	bad := 0
	for y := range n {
		for x := range n {
			r, g, bl, _ := img.At(b.Min.X+x*px+px/2, b.Min.Y+y*px+px/2).RGBA()
			dark := (r+g+bl)/3 < 0x8000
			if dark != want[y][x] {
				bad++
			}
		}
	}
	if bad != 0 {
		t.Errorf("%d of %d modules differ from the QR code of %q", bad, n*n, url)
	}
}

func TestLongDateAndClock(t *testing.T) {
	tests := []struct {
		in          time.Time
		date, clock string
	}{
		{time.Date(2026, 11, 26, 9, 5, 0, 0, vietnam), "ngày 26 tháng 11 năm 2026", "09 giờ 05 phút, ngày 26/11/2026"},
		{time.Date(2026, 2, 4, 20, 0, 0, 0, time.UTC), "ngày 05 tháng 02 năm 2026", "03 giờ 00 phút, ngày 05/02/2026"},
		{time.Date(2026, 1, 9, 7, 30, 0, 0, vietnam), "ngày 09 tháng 01 năm 2026", "07 giờ 30 phút, ngày 09/01/2026"},
		{time.Date(2026, 3, 10, 16, 45, 0, 0, vietnam), "ngày 10 tháng 3 năm 2026", "16 giờ 45 phút, ngày 10/03/2026"},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600)), "ngày 01 tháng 12 năm 2026", "06 giờ 00 phút, ngày 01/12/2026"},
	}
	for _, tt := range tests {
		if got := longDate(tt.in); got != tt.date {
			t.Errorf("longDate(%v) = %q; want %q", tt.in, got, tt.date)
		}
		if got := clock(tt.in); got != tt.clock {
			t.Errorf("clock(%v) = %q; want %q", tt.in, got, tt.clock)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Nguyễn   Văn\tA\n", "Nguyễn Văn A"},
		{norm.NFD.String("Đặng Thị Ánh Tuyết"), "Đặng Thị Ánh Tuyết"},
		{"Hộ kinh doanh 🏪 Bình An", "Hộ kinh doanh \uFFFD Bình An"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"\x00\x07", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkReceiptPDF(b *testing.B) {
	r := sampleReceipt()
	for b.Loop() {
		if _, err := ReceiptPDF(r); err != nil {
			b.Fatal(err)
		}
	}
}

var spaces = regexp.MustCompile(`\s+`)

// squash makes text one line, collapsing the runs of spaces pdftotext -layout puts between
// columns and styles and the line breaks of wrapped paragraphs.
func squash(s string) string { return spaces.ReplaceAllString(s, " ") }

// lookTool finds a poppler-utils program, skipping the test when it is missing unless
// MOTCUA_REQUIRE_PDFTOTEXT=1 (CI) makes that a failure.
func lookTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatalf("%s not found and MOTCUA_REQUIRE_PDFTOTEXT=1: install poppler-utils", name)
		}
		t.Skipf("%s not found: install poppler-utils to check the PDF's text (set MOTCUA_REQUIRE_PDFTOTEXT=1 to fail instead of skipping)", name)
	}
	return path
}

// pdfText runs pdftotext with args on pdf and returns the text, pages separated by \f.
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	tool := lookTool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, append(args, "-enc", "UTF-8", in, "-")...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("pdftotext: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// keep writes a generated PDF to $MOTCUA_PAPERWORK_OUT, when set, for a person to look at.
func keep(t *testing.T, name string, pdf []byte) {
	t.Helper()
	if dir := os.Getenv("MOTCUA_PAPERWORK_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReceiptPDFConcurrent runs ReceiptPDF from several goroutines (run with -race): the
// embedded fonts are shared, every document is not.
func TestReceiptPDFConcurrent(t *testing.T) {
	want, err := ReceiptPDF(sampleReceipt())
	if err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := ReceiptPDF(sampleReceipt())
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("concurrent call gave different bytes")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// qrModules returns the QR symbol of url, without quiet zone, as rows of dark modules.
func qrModules(url string) ([][]bool, error) {
	q, err := qrcode.NewWith(url, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var m bitmap
	if err := q.Save(&m); err != nil {
		return nil, err
	}
	return m.bits, nil
}

// bitmap is a qrcode.Writer that keeps the symbol's modules.
type bitmap struct{ bits [][]bool }

func (b *bitmap) Write(m qrcode.Matrix) error { b.bits = m.Bitmap(); return nil }
func (b *bitmap) Close() error                { return nil }
