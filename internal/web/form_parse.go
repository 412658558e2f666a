package web

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
)

// Parsing the posted form.

var (
	groupedIntRe = regexp.MustCompile(`^-?[0-9]{1,3}([.,][0-9]{3})+$`)
	intRe        = regexp.MustCompile(`^-?[0-9]+$`)
	decimalRe    = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)?$`)
	dmyRe        = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
	// digitsRe matches a pattern of digits only, such as ^[0-9]{12}$ or ^0[0-9]{9}$.
	digitsRe = regexp.MustCompile(`^\^0?\[0-9\]\{[0-9,]+\}\$$`)
)

// parse reads a posted form into the JSON object the schema describes: numbers parsed, empty
// optional fields and sections left out, booleans from the checkbox's presence. A number that
// does not parse is kept as typed, so the citizen sees it again, and reported in problems
// (paths "form.…", like catalog.ValidateForm's).
func (fs *FormSchema) Parse(l Lang, vals url.Values) (map[string]any, []apperr.FieldError) {
	var problems []apperr.FieldError
	out := map[string]any{}
	for _, n := range fs.Fields {
		if v, present, _ := n.parse(l, vals, &problems); present {
			out[n.Name] = v
		}
	}
	return out, problems
}

// parse returns the node's value, whether to include it, and whether it says anything (a
// value other than the pre-filled default): an optional section where nothing was said is
// left out entirely.
func (n *SchemaNode) parse(l Lang, vals url.Values, problems *[]apperr.FieldError) (v any, present, said bool) {
	raw := strings.TrimSpace(strings.ToValidUTF8(vals.Get(n.Path), "\uFFFD"))
	switch n.Kind {
	case KindGroup:
		obj := map[string]any{}
		for _, c := range n.Props {
			if v, present, s := c.parse(l, vals, problems); present {
				obj[c.Name] = v
				said = said || s
			}
		}
		if !said && !n.Required {
			return nil, false, false
		}
		return obj, true, said
	case KindCheckbox:
		if vals.Get(n.Path) == "true" {
			return true, true, true
		}
		if n.Required && !n.HasConst {
			return false, true, false
		}
		return nil, false, false
	case KindCheckboxes:
		var list []any
		for _, s := range vals[n.Path] {
			if s == "" {
				continue
			}
			v := n.enumFor(s)
			if !slices.ContainsFunc(list, func(x any) bool { return enumValue(x) == s }) {
				list = append(list, v)
			}
		}
		if len(list) == 0 {
			return nil, false, false
		}
		return list, true, true
	case KindLines:
		var list []any
		for line := range strings.Lines(raw) {
			line = strings.TrimSpace(line)
			if line != "" && !slices.Contains(list, any(line)) {
				list = append(list, line)
			}
		}
		if len(list) == 0 {
			return nil, false, false
		}
		return list, true, true
	case KindDate:
		p := readDate(vals, n.Path)
		iso, fault := p.check()
		switch {
		case p.empty():
			return nil, false, false
		case fault.Key != "":
			txt := fault.text(l, n.Title, p)
			*problems = append(*problems, apperr.FieldError{Path: "form." + n.Path, Message: txt.In(i18n.VI), MessageEn: txt.In(i18n.EN)})
			return p.String(), true, true
		}
		return iso, true, n.Default == "" || iso != n.Default
	}
	if raw == "" {
		return nil, false, false
	}
	said = n.Default == "" || raw != n.Default
	switch n.Kind {
	case KindRadios, KindSelect:
		return n.enumFor(raw), true, said
	case KindInteger:
		s := strings.ReplaceAll(raw, " ", "")
		if groupedIntRe.MatchString(s) {
			s = strings.NewReplacer(".", "", ",", "").Replace(s)
		}
		if intRe.MatchString(s) {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return i, true, true
			}
		}
		*problems = append(*problems, apperr.FieldError{Path: "form." + n.Path,
			Message: l.In(i18n.VI).T("form.err.integer", n.titleIn(i18n.VI)), MessageEn: l.In(i18n.EN).T("form.err.integer", n.titleIn(i18n.EN))})
		return raw, true, true
	case KindNumber:
		s := strings.ReplaceAll(raw, " ", "")
		if decimalRe.MatchString(s) {
			if f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
				return f, true, true
			}
		}
		*problems = append(*problems, apperr.FieldError{Path: "form." + n.Path,
			Message: l.In(i18n.VI).T("form.err.number", n.titleIn(i18n.VI)), MessageEn: l.In(i18n.EN).T("form.err.number", n.titleIn(i18n.EN))})
		return raw, true, true
	}
	return raw, true, said
}

// enumFor maps a posted option back to its enum value (a number stays a number); anything
// else is kept as posted for the validator to refuse.
func (n *SchemaNode) enumFor(s string) any {
	for _, e := range n.Enum {
		if enumValue(e) == s {
			return e
		}
	}
	return s
}

// titleIn is the node's title in language in.
func (n *SchemaNode) titleIn(in i18n.Lang) string {
	t, _ := n.TitleIn(Lang{Lang: in})
	return t
}
