package paperwork

import (
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
)

// The texts of a form in a declaration's language. A form's texts are Vietnamese; its
// English ones, where the schema carries them, come from formEnglish, fieldEnglish and
// choiceEnglish, the one place that reads them from formschema's model.

// formTitle is the form's title in l.
func formTitle(fm *formschema.Form, l i18n.Lang) string {
	if t, _ := formEnglishTexts(fm); l == i18n.EN && t != "" {
		return t
	}
	return fm.Title
}

// formHint is the form's description in l.
func formHint(fm *formschema.Form, l i18n.Lang) string {
	if t, d := formEnglishTexts(fm); l == i18n.EN && t != "" {
		return d
	}
	return fm.Description
}

// fieldLabel is the field's label in l.
func fieldLabel(f *formschema.Field, l i18n.Lang) string {
	if t, _ := fieldEnglish(f); l == i18n.EN && t != "" {
		return t
	}
	return f.Label()
}

// fieldHint is the field's description in l.
func fieldHint(f *formschema.Field, l i18n.Lang) string {
	if t, d := fieldEnglish(f); l == i18n.EN && t != "" {
		return d
	}
	return f.Description
}

// choiceLabel is the choice's label in l.
func choiceLabel(c formschema.Choice, l i18n.Lang) string {
	if t := choiceEnglish(c); l == i18n.EN && t != "" {
		return t
	}
	return c.Label()
}

// formEnglish reports whether fm has an English title and every field an English label: only
// then is the declaration printed in English, since a form half in Vietnamese would mislead.
func formEnglish(fm *formschema.Form) bool {
	if t, _ := formEnglishTexts(fm); t == "" {
		return false
	}
	all := true
	fm.Walk(func(f *formschema.Field) bool {
		if t, _ := fieldEnglish(f); t == "" {
			all = false
		}
		return all && f.Items == nil // an array's items are named by the array's label
	})
	return all
}

// formEnglishTexts, fieldEnglish and choiceEnglish are the English title and description of
// the form, of a field and of a choice (the schema's "x-en"), "" where the schema gives none.
func formEnglishTexts(fm *formschema.Form) (title, description string) {
	return fm.TitleEn, fm.DescriptionEn
}

func fieldEnglish(f *formschema.Field) (title, description string) {
	return f.TitleEn, f.DescriptionEn
}

func choiceEnglish(c formschema.Choice) string { return c.TitleEn }
