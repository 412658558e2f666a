package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntext"
)

// schemas caches compiled form schemas by procedure code and version: a version never changes.
var schemas sync.Map // "code@version" → *jsonschema.Schema

// FormSchema returns the compiled application form of p.
func FormSchema(p *Procedure) (*jsonschema.Schema, error) {
	key := fmt.Sprintf("%s@%d", p.Code, p.Version)
	if s, ok := schemas.Load(key); ok && p.Version != 0 {
		return s.(*jsonschema.Schema), nil
	}
	s, err := CompileSchema(p.FormSchema)
	if err != nil {
		return nil, fmt.Errorf("catalog: form of %s: %w", p.Code, err)
	}
	if p.Version != 0 {
		schemas.Store(key, s)
	}
	return s, nil
}

// ValidateForm checks an application form against the procedure's JSON Schema and returns one
// field error per problem, with paths under "form" ("form.nguoi_yeu_cau.ho_ten") and messages
// in Vietnamese and English that name the field by its title.
func ValidateForm(p *Procedure, form json.RawMessage) ([]apperr.FieldError, error) {
	s, err := FormSchema(p)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(form)) == 0 {
		form = json.RawMessage("{}")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(vntext.NFC(string(form)))))
	if err != nil {
		return []apperr.FieldError{apperr.Field("form", msgs.Text("form_is_not_valid_json"))}, nil
	}
	err = s.Validate(inst)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	titles := schemaTitles(p.FormSchema)
	var out []apperr.FieldError
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		for _, fe := range describe(e, titles) {
			if !seen[fe.Path] {
				seen[fe.Path] = true
				out = append(out, fe)
			}
		}
	}
	walk(ve)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// schemaTitles maps instance paths ("nguoi_yeu_cau.ho_ten") to the titles the form gives them,
// read through formschema, the one model of a form. A schema the model cannot read (the
// validator already accepted it) names its fields by path, as a missing title does.
func schemaTitles(raw json.RawMessage) map[string][i18n.NumLangs]string {
	titles := map[string][i18n.NumLangs]string{}
	form, err := formschema.Parse(raw)
	if err != nil {
		return titles
	}
	form.Walk(func(f *formschema.Field) bool {
		// An array's items carry the array's path: the array's own title wins.
		if _, seen := titles[f.Path]; !seen && f.Title != "" {
			titles[f.Path] = [i18n.NumLangs]string{i18n.VI: f.LabelIn(i18n.VI), i18n.EN: f.LabelIn(i18n.EN)}
		}
		return true
	})
	return titles
}

// describe turns one validation failure into field errors a person can act on.
func describe(e *jsonschema.ValidationError, titles map[string][i18n.NumLangs]string) []apperr.FieldError {
	loc := strings.Join(e.InstanceLocation, ".")
	// name is how each language names the field at path, by its title in that language; the
	// messages start with it.
	name := func(path string) i18n.Text {
		switch {
		case titles[path][i18n.VI] != "":
			return msgs.TextFunc("form.name.titled", func(l i18n.Lang) []any { return []any{titles[path][l]} })
		case path == "":
			return msgs.Text("form.name.form")
		}
		return msgs.Text("form.name.field", path)
	}
	path := func(p string) string {
		if p == "" {
			return "form"
		}
		return "form." + p
	}
	// about is key's text in each language, about who, with args after the name.
	about := func(who i18n.Text, key string, args ...any) i18n.Text {
		return msgs.TextFunc(key, func(l i18n.Lang) []any { return append([]any{who.In(l)}, args...) })
	}
	one := func(key string, args ...any) []apperr.FieldError {
		return []apperr.FieldError{apperr.Field(path(loc), about(name(loc), key, args...))}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []apperr.FieldError
		for _, m := range k.Missing {
			p := strings.TrimPrefix(loc+"."+m, ".")
			out = append(out, apperr.Field(path(p), about(name(p), "form.required")))
		}
		return out
	case *kind.Type:
		return []apperr.FieldError{apperr.Field(path(loc), msgs.TextFunc("form.type", func(l i18n.Lang) []any {
			return []any{name(loc).In(l), strings.Join(k.Want, " "+msgs.T(l, "form.or")+" ")}
		}))}
	case *kind.MinLength:
		if k.Want == 1 {
			return one("form.empty")
		}
		return one("form.min_length", k.Want)
	case *kind.MaxLength:
		return one("form.max_length", k.Want)
	case *kind.Pattern:
		return one("form.pattern")
	case *kind.Format:
		switch k.Want {
		case "date":
			return one("form.date")
		case "email":
			return one("form.email")
		}
		return one("form.format", k.Want)
	case *kind.Enum:
		var opts []string
		for _, w := range k.Want {
			opts = append(opts, fmt.Sprint(w))
		}
		return one("form.enum", strings.Join(opts, ", "))
	case *kind.Minimum:
		return one("form.minimum", k.Want.FloatString(0))
	case *kind.Maximum:
		return one("form.maximum", k.Want.FloatString(0))
	case *kind.AdditionalProperties:
		var out []apperr.FieldError
		for _, p := range k.Properties {
			out = append(out, apperr.Field(path(strings.TrimPrefix(loc+"."+p, ".")), msgs.Text("field_is_not_part_of_form")))
		}
		return out
	}
	return one("form.invalid", e.Error())
}
