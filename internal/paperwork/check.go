package paperwork

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntext"
)

// check collects everything wrong with a form's content, field by field, so that one error
// names every offending field (an apperr Unprocessable error with the fields' paths).
type check struct{ fe apperr.Fields }

// fieldName is how the messages call the field at path: the catalog's field.NAME for the last
// segment of the path, else the path itself.
func fieldName(path string) i18n.Text {
	key := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if msgs.Has("field." + key) {
		return msgs.Text("field." + key)
	}
	var t i18n.Text
	for l := range i18n.NumLangs {
		t[l] = path
	}
	return t
}

// sentence is key's text in each language about the fields named, starting with a capital.
func sentence(key string, names ...i18n.Text) i18n.Text {
	t := msgs.TextFunc(key, func(l i18n.Lang) []any {
		args := make([]any, len(names))
		for i, n := range names {
			args[i] = n.In(l)
		}
		return args
	})
	for l := range t {
		t[l] = upperFirst(t[l])
	}
	return t
}

func (c *check) add(path string, msg i18n.Text) { c.fe.Add(path, msg) }

// missing records that the field at path is required.
func (c *check) missing(path string) {
	c.add(path, sentence("field_required", fieldName(path)))
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
	c.add(path, sentence("field_before", fieldName(path), fieldName(refPath)))
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
func (c *check) err(code string, msg i18n.Text) error { return c.fe.Err(code, msg) }

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
		c.add(path, msgs.Text("result_must_be_or_empty"))
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
