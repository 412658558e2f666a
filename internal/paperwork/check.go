package paperwork

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/vntext"
)

// check collects everything wrong with a form's content, field by field, so that one error
// names every offending field (an apperr Unprocessable error with the fields' paths).
type check struct{ fe apperr.Fields }

// fieldNames name the fields of the forms in the messages, in Vietnamese and English, keyed
// by the last segment of a field's path.
var fieldNames = map[string][2]string{
	"code":           {"mã hồ sơ", "the dossier code"},
	"agency":         {"tên cơ quan, đơn vị", "the agency"},
	"procedure":      {"tên thủ tục hành chính", "the procedure name"},
	"applicant_name": {"họ tên người nộp hồ sơ (tên tổ chức)", "the applicant's name"},
	"received_at":    {"thời gian nhận hồ sơ", "the time the dossier was received"},
	"due_at":         {"thời gian hẹn trả kết quả", "the time the result is due"},
	"new_due_at":     {"thời gian hẹn lại trả kết quả", "the new time the result is due"},
	"requested_at":   {"ngày lập phiếu yêu cầu", "the date of the request"},
	"at":             {"ngày lập phiếu", "the date of the form"},
	"items":          {"nội dung cần bổ sung, hoàn thiện", "what is to be supplemented or completed"},
	"reason":         {"lý do", "the reason"},
	"reasons":        {"lý do từ chối", "the reasons for the refusal"},
	"title":          {"chức danh người ký", "the signer's title"},
	"steps":          {"bước giao, nhận hồ sơ", "a handover step"},
	"from":           {"cơ quan, người giao hồ sơ", "who hands the dossier over"},
	"to":             {"cơ quan, người nhận hồ sơ", "who receives the dossier"},
	"name":           {"tên giấy tờ", "the paper's name"},
}

// fieldName is how the messages call the field at path.
func fieldName(path string) [2]string {
	key := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if n, ok := fieldNames[key]; ok {
		return n
	}
	return [2]string{path, path}
}

func (c *check) add(path, vi, en string) { c.fe.Add(path, vi, en) }

// missing records that the field at path is required.
func (c *check) missing(path string) {
	n := fieldName(path)
	c.add(path, "Cần "+n[0]+".", upperFirst(n[1])+" is required.")
}

// text requires a text.
func (c *check) text(path, value string) {
	if value == "" {
		c.missing(path)
	}
}

// dossier requires the agency, the procedure and the applicant's name, which every slip
// names.
func (c *check) dossier(agency, procedure, applicant string) {
	c.text("agency", agency)
	c.text("procedure", procedure)
	c.text("applicant_name", applicant)
}

// time requires a time.
func (c *check) time(path string, t time.Time) {
	if t.IsZero() {
		c.missing(path)
	}
}

// notBefore records that the field at path, t, may not be before ref (the field at refPath),
// when both are set.
func (c *check) notBefore(path string, t time.Time, refPath string, ref time.Time) {
	if t.IsZero() || ref.IsZero() || !t.Before(ref) {
		return
	}
	n, r := fieldName(path), fieldName(refPath)
	c.add(path, upperFirst(n[0])+" không được trước "+r[0]+".", upperFirst(n[1])+" cannot be before "+r[1]+".")
}

// upperFirst is s with its first letter in capitals.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// list requires at least one item and no blank one (items[2]).
func (c *check) list(path string, items []string) {
	if len(items) == 0 {
		c.missing(path)
	}
	for i, it := range items {
		c.text(fmt.Sprintf("%s[%d]", path, i), it)
	}
}

// err returns the error naming every field recorded, or nil.
func (c *check) err(code, vi, en string) error { return c.fe.Err(code, vi, en) }

// The results a handover step or a dossier may have (Circular 01/2018/TT-VPCP Mẫu 05 and
// 06), as the forms print them.
const (
	Early  = "Trước hạn"
	OnTime = "Đúng hạn"
	Late   = "Quá hạn"
)

// canonicalResult is result as the forms print it when it is one of Early, OnTime and Late in
// another case ("đúng hạn"), else result unchanged.
func canonicalResult(result string) string {
	for _, r := range []string{Early, OnTime, Late} {
		if strings.EqualFold(result, r) {
			return r
		}
	}
	return result
}

// result requires Early, OnTime, Late or nothing.
func (c *check) result(path, value string) {
	if value != "" && value != Early && value != OnTime && value != Late {
		c.add(path, `Kết quả phải là "Trước hạn", "Đúng hạn", "Quá hạn" hoặc để trống.`,
			`The result must be "Trước hạn", "Đúng hạn", "Quá hạn" or empty.`)
	}
}

// cleanAll cleans every string that ps point to (see clean).
func cleanAll(ps ...*string) {
	for _, p := range ps {
		*p = clean(*p)
	}
}

// cleanList returns a cleaned copy of ss (see clean), leaving the caller's slice alone.
func cleanList(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// clean makes s safe and canonical to print: NFC, control characters and runs of white space
// made one space, trimmed, and characters outside the Basic Multilingual Plane (which fpdf's
// Unicode fonts cannot index, and DejaVu Sans does not draw) replaced by U+FFFD.
func clean(s string) string {
	s = vntext.NFC(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case r > 0xFFFF:
			r = '\uFFFD'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
