// Package indicators computes the indicators of Decision 766/QĐ-TTg (23 Jun 2022) that
// measure how an agency serves citizens and businesses (egov.md §5), per agency and month,
// from motcua's own records; stores the scores, ranks the agencies and lists the dossiers
// behind every figure.
//
// The weights are data (Table): the decision's five groups are known [C], the weight of each
// indicator inside its group is not [U], so each implemented indicator's points are an
// assumption a city can correct in one place.
package indicators

// Group is one of the five groups of Decision 766 and its points (egov.md §5 [C]).
type Group struct {
	Code   string  `json:"code"`
	NameVi string  `json:"name_vi"`
	NameEn string  `json:"name_en"`
	Points float64 `json:"points"`
}

// Groups are the five groups, 100 points in all (egov.md §5, "Groups" [C]).
var Groups = []Group{
	{"1", "Công khai, minh bạch", "Transparency", 18},
	{"2", "Tiến độ giải quyết", "Progress", 20},
	{"3", "Dịch vụ trực tuyến", "Online services", 22},
	{"4", "Số hóa hồ sơ", "Digitisation", 22},
	{"5", "Mức độ hài lòng", "Satisfaction", 18},
}

// Def is one indicator: what it measures, how it is scored and where that comes from.
// Computed is false for an indicator motcua has no data for; Reason then says why, and the
// indicator earns no points rather than being given any silently.
type Def struct {
	Code      string  `json:"code"`
	Group     string  `json:"group"`
	NameVi    string  `json:"name_vi"`
	NameEn    string  `json:"name_en"`
	MaxScore  float64 `json:"max_score"`
	Threshold float64 `json:"threshold"` // the rate that earns full marks; below: rate × max ÷ threshold
	FormulaVi string  `json:"formula_vi"`
	FormulaEn string  `json:"formula_en"`
	Source    string  `json:"source"`
	Computed  bool    `json:"computed"`
	ReasonVi  string  `json:"reason_vi,omitempty"`
	ReasonEn  string  `json:"reason_en,omitempty"`
	Unit      string  `json:"unit"` // "rate" (0..1) or "days"
}

const (
	src = "egov.md §5, Decision 766/QĐ-TTg formulas (\"Mô tả công thức tính chỉ số 766\") [S]"
	// The group's points shared equally among its implemented indicators.
	shared = "; [U] weight assumed: the group's points shared equally among its implemented indicators"
	// Progress: 2.1 carries the group, 2.2 is reported without points.
	progressW = 20.0
	// Online services: 3.1, 3.2, 3.3 and 3.6 implemented (3.5 not): 22 ÷ 4.
	onlineW = 22.0 / 4
	// Digitisation: 4.1, 4.2 and 4.3 implemented (4.4, 4.5 not): 22 ÷ 3.
	digitW = 22.0 / 3
)

// Table lists every indicator of egov.md §5 in order. A city corrects a weight or a threshold
// here; the scores already stored keep the max_score they were computed with until recomputed.
var Table = []Def{
	{Code: "1.1", Group: "1", NameVi: "Công bố TTHC đúng hạn", NameEn: "Procedures published on time",
		FormulaVi: "Quyết định công bố ≤ ngày hiệu lực của văn bản − 5 ngày làm việc", FormulaEn: "Publication decision dated ≤ the legal basis's effective date − 5 working days",
		Source: src, ReasonVi: "Motcua không lưu ngày hiệu lực của văn bản quy định; quyết định công bố là của thành phố, không của từng cơ quan",
		ReasonEn: "motcua keeps no effective date of the legal basis; publication decisions are the city's, not an agency's"},
	{Code: "1.2", Group: "1", NameVi: "Công khai trên CSDL quốc gia về TTHC", NameEn: "Published on the national procedure database",
		FormulaVi: "Công khai trên CSDL quốc gia trong 5 ngày làm việc", FormulaEn: "Published on the national database within 5 working days",
		Source: src, ReasonVi: "Không có dữ liệu đồng bộ với CSDL quốc gia về TTHC", ReasonEn: "No data on synchronisation with the national procedure database"},
	{Code: "1.3", Group: "1", NameVi: "Công khai đầy đủ các thành phần", NameEn: "All components published",
		FormulaVi: "Mọi thành phần của TTHC được công khai", FormulaEn: "Every component of the procedure published",
		Source: src, ReasonVi: "Danh mục TTHC là của thành phố, không chấm theo từng cơ quan", ReasonEn: "The catalogue is the city's; it is not scored per agency"},
	{Code: "1.4", Group: "1", NameVi: "Đồng bộ hồ sơ", NameEn: "Dossiers synchronised",
		FormulaVi: "Tỷ lệ hồ sơ được đồng bộ lên Cổng DVC quốc gia", FormulaEn: "Share of dossiers synchronised to the national portal",
		Source: src, ReasonVi: "Motcua chưa đồng bộ hồ sơ lên Cổng DVC quốc gia", ReasonEn: "motcua does not yet synchronise dossiers to the national portal"},
	{Code: "2.1", Group: "2", NameVi: "Giải quyết đúng hạn", NameEn: "Settled on time", MaxScore: progressW, Threshold: 1, Computed: true, Unit: "rate",
		FormulaVi: "Hồ sơ kết thúc trong tháng có ngày kết thúc ≤ ngày hẹn trả và không quá 1 lần bổ sung ÷ hồ sơ kết thúc trong tháng",
		FormulaEn: "Dossiers ended in the month with end ≤ due date and at most one supplement request ÷ dossiers ended in the month",
		Source:    src + "; [U] weight assumed: 2.1 carries the group's 20 points (2.2 has no documented scoring)"},
	{Code: "2.2", Group: "2", NameVi: "Thời gian giải quyết trung bình", NameEn: "Mean settlement time", Threshold: 1, Computed: true, Unit: "days",
		FormulaVi: "Trung bình (ngày kết thúc − ngày tiếp nhận), tính bằng ngày", FormulaEn: "Mean of (end − reception), in days",
		Source: src + "; [U] reported without points: no scoring rule documented"},
	{Code: "3.1", Group: "3", NameVi: "TTHC cung cấp trực tuyến", NameEn: "Procedures offered online", MaxScore: onlineW, Threshold: 0.8, Computed: true, Unit: "rate",
		FormulaVi: "TTHC trực tuyến (toàn trình hoặc một phần) ÷ TTHC của cơ quan; đạt tối đa khi ≥ 80%",
		FormulaEn: "Procedures online (full or partial) ÷ the agency's procedures; full marks at ≥ 80%", Source: src + shared},
	{Code: "3.2", Group: "3", NameVi: "DVC trực tuyến có phát sinh hồ sơ", NameEn: "Online services that received dossiers", MaxScore: onlineW, Threshold: 1, Computed: true, Unit: "rate",
		FormulaVi: "TTHC trực tuyến có hồ sơ trực tuyến trong tháng ÷ TTHC trực tuyến của cơ quan",
		FormulaEn: "Online procedures with an online dossier in the month ÷ the agency's online procedures", Source: src + shared},
	{Code: "3.3", Group: "3", NameVi: "Hồ sơ trực tuyến", NameEn: "Online dossiers", MaxScore: onlineW, Threshold: 0.5, Computed: true, Unit: "rate",
		FormulaVi: "Hồ sơ nộp trực tuyến (KenhThucHien = 2) ÷ hồ sơ tiếp nhận trong tháng; đạt tối đa khi ≥ 50%",
		FormulaEn: "Dossiers submitted online (KenhThucHien = 2) ÷ dossiers received in the month; full marks at ≥ 50%", Source: src + shared},
	{Code: "3.5", Group: "3", NameVi: "TTHC có phí thanh toán trên Cổng quốc gia", NameEn: "Fee-bearing procedures payable on the national portal",
		FormulaVi: "TTHC có phí thanh toán được trên Cổng DVC quốc gia ÷ TTHC có phí", FormulaEn: "Fee-bearing procedures payable on the national portal ÷ fee-bearing procedures",
		Source: src, ReasonVi: "Motcua không kết nối nền tảng thanh toán của Cổng DVC quốc gia", ReasonEn: "motcua is not connected to the national portal's payment platform"},
	{Code: "3.6", Group: "3", NameVi: "Thanh toán trực tuyến", NameEn: "Paid online", MaxScore: onlineW, Threshold: 1, Computed: true, Unit: "rate",
		FormulaVi: "Khoản phí lập trong tháng đã thanh toán trực tuyến ÷ khoản phí lập trong tháng",
		FormulaEn: "Fees raised in the month paid online ÷ fees raised in the month", Source: src + shared},
	{Code: "4.1", Group: "4", NameVi: "Kết quả điện tử", NameEn: "Electronic results", MaxScore: digitW, Threshold: 1, Computed: true, Unit: "rate",
		FormulaVi: "Hồ sơ giải quyết xong trong tháng có kết quả điện tử đã ký số ÷ hồ sơ giải quyết xong trong tháng",
		FormulaEn: "Dossiers settled in the month with a signed electronic result ÷ dossiers settled in the month", Source: src + shared},
	{Code: "4.2", Group: "4", NameVi: "Số hóa hồ sơ", NameEn: "Digitised dossiers", MaxScore: digitW, Threshold: 0.8, Computed: true, Unit: "rate",
		FormulaVi: "Hồ sơ tiếp nhận trong tháng được số hóa ÷ hồ sơ tiếp nhận; đạt tối đa khi ≥ 80%",
		FormulaEn: "Dossiers received in the month that are digitised ÷ dossiers received; full marks at ≥ 80%", Source: src + shared},
	{Code: "4.3", Group: "4", NameVi: "Tái sử dụng dữ liệu số hóa", NameEn: "Reuse of digitised data", MaxScore: digitW, Threshold: 0.8, Computed: true, Unit: "rate",
		FormulaVi: "Hồ sơ tiếp nhận trong tháng dùng lại giấy tờ đã số hóa ÷ hồ sơ tiếp nhận; đạt tối đa khi ≥ 80%",
		FormulaEn: "Dossiers received in the month reusing a digitised document ÷ dossiers received; full marks at ≥ 80%", Source: src + shared},
	{Code: "4.4", Group: "4", NameVi: "Lấy từ Kho dữ liệu quốc gia", NameEn: "From the national data store",
		FormulaVi: "Hồ sơ lấy giấy tờ từ Kho DMQG (DuocLayTuKhoDMQG)", FormulaEn: "Dossiers taking documents from the national data store (DuocLayTuKhoDMQG)",
		Source: src, ReasonVi: "Motcua không kết nối Kho dữ liệu quốc gia", ReasonEn: "motcua is not connected to the national data store"},
	{Code: "4.5", Group: "4", NameVi: "Xác thực bằng VNeID", NameEn: "Accounts verified with VNeID",
		FormulaVi: "Tài khoản được xác thực với VNeID", FormulaEn: "Accounts verified with VNeID (population data)",
		Source: src, ReasonVi: "Motcua không lưu việc xác thực tài khoản với VNeID", ReasonEn: "motcua records no VNeID verification of accounts"},
	{Code: "5.1", Group: "5", NameVi: "Xử lý phản ánh, kiến nghị: tiếp nhận", NameEn: "Feedback: refusal and supplement time",
		FormulaVi: "Từ chối ≤ 2, yêu cầu bổ sung ≤ 5 ngày làm việc", FormulaEn: "Refused within 2, supplement asked within 5 working days",
		Source: src, ReasonVi: "Motcua chưa có phân hệ phản ánh, kiến nghị", ReasonEn: "motcua has no feedback (PAKN) module"},
	{Code: "5.2", Group: "5", NameVi: "Xử lý phản ánh, kiến nghị: giải quyết", NameEn: "Feedback: resolution time",
		FormulaVi: "Giải quyết ≤ 15 ngày làm việc", FormulaEn: "Resolved within 15 working days",
		Source: src, ReasonVi: "Motcua chưa có phân hệ phản ánh, kiến nghị", ReasonEn: "motcua has no feedback (PAKN) module"},
	{Code: "5.3", Group: "5", NameVi: "Xử lý phản ánh, kiến nghị: công khai", NameEn: "Feedback: publication time",
		FormulaVi: "Công khai ≤ 2 ngày làm việc", FormulaEn: "Published within 2 working days",
		Source: src, ReasonVi: "Motcua chưa có phân hệ phản ánh, kiến nghị", ReasonEn: "motcua has no feedback (PAKN) module"},
	{Code: "5.4", Group: "5", NameVi: "Mức độ hài lòng", NameEn: "Satisfaction", MaxScore: 6, Threshold: 0.9, Computed: true, Unit: "rate",
		FormulaVi: "100% − (tỷ lệ trễ hạn + tỷ lệ không hài lòng); đạt tối đa khi ≥ 90%",
		FormulaEn: "100% − (late rate + dissatisfied rate); full marks at ≥ 90%",
		Source: src + "; 6 of the group's 18 points: press quote, baocaotaichinh.vn (egov.md §5) [S]; " +
			"[U] dissatisfied = an evaluation scoring any criterion 0 (Circular 01/2018 Art. 13), as motcua has no PAKN"},
}

// Lookup returns the indicator with the code.
func Lookup(code string) (Def, bool) {
	for _, d := range Table {
		if d.Code == code {
			return d, true
		}
	}
	return Def{}, false
}
