// Package paperwork prints the legal forms of the one-stop office (Bộ phận Một cửa) as PDF.
//
// The forms are those of Circular 01/2018/TT-VPCP (Art. 9 and its Annex), which implements
// Decree 61/2018/NĐ-CP on the one-stop mechanism:
//
//	Mẫu 01  Giấy tiếp nhận hồ sơ và hẹn trả kết quả        ReceiptPDF (Decree 61/2018 Art. 17)
//	Mẫu 02  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ        not yet
//	Mẫu 03  Phiếu từ chối tiếp nhận giải quyết hồ sơ       not yet
//	Mẫu 04  Phiếu xin lỗi và hẹn lại ngày trả kết quả       not yet
//	Mẫu 05  Phiếu kiểm soát quá trình giải quyết hồ sơ     not yet
//	Mẫu 06  Sổ theo dõi hồ sơ                              not yet (A4)
//
// Mẫu 01–05 are slips printed on A5 portrait; the register, Mẫu 06, is A4 (egov.md §2).
// Every form shares the heading of an administrative document (the issuing agency under its
// parent on the left, the national motto on the right, the number and the place and date
// below them), a centred title, two signature columns and, where the form carries a dossier
// code, a QR code that opens the public tracking page (Circular 01/2018 Art. 19 allows the
// dossier code to be printed as a QR code or bar code). Those pieces live in form.go so that
// each form is one file that lays out only its own body.
//
// Text is set in DejaVu Sans (fonts/, Bitstream Vera licence in fonts/LICENSE-DejaVu.txt)
// embedded as a Unicode TrueType font, so Vietnamese renders on any viewer and copies or
// extracts (pdftotext) as the same NFC text that went in. Times are printed in Vietnam's
// time zone (Asia/Ho_Chi_Minh) whatever the zone of the time.Time passed in; dates follow
// Decree 30/2020/NĐ-CP Annex I (a day below 10 and the months 1 and 2 take a leading zero:
// "ngày 05 tháng 02 năm 2026", "ngày 26 tháng 11 năm 2026").
package paperwork
