// Package i18n holds motcua's user-visible texts as message catalogs: for each package that
// speaks to people, one file per language (messages/vi.json, messages/en.json), flat maps from a
// stable key to the text, which a translator edits without touching Go. A catalog refuses to load
// when a key is missing or empty in either language or when the two texts' format verbs differ,
// so a gap fails at start and in the tests, never in front of a citizen.
//
// Texts are formatted with fmt, not golang.org/x/text/message: its printer localises every %d
// (a year 2026 would print as "2.026" in Vietnamese), and the pages format the numbers they group
// themselves.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Lang is an interface language. Vietnamese is the default; English is complete.
type Lang int

const (
	VI Lang = iota
	EN
	NumLangs
)

// String is the language's tag, "vi" or "en" (also its file name).
func (l Lang) String() string {
	if l == EN {
		return "en"
	}
	return "vi"
}

// Other is the language a page offers to switch to.
func (l Lang) Other() Lang { return 1 - l }

// Parse reads "en" as English and anything else as Vietnamese.
func Parse(s string) Lang {
	if s == "en" {
		return EN
	}
	return VI
}

// Catalog maps message keys to their texts in every language. It is immutable once loaded.
type Catalog struct {
	msgs map[string][NumLangs]string
}

// Load reads dir/vi.json and dir/en.json from fsys and checks them against each other.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	var files [NumLangs]map[string]string
	for l := range NumLangs {
		name := path.Join(dir, l.String()+".json")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		if err := json.Unmarshal(b, &files[l]); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
	}
	c := &Catalog{msgs: make(map[string][NumLangs]string, len(files[VI]))}
	var errs []error
	for l := range NumLangs {
		for key, text := range files[l] {
			if _, ok := files[l.Other()][key]; !ok {
				errs = append(errs, fmt.Errorf("i18n: %s: key %q has no %s text", dir, key, l.Other()))
				continue
			}
			m := c.msgs[key]
			m[l] = text
			c.msgs[key] = m
		}
	}
	for key, m := range c.msgs {
		if err := check(key, m); err != nil {
			errs = append(errs, fmt.Errorf("i18n: %s: %w", dir, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// MustLoad is Load for catalogs embedded in the binary, whose problems the tests catch.
func MustLoad(fsys fs.FS, dir string) *Catalog {
	c, err := Load(fsys, dir)
	if err != nil {
		panic(err)
	}
	return c
}

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// check refuses an empty text and texts whose format verbs differ between the languages.
func check(key string, m [NumLangs]string) error {
	for l := range NumLangs {
		if strings.TrimSpace(m[l]) == "" {
			return fmt.Errorf("key %q has an empty %s text", key, l)
		}
	}
	vi, en := verbRe.FindAllString(m[VI], -1), verbRe.FindAllString(m[EN], -1)
	if !slices.Equal(vi, en) {
		return fmt.Errorf("key %q: format verbs differ: vi %v, en %v", key, vi, en)
	}
	return nil
}

// Merge joins catalogs into one; a key defined twice is an error, so two packages cannot
// silently shadow each other's texts.
func Merge(cs ...*Catalog) (*Catalog, error) {
	out := &Catalog{msgs: map[string][NumLangs]string{}}
	for _, c := range cs {
		for key, m := range c.msgs {
			if _, dup := out.msgs[key]; dup {
				return nil, fmt.Errorf("i18n: key %q is defined twice", key)
			}
			out.msgs[key] = m
		}
	}
	return out, nil
}

// T returns key's text in l, formatted with args when there are any. A missing key shows as
// [key], visible in a page and caught by the tests.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	m, ok := c.msgs[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return m[l]
	}
	return fmt.Sprintf(m[l], args...)
}

// Text is one message in every language, for values made before anyone knows who will read
// them: a domain error carries its Text and each edge shows the reader's language.
type Text [NumLangs]string

// In is the text in l.
func (t Text) In(l Lang) string { return t[l] }

// Text returns key's text in every language, each formatted with args.
func (c *Catalog) Text(key string, args ...any) Text {
	var t Text
	for l := range NumLangs {
		t[l] = c.T(l, key, args...)
	}
	return t
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[key]
	return ok
}

// Keys returns every key, sorted.
func (c *Catalog) Keys() []string { return slices.Sorted(maps.Keys(c.msgs)) }
