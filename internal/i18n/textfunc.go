package i18n

// TextFunc is key's text in every language, each formatted with the args that args gives for
// that language: a name or a date layout that differs between the languages.
func (c *Catalog) TextFunc(key string, args func(Lang) []any) Text {
	var t Text
	for l := range NumLangs {
		t[l] = c.T(l, key, args(l)...)
	}
	return t
}
