package web

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
)

// Rendering.

// FieldView is one field of a rendered form, with the citizen's value and its error.
type FieldView struct {
	*SchemaNode
	// Title and Description are the node's in the page's language; TitleVI and DescriptionVI
	// say they are the procedure's Vietnamese (lang="vi").
	Title, Description     string
	TitleVI, DescriptionVI bool
	Optional               bool
	Value                  string
	Checked                bool
	Options                []OptionView
	Fields                 []*FieldView
	Error                  string
	Hint                   string // the portal's own hint (how to type it), in the page's language
	HasHint                bool   // a hint paragraph (ID-hint) is shown
	Describe               string // aria-describedby
	InputType              string
	InputMode              string
	Width                  string    // CSS modifier of the input's width
	Group                  string    // the title of the section holding the field, for the error summary
	Date                   *DateView // a date's three boxes
	Prefilled              string    // where the portal took the value from ("Lấy từ hồ sơ tài khoản"), shown with the hint
}

type OptionView struct {
	ID, Value, Label string
	Selected         bool
	VI               bool // the label is the procedure's Vietnamese (lang="vi")
}

// FormView is a form ready for the form_fields template, and the errors to summarise in the
// order of the page.
type FormView struct {
	Title, Description string
	VI                 bool // the title and description are Vietnamese on an English page
	Fields             []*FieldView
	Summary            []ViewError
}

// view builds the form for data (the answers so far, a JSON object) with errs (messages by
// path under "form."). With fresh, string defaults are pre-filled.
func (fs *FormSchema) View(l Lang, data map[string]any, errs map[string]string, fresh bool) *FormView {
	fv := &FormView{Title: fs.Title, Description: fs.Description, VI: true}
	if l.EN() && fs.TitleEn != "" {
		fv.Title, fv.Description, fv.VI = fs.TitleEn, fs.DescriptionEn, false
	}
	for _, n := range fs.Fields {
		fv.Fields = append(fv.Fields, n.Field(l, data[n.Name], errs, fresh, ""))
	}
	var walk func([]*FieldView)
	walk = func(fields []*FieldView) {
		for _, f := range fields {
			if f.Error != "" {
				msg := f.Error
				if f.Group != "" {
					msg = f.Group + ": " + msg
				}
				fv.Summary = append(fv.Summary, ViewError{ID: f.firstInput(), Message: msg})
			}
			walk(f.Fields)
		}
	}
	walk(fv.Fields)
	return fv
}

// Prefill marks the fields at the given paths as filled in by the portal, each with its note.
func (fv *FormView) Prefill(notes map[string]string) {
	var walk func([]*FieldView)
	walk = func(fields []*FieldView) {
		for _, f := range fields {
			if n, ok := notes[f.Path]; ok && f.Kind != KindGroup {
				f.Prefilled = n
				f.SetDescribedBy()
			}
			walk(f.Fields)
		}
	}
	walk(fv.Fields)
}

// firstInput is the id an error summary link should focus: the field itself, or the first
// input of a section.
func (f *FieldView) firstInput() string {
	if f.Kind == KindGroup {
		for _, c := range f.Fields {
			if id := c.firstInput(); id != "" {
				return id
			}
		}
		return ""
	}
	if f.Kind == KindAny {
		return ""
	}
	if f.Date != nil {
		return f.Date.Focus
	}
	return f.ID
}

// Field is the node's field with the value v and the errors errs (by path under "form."), in a
// section titled group; with fresh, a string default is pre-filled.
func (n *SchemaNode) Field(l Lang, v any, errs map[string]string, fresh bool, group string) *FieldView {
	f := &FieldView{SchemaNode: n, Optional: !n.Required, Group: group, InputType: "text"}
	f.Title, f.TitleVI = n.TitleIn(l)
	f.Description, f.DescriptionVI = n.DescriptionIn(l)
	f.Error = errs["form."+n.Path]
	if f.Error == "" && (n.Kind == KindLines || n.Kind == KindCheckboxes) {
		// An item's error ("form.danh_sach.2") shows on the list's one input.
		for i := range 100 {
			if e := errs["form."+n.Path+"."+strconv.Itoa(i)]; e != "" {
				f.Error = itemMessage(l, e, n, i)
				break
			}
		}
	}
	switch n.Kind {
	case KindGroup:
		obj, _ := v.(map[string]any)
		for _, c := range n.Props {
			f.Fields = append(f.Fields, c.Field(l, obj[c.Name], errs, fresh, f.Title))
		}
		if !n.Required {
			f.Hint = l.T("form.hint.optional_section")
		}
	case KindCheckbox:
		f.Checked = v == true
	case KindCheckboxes:
		list, _ := v.([]any)
		for i, e := range n.Enum {
			o := OptionView{ID: OptionID(n.ID, i), Value: enumValue(e)}
			o.Label, o.VI = n.Label(l, i)
			o.Selected = slices.ContainsFunc(list, func(x any) bool { return enumValue(x) == o.Value })
			f.Options = append(f.Options, o)
		}
		f.Hint = l.T("form.hint.checkboxes")
	case KindLines:
		list, _ := v.([]any)
		var lines []string
		for _, x := range list {
			lines = append(lines, scalarString(x))
		}
		f.Value = strings.Join(lines, "\n")
		f.Hint = l.T("form.hint.lines")
	case KindRadios, KindSelect:
		cur := scalarString(v)
		for i, e := range n.Enum {
			o := OptionView{ID: OptionID(n.ID, i), Value: enumValue(e)}
			o.Label, o.VI = n.Label(l, i)
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
	case KindDate:
		f.setDate(l)
	case KindEmail:
		f.InputType, f.Width = "email", "medium"
	case KindInteger:
		f.InputMode, f.Width = "numeric", "short"
		f.Hint = l.T("form.hint.integer")
	case KindNumber:
		f.InputMode, f.Width = "decimal", "short"
		f.Hint = l.T("form.hint.number")
	case KindText:
		if digitsRe.MatchString(n.Pattern) {
			f.InputMode = "numeric" // a phone or ID number: the phone shows its number pad
		}
		if n.MaxLength > 0 && n.MaxLength <= 30 || n.Pattern != "" {
			f.Width = "medium"
		}
	}
	f.SetDescribedBy()
	return f
}

// setDate splits the date's value into its boxes and adds the hint saying how to type it.
func (f *FieldView) setDate(l Lang) {
	auto := ""
	if f.Autocomplete == "bday" {
		auto = "bday"
	}
	f.Date = dateView(f.ID, f.Value, auto, f.Error != "")
	if f.Hint != "" {
		f.Hint += " "
	}
	f.Hint += l.T("date.hint")
}

// SetDescribedBy sets HasHint and the aria-describedby of the field's hint and error.
func (f *FieldView) SetDescribedBy() {
	f.HasHint = f.Description != "" || f.Hint != "" || f.Prefilled != ""
	var ids []string
	if f.HasHint {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	f.Describe = strings.Join(ids, " ")
}

// OptionID is the id of option i of a radio or checkbox group: the first carries the field's
// own id, so that the error summary's link lands on it.
func OptionID(id string, i int) string {
	if i == 0 {
		return id
	}
	return id + "-" + strconv.Itoa(i+1)
}

// itemMessage rewords an error about item i of a list ("Trường danh_sach.0 cần …") to name
// the list and the line.
func itemMessage(l Lang, msg string, n *SchemaNode, i int) string {
	for _, prefix := range []string{"Trường " + n.Path + "." + strconv.Itoa(i) + " ", "Field " + n.Path + "." + strconv.Itoa(i) + " "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			title, _ := n.TitleIn(l)
			return l.T("form.err.item", title, i+1) + " " + rest
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

// DecodeForm reads a stored form (a draft's or a dossier's) as a JSON object, numbers kept
// exactly as written.
func DecodeForm(raw json.RawMessage) map[string]any {
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

// FormErrors keys field errors by path in language l, the parser's own first (they say why a
// number did not parse, where the validator only sees a string).
func FormErrors(l Lang, lists ...[]apperr.FieldError) map[string]string {
	out := map[string]string{}
	for _, list := range lists {
		for _, f := range list {
			if _, ok := out[f.Path]; ok {
				continue
			}
			out[f.Path] = FieldMessage(l, f)
		}
	}
	return out
}

func FieldMessage(l Lang, f apperr.FieldError) string {
	if l.EN() && f.MessageEn != "" {
		return f.MessageEn
	}
	return f.Message
}
