package paperwork

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// sampleRegister is November 2026 at a ward's one-stop office with n dossiers: every third
// returned early, on time or late, the rest still open.
func sampleRegister(n int) Register {
	r := Register{
		ParentAgency: "UBND THÀNH PHỐ HÀ NỘI",
		Agency:       "UBND PHƯỜNG HOÀN KIẾM",
		From:         time.Date(2026, 11, 1, 0, 0, 0, 0, vietnam),
		To:           time.Date(2026, 11, 30, 0, 0, 0, 0, vietnam),
	}
	procedures := []string{"Đăng ký khai sinh", "Đăng ký kết hôn",
		"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp"}
	for i := range n {
		received := time.Date(2026, 11, 2, 8, 0, 0, 0, vietnam).Add(time.Duration(i) * 17 * time.Minute)
		w := RegisterRow{
			Code:          fmt.Sprintf("070.00.30.H26-%s-%04d", received.Format("060102"), i+1),
			Procedure:     procedures[i%len(procedures)],
			ApplicantName: fmt.Sprintf("Nguyễn Văn Công %d", i+1),
			Address:       fmt.Sprintf("Số %d phố Hàng Bạc, phường Hoàn Kiếm", i+1),
			Phone:         "0912 345 678",
			ReceivedAt:    received,
			DueAt:         received.Add(72 * time.Hour),
			TransferredTo: "Công chức Tư pháp - Hộ tịch",
		}
		switch i % 3 {
		case 0:
			w.ReturnedAt, w.Result = received.Add(48*time.Hour), Early
		case 1:
			w.ReturnedAt, w.Result, w.Note = received.Add(96*time.Hour), Late, "Đã xin lỗi"
		}
		r.Rows = append(r.Rows, w)
	}
	return r
}

func TestRegisterPDFText(t *testing.T) {
	r := sampleRegister(3)
	r.Rows[2].Result = "đúng hạn" // written as the form writes it
	pdf, err := RegisterPDF(r)
	if err != nil {
		t.Fatalf("RegisterPDF: %v", err)
	}
	keep(t, "register.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{
		"UBND THÀNH PHỐ HÀ NỘI", "UBND PHƯỜNG HOÀN KIẾM",
		"SỔ THEO DÕI HỒ SƠ",
		"Từ ngày 01/11/2026 đến ngày 30/11/2026",
		"TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Địa chỉ, số điện thoại",
		"Ngày, tháng, năm", "Nhận hồ sơ", "Trả kết quả", "Ghi chú", "(1)", "(12)",
		"070.00.30.H26-261102-0001", "070.00.30.H26-261102-0003",
		"Nguyễn Văn Công 1", "Đăng ký kết hôn",
		"02/11/2026", "05/11/2026", "08:00", "08:34",
		"Trước hạn", "Quá hạn", "Đúng hạn",
	}, []string{"Trang 1/", "CỘNG HÒA"})
	if pages(text) != 1 {
		t.Errorf("pages = %d; want 1", pages(text))
	}
	// The cells wrap, so their texts are read in the order they are drawn, cell by cell (-raw).
	wantText(t, pdf, []string{"-raw"}, []string{"Tên cá nhân, tổ chức", "Cơ quan chủ trì giải quyết", "Hẹn trả kết quả", "Ký nhận",
		"Kết quả giải quyết hồ sơ (Trước hạn/ đúng hạn/ quá hạn)",
		"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
		"Số 1 phố Hàng Bạc, phường Hoàn Kiếm 0912 345 678", "Đã xin lỗi"}, nil)
}

func TestRegisterPDFEmpty(t *testing.T) {
	pdf, err := RegisterPDF(sampleRegister(0))
	if err != nil {
		t.Fatalf("RegisterPDF: %v", err)
	}
	wantText(t, pdf, []string{"-layout"}, []string{"SỔ THEO DÕI HỒ SƠ", "(không có hồ sơ)"}, nil)
}

// TestRegisterPDFLong checks 500 dossiers run over many pages, each with the header, the
// page number and the period, and none lost or cut in two.
func TestRegisterPDFLong(t *testing.T) {
	r := sampleRegister(500)
	pdf, err := RegisterPDF(r)
	if err != nil {
		t.Fatalf("RegisterPDF: %v", err)
	}
	keep(t, "register-long.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, nil, nil)
	n := pages(text)
	if n < 10 {
		t.Fatalf("pages = %d; want 500 rows on many A4 pages", n)
	}
	wantFooters(t, text, "Sổ theo dõi hồ sơ từ ngày 01/11/2026 đến ngày 30/11/2026")
	for i, page := range strings.Split(strings.TrimSuffix(text, "\f"), "\f") {
		flat := squash(page)
		for _, h := range []string{"Mã hồ sơ", "Tên thủ tục hành chính", "Ngày, tháng, năm", "(12)"} {
			if strings.Count(flat, h) != 1 {
				t.Errorf("page %d has the header %q %d times; want once", i+1, h, strings.Count(flat, h))
			}
		}
	}
	flat := squash(text)
	for _, w := range r.Rows {
		if strings.Count(flat, w.Code) != 1 {
			t.Errorf("code %s printed %d times; want once", w.Code, strings.Count(flat, w.Code))
		}
	}
	if strings.Count(flat, "SỔ THEO DÕI HỒ SƠ") != 1 {
		t.Errorf("the title is repeated; want it on the first page only")
	}
}

func TestRegisterInvalid(t *testing.T) {
	sample := func() Register { return sampleRegister(3) }
	cases := []invalid[Register]{
		{"no agency", func(r *Register) { r.Agency = "" }, []string{"agency"}},
		{"no start", func(r *Register) { r.From = time.Time{} }, []string{"from"}},
		{"no end", func(r *Register) { r.To = time.Time{} }, []string{"to"}},
		{"end before start", func(r *Register) { r.To = r.From.AddDate(0, 0, -1) }, []string{"to"}},
		{"negative number", func(r *Register) { r.Rows[0].No = -1 }, []string{"rows[0].no"}},
		{"no code", func(r *Register) { r.Rows[1].Code = "" }, []string{"rows[1].code"}},
		{"no procedure", func(r *Register) { r.Rows[1].Procedure = "" }, []string{"rows[1].procedure"}},
		{"no applicant", func(r *Register) { r.Rows[2].ApplicantName = "" }, []string{"rows[2].applicant_name"}},
		{"no receipt time", func(r *Register) { r.Rows[0].ReceivedAt = time.Time{} }, []string{"rows[0].received_at"}},
		{"no due time", func(r *Register) { r.Rows[0].DueAt = time.Time{} }, []string{"rows[0].due_at"}},
		{"due before receipt", func(r *Register) { r.Rows[0].DueAt = r.Rows[0].ReceivedAt.Add(-time.Hour) },
			[]string{"rows[0].due_at"}},
		{"returned before receipt", func(r *Register) { r.Rows[2].ReturnedAt = r.Rows[2].ReceivedAt.Add(-time.Hour) },
			[]string{"rows[2].returned_at"}},
		{"unknown result", func(r *Register) { r.Rows[1].Result = "Chậm" }, []string{"rows[1].result"}},
		{"everything missing", func(r *Register) { *r = Register{Rows: []RegisterRow{{}}} }, []string{"agency", "from", "to",
			"rows[0].code", "rows[0].procedure", "rows[0].applicant_name", "rows[0].received_at", "rows[0].due_at"}},
	}
	t.Run("PDF", func(t *testing.T) { testInvalid(t, RegisterPDF, sample, cases) })
	t.Run("XLSX", func(t *testing.T) { testInvalid(t, RegisterXLSX, sample, cases) })
}

// openXLSX opens a spreadsheet RegisterXLSX wrote.
func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open spreadsheet: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	if got := x.GetSheetList(); !cmp.Equal(got, []string{registerSheet}) {
		t.Fatalf("sheets = %q; want [%q]", got, registerSheet)
	}
	return x
}

func TestRegisterXLSX(t *testing.T) {
	r := sampleRegister(3)
	data, err := RegisterXLSX(r)
	if err != nil {
		t.Fatalf("RegisterXLSX: %v", err)
	}
	keep(t, "register.xlsx", data)
	x := openXLSX(t, data)
	const s = registerSheet
	cell := func(ref string) string {
		t.Helper()
		v, err := x.GetCellValue(s, ref)
		if err != nil {
			t.Fatalf("GetCellValue(%s): %v", ref, err)
		}
		return v
	}

	// Title, period, header and the first dossier's row, as read back.
	for ref, want := range map[string]string{
		"A1": "SỔ THEO DÕI HỒ SƠ",
		"A2": "UBND THÀNH PHỐ HÀ NỘI – UBND PHƯỜNG HOÀN KIẾM – Từ ngày 01/11/2026 đến ngày 30/11/2026",
		"A3": "TT", "B3": "Mã hồ sơ", "E3": "Địa chỉ, số điện thoại", "G3": "Ngày, tháng, năm", "L3": "Ghi chú",
		"G4": "Nhận hồ sơ", "H4": "Hẹn trả kết quả", "I4": "Trả kết quả",
		"A5": "(1)", "L5": "(12)",
		"A6": "1", "B6": "070.00.30.H26-261102-0001", "C6": "Đăng ký khai sinh", "D6": "Nguyễn Văn Công 1",
		"E6": "Số 1 phố Hàng Bạc, phường Hoàn Kiếm\n0912 345 678", "F6": "Công chức Tư pháp - Hộ tịch",
		"G6": "02/11/2026 08:00", "H6": "05/11/2026 08:00", "I6": "04/11/2026 08:00", "J6": "Trước hạn",
		"I7": "06/11/2026 08:17", "J7": "Quá hạn", "L7": "Đã xin lỗi",
		"I8": "", "J8": "", // still open
	} {
		if got := cell(ref); got != want {
			t.Errorf("cell %s = %q; want %q", ref, got, want)
		}
	}

	// A time is a real Excel date: a number formatted as a date, not text.
	typ, err := x.GetCellType(s, "G6")
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("G6 cell type = %v; want a number", typ)
	}
	raw, err := x.GetCellValue(s, "G6", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("G6 holds %q; want an Excel serial date", raw)
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC); got.Round(time.Second) != want {
		t.Errorf("G6 is %v; want Hà Nội's wall clock %v", got, want)
	}
	styleID, err := x.GetCellStyle(s, "G6")
	if err != nil {
		t.Fatal(err)
	}
	style, err := x.GetStyle(styleID)
	if err != nil {
		t.Fatal(err)
	}
	if style.CustomNumFmt == nil || *style.CustomNumFmt != "dd/mm/yyyy hh:mm" {
		t.Errorf("G6 number format = %v; want dd/mm/yyyy hh:mm", style.CustomNumFmt)
	}

	// Layout: merged title and header cells, frozen header, widths.
	merged, err := x.GetMergeCells(s)
	if err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for _, m := range merged {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A1:L1", "A2:L2", "A3:A4", "G3:I3", "L3:L4"} {
		if !strings.Contains(strings.Join(ranges, " "), want) {
			t.Errorf("merged ranges %v lack %s", ranges, want)
		}
	}
	panes, err := x.GetPanes(s)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 5 || panes.TopLeftCell != "A6" {
		t.Errorf("panes = %+v; want the first 5 rows frozen", panes)
	}
	if w, err := x.GetColWidth(s, "C"); err != nil || w != 40 {
		t.Errorf("column C width = %v, %v; want 40", w, err)
	}
	if props, err := x.GetDocProps(); err != nil || !strings.HasPrefix(props.Created, "2026-11-29T17:00:00") {
		t.Errorf("created = %q, %v; want the end of the period", props.Created, err)
	}
}

// TestRegisterXLSXLarge streams tens of thousands of rows and reads the last one back.
func TestRegisterXLSXLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large spreadsheet")
	}
	const n = 20000
	r := sampleRegister(n)
	data, err := RegisterXLSX(r)
	if err != nil {
		t.Fatalf("RegisterXLSX: %v", err)
	}
	x := openXLSX(t, data)
	last, w := xlsxFirstRow-1+n, r.Rows[n-1]
	want := []string{strconv.Itoa(n), w.Code, w.Procedure, w.ApplicantName, w.Address + "\n" + w.Phone,
		w.TransferredTo, stamp(w.ReceivedAt, " "), stamp(w.DueAt, " "), stamp(w.ReturnedAt, " "), w.Result, "", w.Note}
	var got []string
	for col := range registerCols {
		ref, _ := excelize.CoordinatesToCellName(col+1, last)
		v, err := x.GetCellValue(registerSheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("last row (-want +got):\n%s", diff)
	}
	if v, _ := x.GetCellValue(registerSheet, fmt.Sprintf("A%d", last+1)); v != "" {
		t.Errorf("a row after the last dossier holds %q", v)
	}
}

func TestRegisterDeterministic(t *testing.T) {
	for name, render := range map[string]func(Register) ([]byte, error){"PDF": RegisterPDF, "XLSX": RegisterXLSX} {
		a, err := render(sampleRegister(40))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := render(sampleRegister(40))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two calls with the same register gave different bytes", name)
		}
	}
}

func BenchmarkRegisterXLSX(b *testing.B) {
	r := sampleRegister(50000)
	for b.Loop() {
		if _, err := RegisterXLSX(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRegisterPDF(b *testing.B) {
	r := sampleRegister(500)
	for b.Loop() {
		if _, err := RegisterPDF(r); err != nil {
			b.Fatal(err)
		}
	}
}
