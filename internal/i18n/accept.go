package i18n

import "golang.org/x/text/language"

// FromAcceptLanguage picks the first language of an Accept-Language header, by quality, that
// motcua speaks; ok is false when the header names none (or cannot be read).
func FromAcceptLanguage(header string) (l Lang, ok bool) {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return VI, false
	}
	for _, t := range tags { // sorted by quality, the header's order among equals
		switch base, _ := t.Base(); base.String() {
		case "vi":
			return VI, true
		case "en":
			return EN, true
		}
	}
	return VI, false
}
