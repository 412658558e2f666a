package demo

import (
	"testing"

	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
)

// TestSeedFormsInEnglish: every title, description and choice of every demo form has its
// English ("x-en", from data/english.py), and the English differs from the Vietnamese where the
// Vietnamese has diacritics (so a copied Vietnamese text does not pass as English).
func TestSeedFormsInEnglish(t *testing.T) {
	_, ps := loadSeed(t)
	for _, p := range ps {
		fm, err := formschema.Parse(p.FormSchema)
		if err != nil {
			t.Errorf("%s: %v", p.Code, err)
			continue
		}
		if missing := fm.Untranslated(); len(missing) > 0 {
			t.Errorf("%s: no English for %q", p.Code, missing)
		}
		if fm.TitleIn(i18n.EN) == fm.Title {
			t.Errorf("%s: form title %q is not translated", p.Code, fm.Title)
		}
		fm.Walk(func(f *formschema.Field) bool {
			if f.Title != "" && f.LabelIn(i18n.EN) == f.Title && hasDiacritics(f.Title) {
				t.Errorf("%s: %s: English title is the Vietnamese %q", p.Code, f.Path, f.Title)
			}
			for _, c := range f.Choices {
				if c.LabelIn(i18n.EN) == c.Label() && hasDiacritics(c.Label()) {
					t.Errorf("%s: %s: choice %q is not translated", p.Code, f.Path, c.Label())
				}
			}
			return true
		})
	}
}

func hasDiacritics(s string) bool {
	for _, r := range s {
		if r > 0x7f {
			return true
		}
	}
	return false
}
