package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/xlsxread"
)

// The catalog travels as JSON (an array of procedures, or {"procedures": [...]}) or as the
// XLSX workbook offices exchange: one row per procedure on the first sheet, one row per
// dossier component on the second.
const (
	SheetProcedures = "Thủ tục"
	SheetComponents = "Thành phần"
)

// Item is one procedure read from a file, with where it came from for error reports.
type Item struct {
	Procedure Procedure
	Where     string // "procedures[3]" or "Thủ tục, dòng 5"
}

// DecodeJSON reads procedures from JSON.
func DecodeJSON(r io.Reader) ([]Item, error) {
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	var ps []Procedure
	if len(b) > 0 && b[0] == '{' {
		var wrap struct {
			Procedures []Procedure `json:"procedures"`
		}
		err = json.Unmarshal(b, &wrap)
		ps = wrap.Procedures
	} else {
		err = json.Unmarshal(b, &ps)
	}
	if err != nil {
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file", err.Error()),
			apperr.Field("file", msgs.Text("reader_said", err.Error())))
	}
	items := make([]Item, len(ps))
	for i, p := range ps {
		items[i] = Item{p, fmt.Sprintf("procedures[%d]", i)}
	}
	return items, nil
}

// EncodeJSON writes procedures as an indented JSON array.
func EncodeJSON(w io.Writer, ps []*Procedure) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if ps == nil {
		ps = []*Procedure{}
	}
	return enc.Encode(ps)
}

// column is one column of a sheet: its key and Vietnamese heading.
type column struct{ key, label string }

var procColumns = []column{
	{"code", "Mã thủ tục"}, {"local_code", "Mã địa phương"}, {"name", "Tên thủ tục"}, {"field", "Lĩnh vực"},
	{"level", "Cấp thực hiện"}, {"implementing_agency", "Cơ quan thực hiện"}, {"deciding_agency", "Cơ quan có thẩm quyền"},
	{"agency_codes", "Mã cơ quan tiếp nhận"}, {"processing_days", "Thời hạn (ngày làm việc)"},
	{"processing_hours", "Thời hạn (giờ làm việc)"}, {"processing_calendar_days", "Thời hạn (ngày)"},
	{"processing_time_text", "Thời hạn (nguyên văn)"}, {"time_statement", "Thời hạn (cho người dân)"},
	{"fee_vnd", "Lệ phí (đồng)"}, {"fees", "Phí, lệ phí (JSON)"}, {"fee_statement", "Phí, lệ phí (cho người dân)"},
	{"steps", "Trình tự thực hiện"}, {"conditions", "Yêu cầu, điều kiện"}, {"result", "Kết quả"},
	{"legal_bases", "Căn cứ pháp lý"}, {"legal_documents", "Văn bản pháp luật (JSON)"}, {"channels", "Cách thức nộp"}, {"online_level", "Mức độ trực tuyến"},
	{"legacy_level", "Mức độ (43/2011)"}, {"form_schema", "Biểu mẫu (JSON Schema)"}, {"source", "Nguồn"},
	{"notes", "Ghi chú"}, {"citations", "Nguồn từng số liệu (JSON)"}, {"status", "Trạng thái"},
}

var compColumns = []column{
	{"code", "Mã thủ tục"}, {"id", "Mã thành phần"}, {"name", "Tên thành phần"}, {"originals", "Bản chính"},
	{"copies", "Bản sao"}, {"required", "Bắt buộc"}, {"condition", "Điều kiện"}, {"formats", "Định dạng"},
	{"template_name", "Mẫu đơn, tờ khai"}, {"template_url", "Đường dẫn mẫu"}, {"group", "Nhóm thay thế (nộp một trong)"},
}

func heading(c column) string { return c.label + " (" + c.key + ")" }

// EncodeXLSX writes procedures as the exchange workbook.
func EncodeXLSX(w io.Writer, ps []*Procedure) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetProcedures); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetComponents); err != nil {
		return err
	}
	writeRow := func(sheet string, row int, vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(sheet, cell, &vals)
	}
	head := func(cols []column) []any {
		out := make([]any, len(cols))
		for i, c := range cols {
			out[i] = heading(c)
		}
		return out
	}
	if err := writeRow(SheetProcedures, 1, head(procColumns)); err != nil {
		return err
	}
	if err := writeRow(SheetComponents, 1, head(compColumns)); err != nil {
		return err
	}
	crow := 2
	for i, p := range ps {
		fees, _ := json.Marshal(p.Fees)
		if p.Fees == nil {
			fees = []byte("[]")
		}
		vals := []any{p.Code, p.LocalCode, p.Name, p.Field, string(p.Level), p.ImplementingAgency, p.DecidingAgency,
			strings.Join(p.AgencyCodes, ", "), intCell(p.ProcessingDays), intCell(p.ProcessingHours), intCell(p.ProcessingCalendarDays),
			p.ProcessingTimeText, p.TimeStatement, int64Cell(p.FeeVND), string(fees), p.FeeStatement, strings.Join(p.Steps, "\n"),
			p.Conditions, p.Result, strings.Join(p.LegalBases, "\n"), jsonCell(p.LegalDocuments), strings.Join(p.Channels, ", "),
			string(p.OnlineLevel), p.LegacyLevel, string(p.FormSchema), p.Source, p.Notes, jsonCell(p.Citations), string(p.Status)}
		if err := writeRow(SheetProcedures, i+2, vals); err != nil {
			return err
		}
		for _, c := range p.Components {
			req := "không"
			if c.Required {
				req = "có"
			}
			if err := writeRow(SheetComponents, crow, []any{p.Code, c.ID, c.Name, c.Originals, c.Copies, req, c.Condition,
				strings.Join(c.Formats, ", "), c.TemplateName, c.TemplateURL, c.Group}); err != nil {
				return err
			}
			crow++
		}
	}
	return f.Write(w)
}

func intCell(v *int) any {
	if v == nil {
		return ""
	}
	return *v
}

// jsonCell is a list as JSON, or an empty cell for none.
func jsonCell[T any](v []T) any {
	if len(v) == 0 {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func int64Cell(v *int64) any {
	if v == nil {
		return ""
	}
	return *v
}

// exchangeSheet bounds an uploaded exchange workbook: a province's catalog is a few thousand
// procedures, their components some tens of thousands, in a few tens of columns.
var exchangeSheet = xlsxread.Limits{Unzipped: 512 << 20, Rows: 100_000, Columns: 128}

// DecodeXLSX reads the exchange workbook. Every cell that cannot be read is reported with its
// sheet, row and column; the result is nil when any is.
func DecodeXLSX(r io.Reader) ([]Item, error) {
	f, err := xlsxread.Open(r, exchangeSheet)
	if err != nil {
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file.cannot_read_xlsx_file"),
			apperr.Field("file", msgs.Text("reader_said", err.Error())))
	}
	defer f.Close()
	var fe apperr.Fields
	prows, err := sheetRows(f, SheetProcedures, procColumns, &fe)
	if err != nil {
		return nil, err
	}
	crows, err := sheetRows(f, SheetComponents, compColumns, &fe)
	if err != nil {
		return nil, err
	}
	var items []Item
	byCode := map[string]int{}
	for _, row := range prows {
		at := func(key string) string { return fmt.Sprintf("%s, dòng %d: %s", SheetProcedures, row.n, key) }
		p := Procedure{
			Code: row.v["code"], LocalCode: row.v["local_code"], Name: row.v["name"], Field: row.v["field"],
			Level: Level(row.v["level"]), ImplementingAgency: row.v["implementing_agency"], DecidingAgency: row.v["deciding_agency"],
			AgencyCodes: splitList(row.v["agency_codes"], ","), ProcessingTimeText: row.v["processing_time_text"],
			TimeStatement: row.v["time_statement"], FeeStatement: row.v["fee_statement"],
			Steps: splitList(row.v["steps"], "\n"), Conditions: row.v["conditions"], Result: row.v["result"],
			LegalBases: splitList(row.v["legal_bases"], "\n"), Channels: splitList(row.v["channels"], ","),
			OnlineLevel: OnlineLevel(row.v["online_level"]), Source: row.v["source"], Notes: row.v["notes"],
			FormSchema: json.RawMessage(row.v["form_schema"]), Components: []Component{}, Fees: []Fee{},
		}
		p.ProcessingDays = optInt(row.v["processing_days"], at("processing_days"), &fe)
		p.ProcessingHours = optInt(row.v["processing_hours"], at("processing_hours"), &fe)
		p.ProcessingCalendarDays = optInt(row.v["processing_calendar_days"], at("processing_calendar_days"), &fe)
		if v := optInt(row.v["fee_vnd"], at("fee_vnd"), &fe); v != nil {
			p.FeeVND = new(int64)
			*p.FeeVND = int64(*v)
		}
		if v := optInt(row.v["legacy_level"], at("legacy_level"), &fe); v != nil {
			p.LegacyLevel = *v
		}
		if s := row.v["fees"]; s != "" {
			if err := json.Unmarshal([]byte(s), &p.Fees); err != nil {
				fe.Add(at("fees"), msgs.Text("fees_must_be_json", err.Error()))
			}
		}
		for key, dst := range map[string]any{"legal_documents": &p.LegalDocuments, "citations": &p.Citations} {
			if s := row.v[key]; s != "" {
				if err := json.Unmarshal([]byte(s), dst); err != nil {
					fe.Add(at(key), msgs.Text("column_must_be_json", err.Error()))
				}
			}
		}
		if len(p.FormSchema) == 0 {
			p.FormSchema = nil
		}
		byCode[p.Code] = len(items)
		items = append(items, Item{p, fmt.Sprintf("%s, dòng %d", SheetProcedures, row.n)})
	}
	for _, row := range crows {
		at := func(key string) string { return fmt.Sprintf("%s, dòng %d: %s", SheetComponents, row.n, key) }
		i, ok := byCode[row.v["code"]]
		if !ok {
			fe.Add(at("code"), msgs.Text("no_procedure_on_sheet", row.v["code"], SheetProcedures))
			continue
		}
		c := Component{ID: row.v["id"], Name: row.v["name"], Condition: row.v["condition"],
			Formats: splitList(row.v["formats"], ","), TemplateName: row.v["template_name"], TemplateURL: row.v["template_url"],
			Group: row.v["group"]}
		if v := optInt(row.v["originals"], at("originals"), &fe); v != nil {
			c.Originals = *v
		}
		if v := optInt(row.v["copies"], at("copies"), &fe); v != nil {
			c.Copies = *v
		}
		switch strings.ToLower(row.v["required"]) {
		case "có", "co", "x", "true", "1", "yes":
			c.Required = true
		case "không", "khong", "", "false", "0", "no":
		default:
			fe.Add(at("required"), msgs.Text("write_yes_or_no"))
		}
		items[i].Procedure.Components = append(items[i].Procedure.Components, c)
	}
	if err := fe.Err("invalid_file", msgs.Text("invalid_file.file_has_errors_nothing_was_imported")); err != nil {
		return nil, err
	}
	return items, nil
}

type sheetRow struct {
	n int // 1-based row number as shown in a spreadsheet
	v map[string]string
}

func sheetRows(f *excelize.File, sheet string, cols []column, fe *apperr.Fields) ([]sheetRow, error) {
	rows, err := xlsxread.Rows(f, sheet, exchangeSheet)
	var re *xlsxread.RowError
	switch {
	case errors.As(err, &re) && errors.Is(err, xlsxread.ErrTooManyRows):
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file.too_many_rows", sheet, exchangeSheet.Rows),
			apperr.Field(fmt.Sprintf("%s, %d", sheet, re.Row), msgs.Text("too_many_rows", exchangeSheet.Rows)))
	case errors.As(err, &re):
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file.too_wide", sheet, exchangeSheet.Columns),
			apperr.Field(fmt.Sprintf("%s, %d", sheet, re.Row), msgs.Text("too_wide", exchangeSheet.Columns)))
	case err != nil:
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file.missing_sheet", sheet),
			apperr.Field(sheet, msgs.Text("missing_sheet")))
	}
	if len(rows) == 0 {
		return nil, nil
	}
	known := map[string]bool{}
	for _, c := range cols {
		known[c.key] = true
	}
	keys := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		k := strings.TrimSpace(h)
		if open := strings.LastIndex(k, "("); open >= 0 && strings.HasSuffix(k, ")") {
			k = k[open+1 : len(k)-1]
		}
		if !known[k] && k != "" {
			col, _ := excelize.ColumnNumberToName(i + 1)
			fe.Add(fmt.Sprintf("%s, %s1", sheet, col), msgs.Text("unknown_column", h))
		}
		keys[i] = k
	}
	var out []sheetRow
	for i, r := range rows[1:] {
		v := map[string]string{}
		empty := true
		for j, cell := range r {
			if j < len(keys) && keys[j] != "" {
				v[keys[j]] = strings.TrimSpace(cell)
				if v[keys[j]] != "" {
					empty = false
				}
			}
		}
		if !empty {
			out = append(out, sheetRow{i + 2, v})
		}
	}
	return out, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func optInt(s, path string, fe *apperr.Fields) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ""))
	if err != nil {
		fe.Add(path, msgs.Text("must_be_whole_number", s))
		return nil
	}
	return &n
}

// ImportReport says what an import did.
type ImportReport struct {
	Decision  *Decision `json:"decision,omitempty"`
	Published []string  `json:"published"`
	Amended   []string  `json:"amended"`
	Unchanged []string  `json:"unchanged"`
}

// Import applies items as one publication decision: new codes are published, changed ones
// amended, identical ones left alone. meta gives the decision's number, dates and signer; a
// missing number becomes IMPORT-<time>. Any bad item fails the whole import and every problem
// is reported where the file says it is.
func (s *Store) Import(ctx context.Context, actor *org.User, items []Item, meta Decision) (*ImportReport, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.CanManageCatalog() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	}
	if len(items) == 0 {
		// null, {}, [] or a sheet without rows: most likely the wrong file, never a decision.
		return nil, apperr.Invalid("invalid_file", msgs.Text("invalid_file.file_has_no_procedures"),
			apperr.Field("file", msgs.Text("file_has_no_procedures")))
	}
	var fe apperr.Fields
	seen := map[string]string{}
	for i := range items {
		p := &items[i].Procedure
		Normalize(p)
		p.Status, p.Version, p.DecisionNo, p.UpdatedAt = "", 0, "", time.Time{}
		fe.Append(items[i].Where, Validate(p))
		if prev, ok := seen[p.Code]; ok && p.Code != "" {
			fe.Add(items[i].Where+".code", msgs.Text("code_repeats", p.Code, prev))
		}
		seen[p.Code] = items[i].Where
	}
	if err := fe.Err("invalid_file", msgs.Text("invalid_file.file_has_errors_nothing_was_imported")); err != nil {
		return nil, err
	}
	rep := &ImportReport{Published: []string{}, Amended: []string{}, Unchanged: []string{}}
	d := meta
	d.Publish, d.Amend, d.Abolish = nil, nil, nil
	for _, it := range items {
		cur, err := s.Procedure(ctx, it.Procedure.Code)
		switch {
		case apperr.KindOf(err) == apperr.KindNotFound || (err == nil && cur.Status == StatusAbolished):
			d.Publish = append(d.Publish, it.Procedure)
			rep.Published = append(rep.Published, it.Procedure.Code)
		case err != nil:
			return nil, err
		case sameDoc(cur, &it.Procedure):
			rep.Unchanged = append(rep.Unchanged, it.Procedure.Code)
		default:
			d.Amend = append(d.Amend, it.Procedure)
			rep.Amended = append(rep.Amended, it.Procedure.Code)
		}
	}
	if len(d.Publish)+len(d.Amend) == 0 {
		return rep, nil
	}
	if d.Number == "" {
		d.Number = "IMPORT-" + s.now().In(vnZone).Format("20060102-150405")
	}
	if d.SignedOn == "" {
		d.SignedOn = s.now().In(vnZone).Format(time.DateOnly)
	}
	if d.Title == "" {
		d.Title = "Nhập danh mục thủ tục hành chính"
	}
	out, err := s.ApplyDecision(ctx, actor, &d)
	if err != nil {
		return nil, err
	}
	rep.Decision = out
	return rep, nil
}

func sameDoc(a, b *Procedure) bool {
	x, y := *a, *b
	x.Status, x.Version, x.DecisionNo, x.UpdatedAt = "", 0, "", time.Time{}
	y.Status, y.Version, y.DecisionNo, y.UpdatedAt = "", 0, "", time.Time{}
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return bytes.Equal(bx, by)
}
