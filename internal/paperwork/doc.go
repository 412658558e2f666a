// Package paperwork prints the legal forms of the one-stop office (Bộ phận Một cửa) as PDF,
// and the register of dossiers also as a spreadsheet.
//
// The forms are those of Circular 01/2018/TT-VPCP (Art. 9 and its Annex), which implements
// Decree 61/2018/NĐ-CP on the one-stop mechanism:
//
//	Mẫu 01  Giấy tiếp nhận hồ sơ và hẹn trả kết quả      ReceiptPDF      Decree 61/2018 Art. 17
//	Mẫu 02  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ      SupplementPDF   Art. 15, 17, 19
//	Mẫu 03  Phiếu từ chối tiếp nhận giải quyết hồ sơ     RefusalPDF      Art. 17, 19
//	Mẫu 04  Phiếu xin lỗi và hẹn lại ngày trả kết quả    ApologyPDF      Art. 19(9)
//	Mẫu 05  Phiếu kiểm soát quá trình giải quyết hồ sơ   ControlSlipPDF  Art. 18
//	Mẫu 06  Sổ theo dõi hồ sơ                            RegisterPDF, RegisterXLSX
//
// Mẫu 01–05 are slips printed on A5 portrait; the register, Mẫu 06, is A4 (egov.md §2), here
// landscape, for its twelve columns. Every slip shares the heading of an administrative
// document (the issuing agency under its parent on the left, the national motto on the right,
// the number and the place and date below them) and a centred title with the dossier code
// under it. Mẫu 01–04 end with signature columns and, given a tracking URL, a QR code that
// opens the public tracking page (Circular 01/2018 Art. 19 allows the dossier code to be
// printed as a QR code or bar code); on Mẫu 05 each handover is signed in its row. Those pieces, the tables whose header repeats on every page they run
// onto, the page numbers and the field-by-field validation live in form.go, so that each form
// is one file that lays out only its own body.
//
// Beside the legal forms, DeclarationPDF prints a procedure's declaration (tờ khai, đơn) blank,
// on A4 portrait, laid out from the procedure's form schema (formschema): the national motto,
// the form's title, to whom it is addressed, then each field with room to write sized by its
// type, the pledge and the signature block. The official template, where the law publishes
// one, is named in its note; the layout is this package's, not a copy of that template.
//
// Each form takes a struct and returns the document, or an apperr Unprocessable error that
// names every offending field by its path ("items[2]", "steps[0].at", "rows[41].due_at") with
// a message in Vietnamese and English. The same input always gives the same bytes: a PDF's
// creation date is the document's own date (the time of receipt, of the request, of the
// letter, the end of the register's period), never the time it was rendered.
//
// Text is set in DejaVu Sans (fonts/, Bitstream Vera licence in fonts/LICENSE-DejaVu.txt)
// embedded as a Unicode TrueType font, so Vietnamese renders on any viewer and copies or
// extracts (pdftotext) as the same NFC text that went in. Times are printed in Vietnam's
// time zone (Asia/Ho_Chi_Minh) whatever the zone of the time.Time passed in; dates follow
// Decree 30/2020/NĐ-CP Annex I (a day below 10 and the months 1 and 2 take a leading zero:
// "ngày 05 tháng 02 năm 2026", "ngày 26 tháng 11 năm 2026"). The spreadsheet stores times
// as Excel dates at Vietnam's wall-clock time, formatted dd/mm/yyyy hh:mm.
//
// Wording. The Annex of Circular 01/2018 itself was not read; the wording comes from public
// one-stop systems that print these forms and cite the circular. The control slip's table
// ("TÊN CƠ QUAN | THỜI GIAN GIAO, NHẬN HỒ SƠ | KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá
// hạn) | GHI CHÚ", "1. Giao: … 2. Nhận: …", "Người giao", "Người nhận") agrees across four of
// them. The supplement request's "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, … liên hệ
// với … số điện thoại … để được hướng dẫn" and signer "NGƯỜI HƯỚNG DẪN", the refusal's "Qua
// xem xét, … thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau" and "Xin
// thông báo cho Ông/Bà được biết và thực hiện", and the register's columns (TT, Mã hồ sơ, Tên
// TTHC, Tên cá nhân, tổ chức, Địa chỉ, số điện thoại, Cơ quan chủ trì giải quyết, Ngày, tháng,
// năm: Nhận hồ sơ, Hẹn trả kết quả, Trả kết quả; Ký nhận) come from one. The rest is a
// reconstruction, not a quotation: the apology's sentences, the refusal's wording and signer
// at settlement ("không giải quyết", "NGƯỜI GIẢI QUYẾT HỒ SƠ"), the control slip's note on
// postal handovers, and the register's "Kết quả giải quyết hồ sơ" and "Ghi chú" columns.
package paperwork
