package dossier

import (
	"net/url"
	"strings"
)

// Links are the addresses that messages and printed forms about a dossier point to: absolute
// URL templates in which {code} stands for the dossier's code. The pages own the routes; the
// caller that wires the stores passes them in as data. An empty template gives no link.
type Links struct {
	Track   string // the public tracking page, e.g. https://dichvucong.example.vn/tra-cuu?ma={code}
	Officer string // the dossier's page in the back office
}

// TrackURL is the tracking page of the dossier code.
func (l Links) TrackURL(code string) string { return expand(l.Track, code) }

// OfficerURL is the back-office page of the dossier code.
func (l Links) OfficerURL(code string) string { return expand(l.Officer, code) }

func expand(tmpl, code string) string {
	if tmpl == "" {
		return ""
	}
	return strings.ReplaceAll(tmpl, "{code}", url.QueryEscape(code))
}
