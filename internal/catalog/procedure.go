// Package catalog holds the city's catalog of administrative procedures (thủ tục hành chính,
// TTHC), the publication decisions (quyết định công bố) that publish, amend and abolish them, and
// the search over them.
package catalog

import (
	"encoding/json"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// vnZone is Asia/Ho_Chi_Minh, the zone of every date the catalog prints.
var vnZone = vntime.Location()

// Level is the tier of government that implements a procedure after the 2025 two-tier reform.
type Level string

const (
	LevelProvince Level = "province"
	LevelCommune  Level = "commune"
)

// OnlineLevel is the online service level of Decree 42/2022 Art. 11: fully online (toàn trình),
// partially online (một phần), or not online at all.
type OnlineLevel string

const (
	OnlineFull    OnlineLevel = "full"
	OnlinePartial OnlineLevel = "partial"
	OnlineNone    OnlineLevel = "none"
)

// Status says whether a procedure is in force.
type Status string

const (
	StatusActive    Status = "active"
	StatusAbolished Status = "abolished"
)

// Procedure is one administrative procedure (thủ tục hành chính) as published.
// Pointer numbers are nil when the published source gives no figure: the catalog says "not
// stated" rather than inventing one.
type Procedure struct {
	Code      string `json:"code"`                 // national code, e.g. "1.000894"
	LocalCode string `json:"local_code,omitempty"` // localised code, e.g. "1.000894.000.00.00.H26"
	Name      string `json:"name"`
	Field     string `json:"field"` // lĩnh vực
	Level     Level  `json:"level"`

	ImplementingAgency string `json:"implementing_agency"`
	DecidingAgency     string `json:"deciding_agency,omitempty"`
	// AgencyCodes lists the agencies (org codes) that receive this procedure; empty means every
	// agency of the procedure's level.
	AgencyCodes []string `json:"agency_codes,omitempty"`

	// Processing time: working days, or working hours for same-day procedures, or calendar
	// days where the legal text counts them so. At most one is set; none when unstated.
	ProcessingDays         *int   `json:"processing_days"`
	ProcessingHours        *int   `json:"processing_hours,omitempty"`
	ProcessingCalendarDays *int   `json:"processing_calendar_days,omitempty"`
	ProcessingTimeText     string `json:"processing_time_text,omitempty"` // as the source words it, for editors
	// TimeStatement is the processing time in plain words for citizens, e.g. "Trong ngày làm
	// việc; nộp sau 15 giờ thì trả kết quả ngày làm việc tiếp theo".
	TimeStatement string `json:"time_statement,omitempty"`

	// FeeVND is the headline amount a typical applicant pays, in đồng; nil when the source
	// gives no usable figure. Fees lists every fee and charge with its basis.
	FeeVND *int64 `json:"fee_vnd"`
	Fees   []Fee  `json:"fees"`
	// FeeStatement is what a citizen pays in plain words; where the province sets a fee it has
	// not published, it says so and where to ask.
	FeeStatement string `json:"fee_statement,omitempty"`

	Components []Component `json:"components"`
	Steps      []string    `json:"steps,omitempty"`      // trình tự thực hiện
	Conditions string      `json:"conditions,omitempty"` // yêu cầu, điều kiện
	Result     string      `json:"result,omitempty"`     // kết quả
	LegalBases []string    `json:"legal_bases"`          // căn cứ pháp lý: document numbers
	// LegalDocuments are the legal bases with their kind, title and date, for the pages.
	LegalDocuments []LegalDocument `json:"legal_documents,omitempty"`
	// Channels are where and how to submit: "online", "counter", "post".
	Channels    []string    `json:"channels,omitempty"`
	OnlineLevel OnlineLevel `json:"online_level"`
	// LegacyLevel is the 1–4 level of Decree 43/2011 Art. 3(4), kept for historical reports.
	LegacyLevel int `json:"legacy_level,omitempty"`
	// FormSchema is the application form as a JSON Schema (draft 2020-12).
	FormSchema json.RawMessage `json:"form_schema"`

	// For the catalog's editors, not citizens: where the text was read, caveats about the data,
	// and the source of each figure.
	Source    string     `json:"source,omitempty"`
	Notes     string     `json:"notes,omitempty"`
	Citations []Citation `json:"citations,omitempty"`

	// Set by the store.
	Status     Status    `json:"status"`
	Version    int       `json:"version,omitempty"`
	DecisionNo string    `json:"decision,omitempty"` // the decision that made this version
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

// Fee is one fee or charge (phí, lệ phí) with its legal basis.
type Fee struct {
	Name      string `json:"name"`
	AmountVND *int64 `json:"amount_vnd"`
	Note      string `json:"note,omitempty"` // the source's wording, for editors
	Basis     string `json:"legal_basis,omitempty"`
	// Statement is the fee in plain words for citizens: who pays what, exemptions.
	Statement string `json:"statement,omitempty"`

	// The schedule: how Quote charges the fee (fees.go). Per is the unit the amount is for:
	// "" or "dossier" (once), "copy" (each copy of the result asked for), "page" (each page of
	// the original, for each copy), "component" (each PerComponent given).
	Per          string `json:"per,omitempty"`
	PerComponent string `json:"per_component,omitempty"`
	FromUnit     int    `json:"from_unit,omitempty"` // charged from this unit on (the 3rd copy); 0 = the first
	Then         *Rate  `json:"then,omitempty"`      // another amount from a later unit on
	CapVND       *int64 `json:"cap_vnd,omitempty"`   // the most charged per copy (Per "page") or per dossier
	Filed        string `json:"filed,omitempty"`     // "online" or "paper": due only for dossiers filed so
	Case         string `json:"case,omitempty"`      // due only in this declared case, e.g. "qua-han" (late)
	// InfoOnly fees are shown and never charged: another fee's schedule yields them (a reduced
	// rate), or they are not this city's (a rate at the embassies).
	InfoOnly   bool        `json:"info_only,omitempty"`
	Reductions []Reduction `json:"reductions,omitempty"`
}

// Rate is an amount per unit from a given unit on: "từ trang thứ 3 trở lên thu 1.000 đồng/trang".
type Rate struct {
	FromUnit  int   `json:"from_unit"`
	AmountVND int64 `json:"amount_vnd"`
}

// Reduction is a reduction (giảm) or exemption (miễn, 100%) of one fee, with its legal basis:
// for dossiers filed online, for categories of applicants an officer confirms, or for everyone,
// within the days it is in force.
type Reduction struct {
	Name       string   `json:"name"`
	Percent    int      `json:"percent,omitempty"`    // 1–100 of the fee; or
	AmountVND  *int64   `json:"amount_vnd,omitempty"` // this many đồng off
	Online     bool     `json:"online,omitempty"`     // only for dossiers filed online
	Categories []string `json:"categories,omitempty"` // only for applicants of one of these categories
	From       string   `json:"from,omitempty"`       // first day in force, YYYY-MM-DD
	Until      string   `json:"until,omitempty"`      // last day in force, YYYY-MM-DD
	Basis      string   `json:"legal_basis"`
	Statement  string   `json:"statement,omitempty"` // in plain words for citizens
}

// LegalDocument is one legal document (văn bản pháp luật) a procedure rests on.
type LegalDocument struct {
	Number   string `json:"number"`              // e.g. "123/2015/NĐ-CP"
	Kind     string `json:"kind"`                // Luật, Nghị định, Thông tư, …
	Title    string `json:"title"`               // trích yếu, e.g. "Quy định chi tiết … Luật Hộ tịch"
	IssuedOn string `json:"issued_on,omitempty"` // YYYY-MM-DD, when the source gives it
	Source   string `json:"source,omitempty"`    // where the title and date were read, for editors
}

// Citation records, for editors, the source of one figure or statement of a procedure.
type Citation struct {
	Figure string `json:"figure"` // what it supports: "processing_time", "fees[1]", "legal_bases"
	Text   string `json:"text"`   // what the source says, or the editor's reasoning
	Source string `json:"source"` // a URL or a document
}

// Component is one item of the dossier (thành phần hồ sơ).
type Component struct {
	ID        string   `json:"id"` // stable within the procedure, e.g. "to-khai"
	Name      string   `json:"name"`
	Originals int      `json:"originals"`
	Copies    int      `json:"copies"`
	Required  bool     `json:"required"`
	Condition string   `json:"condition,omitempty"` // when a conditional component is needed
	Formats   []string `json:"formats,omitempty"`   // accepted file types: pdf, jpg, png, docx
	// Template is the downloadable form (mẫu đơn, tờ khai): a name and a URL.
	TemplateName string `json:"template_name,omitempty"`
	TemplateURL  string `json:"template_url,omitempty"`
	// Group names the alternatives this component belongs to: the components of one group are
	// "one of" (the paper declaration or the electronic form), one of them satisfies the
	// group, and the group is required when any member is.
	Group string `json:"group,omitempty"`
}
