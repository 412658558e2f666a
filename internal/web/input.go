package web

import "cmp"

// KindFile is a file input of the portal's own forms (a supplement, an officer's attachment);
// the ui_fields template renders it, and every other kind through form_field.
const KindFile = "file"

// Input describes one input of the portal's own forms (sign-up, profile, the workflow's
// actions), rendered by the same templates as a procedure's form so that every form of the
// portal has the same labels, hints, error messages and aria-describedby.
type Input struct {
	Kind         string // kindText (default), kindTextarea, kindDate, kindEmail, kindRadios, kindSelect, kindFile
	Name, ID     string
	Title, Hint  string
	Required     bool // optional inputs are marked "(không bắt buộc)"
	VI           bool // the title is Vietnamese content (a procedure's component), marked lang="vi"
	Type         string
	InputMode    string
	Autocomplete string
	Width        string // input-<width>: short, medium, date
	MaxLength    int
	Value        string
	Error        string
	Options      []OptionView // radios and selects
}

// view is the input ready for the ui_fields template.
func (in Input) view(l Lang) *FieldView {
	if in.Kind == "" {
		in.Kind = KindText
	}
	n := &SchemaNode{Name: in.Name, Path: in.Name, ID: in.ID, Title: in.Title, Kind: in.Kind, Required: in.Required,
		MaxLength: in.MaxLength, Autocomplete: in.Autocomplete, UI: !in.VI}
	f := &FieldView{SchemaNode: n, Title: in.Title, TitleVI: in.VI, Optional: !in.Required, Value: in.Value, Error: in.Error, Hint: in.Hint,
		InputType: "text", InputMode: in.InputMode, Width: in.Width, Options: in.Options}
	for i := range f.Options {
		f.Options[i].VI = f.Options[i].VI || in.VI
	}
	switch in.Kind {
	case KindDate:
		f.setDate(l)
	case KindEmail:
		f.InputType = "email"
	}
	if in.Type != "" {
		f.InputType = in.Type
	}
	f.SetDescribedBy()
	return f
}

// Inputs renders ins, each with the error the view holds for its id.
func (v *View) Inputs(ins ...Input) []*FieldView {
	out := make([]*FieldView, 0, len(ins))
	for _, in := range ins {
		if in.Error == "" {
			in.Error = v.FieldErrors[in.ID]
		}
		if in.Kind == KindDate && in.Error == "" { // ReadDate's error, at the box that is wrong
			in.Error = cmp.Or(v.FieldErrors[in.ID+"-month"], v.FieldErrors[in.ID+"-year"])
		}
		out = append(out, in.view(v.L))
	}
	return out
}
