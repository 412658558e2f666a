package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
)

// A procedure's application form is a JSON Schema (draft 2020-12). The portal renders it as an
// HTML form on the server, reads the posted form back into JSON following the schema's types,
// and leaves validation to catalog.ValidateForm, a real JSON Schema validator: the HTML
// attributes (maxlength, pattern) are hints, never the check.
//
// Inputs are named by the dotted path of their property ("nguoi_yeu_cau.ho_ten") and their ids
// derive from it ("f-nguoi_yeu_cau-ho_ten"), so a validation error at "form.nguoi_yeu_cau.ho_ten"
// links to its input. Optional fields are marked "(không bắt buộc)", as the GOV.UK Design
// System does; required ones carry no mark.

// Field kinds, each rendered by its own branch of the form_field template.
const (
	kindText       = "text"       // string: <input type=text>
	kindTextarea   = "textarea"   // a long string (maxLength over 255)
	kindDate       = "date"       // string, format date
	kindEmail      = "email"      // string, format email
	kindInteger    = "integer"    // <input type=text inputmode=numeric>, parsed on the server
	kindNumber     = "number"     // <input type=text inputmode=decimal>, parsed on the server
	kindRadios     = "radios"     // an enum of at most 4 options
	kindSelect     = "select"     // an enum of more
	kindCheckbox   = "checkbox"   // boolean
	kindCheckboxes = "checkboxes" // an array of enum strings
	kindLines      = "lines"      // an array of strings: one per line of a textarea
	kindGroup      = "group"      // a nested object: <fieldset>
	kindAny        = "unsupported"
)

// maxRadios is the most options shown as radios; more become a select.
const maxRadios = 4

// schemaNode is one property of a form schema, with $ref resolved.
type schemaNode struct {
	Name, Path, ID     string // property name, dotted path, HTML id
	Kind               string
	Title, Description string
	Type, Format       string
	Pattern            string
	MaxLength          int
	Required           bool
	HasConst           bool
	Default            string // a string default, pre-filled on a new form
	Enum               []any
	Item               *schemaNode   // an array's items
	Props              []*schemaNode // an object's properties, in the schema's order
	// Autocomplete is the input's purpose when it asks for the applicant's own name, phone or
	// e-mail (WCAG 1.3.5), so browsers can fill it in; other inputs turn autofill off.
	Autocomplete string
	// UI marks a field of the portal's own (the counter's applicant), whose title and options
	// are interface text in the page's language rather than the procedure's Vietnamese.
	UI bool
}

// formSchema is a procedure's application form, ready to render and to parse.
type formSchema struct {
	Title, Description string
	Fields             []*schemaNode
}

// rawSchema is the part of JSON Schema the renderer reads.
type rawSchema struct {
	Ref         string                     `json:"$ref"`
	Defs        map[string]json.RawMessage `json:"$defs"`
	Definitions map[string]json.RawMessage `json:"definitions"`
	Type        json.RawMessage            `json:"type"`
	Title       string                     `json:"title"`
	Description string                     `json:"description"`
	Format      string                     `json:"format"`
	Pattern     string                     `json:"pattern"`
	MaxLength   *int                       `json:"maxLength"`
	Enum        []any                      `json:"enum"`
	Const       json.RawMessage            `json:"const"`
	Default     any                        `json:"default"`
	Required    []string                   `json:"required"`
	Properties  json.RawMessage            `json:"properties"`
	Items       json.RawMessage            `json:"items"`
}

// maxDepth bounds nesting and $ref chains: the demo forms nest one level.
const maxDepth = 6

// parseFormSchema reads a procedure's form schema.
func parseFormSchema(raw json.RawMessage) (*formSchema, error) {
	var root rawSchema
	if err := json.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("web: form schema: %w", err)
	}
	defs := map[string]json.RawMessage{}
	for k, v := range root.Definitions {
		defs["#/definitions/"+k] = v
	}
	for k, v := range root.Defs {
		defs["#/$defs/"+k] = v
	}
	p := schemaParser{defs: defs}
	r, err := p.resolve(root, 0)
	if err != nil {
		return nil, err
	}
	fs := &formSchema{Title: r.Title, Description: r.Description}
	if fs.Fields, err = p.props(r, "", 1); err != nil {
		return nil, err
	}
	return fs, nil
}

type schemaParser struct {
	defs map[string]json.RawMessage
}

// resolve follows $ref into $defs (or definitions); the referring schema's own title and
// description win over the definition's.
func (p schemaParser) resolve(s rawSchema, depth int) (rawSchema, error) {
	for s.Ref != "" {
		if depth > maxDepth {
			return s, fmt.Errorf("web: form schema: $ref %q nests too deep", s.Ref)
		}
		def, ok := p.defs[s.Ref]
		if !ok {
			return s, fmt.Errorf("web: form schema: $ref %q is not in $defs", s.Ref)
		}
		var d rawSchema
		if err := json.Unmarshal(def, &d); err != nil {
			return s, fmt.Errorf("web: form schema: %s: %w", s.Ref, err)
		}
		if s.Title != "" {
			d.Title = s.Title
		}
		if s.Description != "" {
			d.Description = s.Description
		}
		s = d
		depth++
	}
	return s, nil
}

// props reads an object's properties in the order the schema lists them.
func (p schemaParser) props(obj rawSchema, prefix string, depth int) ([]*schemaNode, error) {
	if len(obj.Properties) == 0 {
		return nil, nil
	}
	keys, err := objectKeys(obj.Properties)
	if err != nil {
		return nil, err
	}
	var byName map[string]json.RawMessage
	if err := json.Unmarshal(obj.Properties, &byName); err != nil {
		return nil, err
	}
	var out []*schemaNode
	for _, k := range keys {
		n, err := p.node(k, strings.TrimPrefix(prefix+"."+k, "."), byName[k], depth)
		if err != nil {
			return nil, err
		}
		n.Required = slices.Contains(obj.Required, k)
		out = append(out, n)
	}
	return out, nil
}

// objectKeys lists the keys of a JSON object in document order (a Go map forgets it).
func objectKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("web: form schema: properties is not an object")
	}
	var keys []string
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys, nil
}

func (p schemaParser) node(name, path string, raw json.RawMessage, depth int) (*schemaNode, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("web: form schema: %s nests too deep", path)
	}
	var s rawSchema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("web: form schema: %s: %w", path, err)
	}
	s, err := p.resolve(s, 0)
	if err != nil {
		return nil, err
	}
	n := &schemaNode{Name: name, Path: path, ID: fieldID(path), Title: s.Title, Description: s.Description,
		Type: schemaType(s.Type), Format: s.Format, Pattern: s.Pattern, Enum: s.Enum, HasConst: len(s.Const) > 0}
	if n.Title == "" {
		n.Title = name
	}
	if parent, _, _ := strings.Cut(path, "."); parent == name || applicantSections[parent] {
		n.Autocomplete = applicantInputs[name]
	}
	if s.MaxLength != nil {
		n.MaxLength = *s.MaxLength
	}
	if d, ok := s.Default.(string); ok {
		n.Default = d
	}
	switch n.Type {
	case "object":
		n.Kind = kindGroup
		if n.Props, err = p.props(s, path, depth+1); err != nil {
			return nil, err
		}
	case "string":
		switch {
		case len(n.Enum) > maxRadios:
			n.Kind = kindSelect
		case len(n.Enum) > 0:
			n.Kind = kindRadios
		case n.Format == "date":
			n.Kind = kindDate
		case n.Format == "email":
			n.Kind = kindEmail
		case n.MaxLength > 255:
			n.Kind = kindTextarea
		default:
			n.Kind = kindText
		}
	case "integer":
		n.Kind = kindInteger
		if len(n.Enum) > 0 {
			n.Kind = kindSelect
		}
	case "number":
		n.Kind = kindNumber
		if len(n.Enum) > 0 {
			n.Kind = kindSelect
		}
	case "boolean":
		n.Kind = kindCheckbox
	case "array":
		n.Kind = kindAny
		if len(s.Items) > 0 {
			item, err := p.node(name, path, s.Items, depth+1)
			if err != nil {
				return nil, err
			}
			n.Item = item
			switch {
			case item.Type == "string" && len(item.Enum) > 0:
				n.Kind = kindCheckboxes
				n.Enum = item.Enum
			case item.Type == "string":
				n.Kind = kindLines
			}
		}
	default:
		n.Kind = kindAny
	}
	return n, nil
}

// applicantSections are the sections of the demo forms about the person applying (the top level
// counts too), and applicantInputs the autocomplete tokens of their inputs by property name.
var (
	applicantSections = map[string]bool{"nguoi_yeu_cau": true, "nguoi_de_nghi": true}
	applicantInputs   = map[string]string{"ho_ten": "name", "dien_thoai": "tel", "email": "email"}
)

// schemaType reads "type": a string, or a list such as ["string", "null"] whose first non-null
// entry counts.
func schemaType(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for _, t := range list {
			if t != "null" {
				return t
			}
		}
	}
	return ""
}

// fieldID is the HTML id of the input for a dotted path: "f-" and the path with every
// character outside [A-Za-z0-9_] as "-".
func fieldID(path string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range path {
		if r < 0x80 && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// enumValue writes an enum value as an option's value.
func enumValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// find returns the node at a dotted path, descending into objects.
func (fs *formSchema) find(path string) *schemaNode {
	nodes := fs.Fields
	var found *schemaNode
	for part := range strings.SplitSeq(path, ".") {
		found = nil
		for _, n := range nodes {
			if n.Name == part {
				found = n
				break
			}
		}
		if found == nil {
			return nil
		}
		nodes = found.Props
	}
	return found
}

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
func (fs *formSchema) parse(l Lang, vals url.Values) (map[string]any, []apperr.FieldError) {
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
func (n *schemaNode) parse(l Lang, vals url.Values, problems *[]apperr.FieldError) (v any, present, said bool) {
	raw := strings.TrimSpace(strings.ToValidUTF8(vals.Get(n.Path), "\uFFFD"))
	switch n.Kind {
	case kindGroup:
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
	case kindCheckbox:
		if vals.Get(n.Path) == "true" {
			return true, true, true
		}
		if n.Required && !n.HasConst {
			return false, true, false
		}
		return nil, false, false
	case kindCheckboxes:
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
	case kindLines:
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
	}
	if raw == "" {
		return nil, false, false
	}
	said = n.Default == "" || raw != n.Default
	switch n.Kind {
	case kindRadios, kindSelect:
		return n.enumFor(raw), true, said
	case kindInteger:
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
			Message: l.Text("form.err.integer", n.Title).In(i18n.VI), MessageEn: l.Text("form.err.integer", n.Title).In(i18n.EN)})
		return raw, true, true
	case kindNumber:
		s := strings.ReplaceAll(raw, " ", "")
		if decimalRe.MatchString(s) {
			if f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
				return f, true, true
			}
		}
		*problems = append(*problems, apperr.FieldError{Path: "form." + n.Path,
			Message: l.Text("form.err.number", n.Title).In(i18n.VI), MessageEn: l.Text("form.err.number", n.Title).In(i18n.EN)})
		return raw, true, true
	case kindDate:
		// A browser without a date picker shows a text box; accept the Vietnamese 15/03/2026.
		if m := dmyRe.FindStringSubmatch(raw); m != nil {
			d, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			y, _ := strconv.Atoi(m[3])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d && int(t.Month()) == mo {
				return t.Format(time.DateOnly), true, true
			}
		}
	}
	return raw, true, said
}

// enumFor maps a posted option back to its enum value (a number stays a number); anything
// else is kept as posted for the validator to refuse.
func (n *schemaNode) enumFor(s string) any {
	for _, e := range n.Enum {
		if enumValue(e) == s {
			return e
		}
	}
	return s
}

// Rendering.

// fieldView is one field of a rendered form, with the citizen's value and its error.
type fieldView struct {
	*schemaNode
	Optional  bool
	Value     string
	Checked   bool
	Options   []optionView
	Fields    []*fieldView
	Error     string
	Hint      string // the portal's own hint (how to type it), in the page's language
	HasHint   bool   // a hint paragraph (ID-hint) is shown
	Describe  string // aria-describedby
	InputType string
	InputMode string
	Width     string // CSS modifier of the input's width
	Group     string // the title of the section holding the field, for the error summary
}

type optionView struct {
	ID, Value, Label string
	Selected         bool
}

// formView is a form ready for the form_fields template, and the errors to summarise in the
// order of the page.
type formView struct {
	Title, Description string
	Fields             []*fieldView
	summary            []ViewError
}

// view builds the form for data (the answers so far, a JSON object) with errs (messages by
// path under "form."). With fresh, string defaults are pre-filled.
func (fs *formSchema) view(l Lang, data map[string]any, errs map[string]string, fresh bool) *formView {
	fv := &formView{Title: fs.Title, Description: fs.Description}
	for _, n := range fs.Fields {
		fv.Fields = append(fv.Fields, n.view(l, data[n.Name], errs, fresh, ""))
	}
	var walk func([]*fieldView)
	walk = func(fields []*fieldView) {
		for _, f := range fields {
			if f.Error != "" {
				msg := f.Error
				if f.Group != "" {
					msg = f.Group + ": " + msg
				}
				fv.summary = append(fv.summary, ViewError{ID: f.firstInput(), Message: msg})
			}
			walk(f.Fields)
		}
	}
	walk(fv.Fields)
	return fv
}

// firstInput is the id an error summary link should focus: the field itself, or the first
// input of a section.
func (f *fieldView) firstInput() string {
	if f.Kind == kindGroup {
		for _, c := range f.Fields {
			if id := c.firstInput(); id != "" {
				return id
			}
		}
		return ""
	}
	if f.Kind == kindAny {
		return ""
	}
	return f.ID
}

func (n *schemaNode) view(l Lang, v any, errs map[string]string, fresh bool, group string) *fieldView {
	f := &fieldView{schemaNode: n, Optional: !n.Required, Group: group, InputType: "text"}
	f.Error = errs["form."+n.Path]
	if f.Error == "" && (n.Kind == kindLines || n.Kind == kindCheckboxes) {
		// An item's error ("form.danh_sach.2") shows on the list's one input.
		for i := range 100 {
			if e := errs["form."+n.Path+"."+strconv.Itoa(i)]; e != "" {
				f.Error = itemMessage(l, e, n, i)
				break
			}
		}
	}
	switch n.Kind {
	case kindGroup:
		obj, _ := v.(map[string]any)
		for _, c := range n.Props {
			f.Fields = append(f.Fields, c.view(l, obj[c.Name], errs, fresh, n.Title))
		}
		if !n.Required {
			f.Hint = l.T("form.hint.optional_section")
		}
	case kindCheckbox:
		f.Checked = v == true
	case kindCheckboxes:
		list, _ := v.([]any)
		for i, e := range n.Enum {
			o := optionView{ID: optionID(n.ID, i), Value: enumValue(e), Label: enumValue(e)}
			o.Selected = slices.ContainsFunc(list, func(x any) bool { return enumValue(x) == o.Value })
			f.Options = append(f.Options, o)
		}
		f.Hint = l.T("form.hint.checkboxes")
	case kindLines:
		list, _ := v.([]any)
		var lines []string
		for _, x := range list {
			lines = append(lines, scalarString(x))
		}
		f.Value = strings.Join(lines, "\n")
		f.Hint = l.T("form.hint.lines")
	case kindRadios, kindSelect:
		cur := scalarString(v)
		for i, e := range n.Enum {
			o := optionView{ID: optionID(n.ID, i), Value: enumValue(e), Label: enumValue(e)}
			o.Selected = v != nil && o.Value == cur
			f.Options = append(f.Options, o)
		}
	default:
		f.Value = scalarString(v)
		if v == nil && fresh {
			f.Value = n.Default
		}
	}
	switch n.Kind {
	case kindDate:
		f.InputType, f.Width = "date", "date"
	case kindEmail:
		f.InputType, f.Width = "email", "medium"
	case kindInteger:
		f.InputMode, f.Width = "numeric", "short"
		f.Hint = l.T("form.hint.integer")
	case kindNumber:
		f.InputMode, f.Width = "decimal", "short"
		f.Hint = l.T("form.hint.number")
	case kindText:
		if digitsRe.MatchString(n.Pattern) {
			f.InputMode = "numeric" // a phone or ID number: the phone shows its number pad
		}
		if n.MaxLength > 0 && n.MaxLength <= 30 || n.Pattern != "" {
			f.Width = "medium"
		}
	}
	f.describe()
	return f
}

// describe sets HasHint and the aria-describedby of the field's hint and error.
func (f *fieldView) describe() {
	f.HasHint = f.Description != "" || f.Hint != ""
	var ids []string
	if f.HasHint {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	f.Describe = strings.Join(ids, " ")
}

// optionID is the id of option i of a radio or checkbox group: the first carries the field's
// own id, so that the error summary's link lands on it.
func optionID(id string, i int) string {
	if i == 0 {
		return id
	}
	return id + "-" + strconv.Itoa(i+1)
}

// itemMessage rewords an error about item i of a list ("Trường danh_sach.0 cần …") to name
// the list and the line.
func itemMessage(l Lang, msg string, n *schemaNode, i int) string {
	for _, prefix := range []string{"Trường " + n.Path + "." + strconv.Itoa(i) + " ", "Field " + n.Path + "." + strconv.Itoa(i) + " "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return l.T("form.err.item", n.Title, i+1) + " " + rest
		}
	}
	return msg
}

// scalarString shows a JSON value in an input.
func scalarString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// decodeForm reads a stored form (a draft's or a dossier's) as a JSON object, numbers kept
// exactly as written.
func decodeForm(raw json.RawMessage) map[string]any {
	out := map[string]any{}
	if len(bytes.TrimSpace(raw)) == 0 {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&out) != nil {
		return map[string]any{}
	}
	return out
}

// formErrors keys field errors by path in language l, the parser's own first (they say why a
// number did not parse, where the validator only sees a string).
func formErrors(l Lang, lists ...[]apperr.FieldError) map[string]string {
	out := map[string]string{}
	for _, list := range lists {
		for _, f := range list {
			if _, ok := out[f.Path]; ok {
				continue
			}
			out[f.Path] = fieldMessage(l, f)
		}
	}
	return out
}

func fieldMessage(l Lang, f apperr.FieldError) string {
	if l.EN() && f.MessageEn != "" {
		return f.MessageEn
	}
	return f.Message
}

// Reading answers back (check your answers, the dossier page).

// answer is one question answered.
type answer struct {
	Title  string
	ID     string // the input, for a "Change" link
	Value  string
	Values []string // a list's items
}

// answerSection is a run of answers: a section of the form (Title) or top-level questions.
type answerSection struct {
	Title string
	Rows  []answer
}

// answersView is what the answers_list template shows; ChangeURL, when set, is the page where
// the answers are changed (each row links to ChangeURL#id).
type answersView struct {
	Sections  []answerSection
	ChangeURL string
}

// answers lists the answers given in data in the form's order, a section per nested object;
// unanswered questions are left out. Keys the schema does not know (a form filed under an
// older version) follow, by name.
func (fs *formSchema) answers(l Lang, data map[string]any) []answerSection {
	var out []answerSection
	top := func() *answerSection {
		if len(out) == 0 || out[len(out)-1].Title != "" {
			out = append(out, answerSection{})
		}
		return &out[len(out)-1]
	}
	var rows func(nodes []*schemaNode, obj map[string]any, prefix string) []answer
	rows = func(nodes []*schemaNode, obj map[string]any, prefix string) []answer {
		var list []answer
		for _, n := range nodes {
			v, ok := obj[n.Name]
			if !ok || v == nil {
				continue
			}
			switch n.Kind {
			case kindGroup:
				sub, _ := v.(map[string]any)
				list = append(list, rows(n.Props, sub, prefix+n.Title+" › ")...)
				continue
			case kindLines, kindCheckboxes:
				items, _ := v.([]any)
				a := answer{Title: prefix + n.Title, ID: n.ID}
				for _, x := range items {
					a.Values = append(a.Values, scalarString(x))
				}
				list = append(list, a)
				continue
			}
			list = append(list, answer{Title: prefix + n.Title, ID: n.ID, Value: answerText(l, n, v)})
		}
		return list
	}
	for _, n := range fs.Fields {
		if n.Kind == kindGroup {
			sub, _ := data[n.Name].(map[string]any)
			if r := rows(n.Props, sub, ""); len(r) > 0 {
				out = append(out, answerSection{Title: n.Title, Rows: r})
			}
			continue
		}
		if r := rows([]*schemaNode{n}, data, ""); len(r) > 0 {
			s := top()
			s.Rows = append(s.Rows, r...)
		}
	}
	var extra []string
	for k := range data {
		if fs.find(k) == nil {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		s := top()
		s.Rows = append(s.Rows, answer{Title: k, Value: scalarString(data[k])})
	}
	return out
}

func answerText(l Lang, n *schemaNode, v any) string {
	switch n.Kind {
	case kindCheckbox:
		if v == true {
			return l.T("form.yes")
		}
		return l.T("form.no")
	case kindDate:
		if s, ok := v.(string); ok {
			return date(l, s)
		}
	}
	return scalarString(v)
}
