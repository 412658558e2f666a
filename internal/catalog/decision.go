package catalog

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/vntext"
)

// Decision is a publication decision (quyết định công bố thủ tục hành chính): it publishes new
// procedures, amends existing ones and abolishes others, and is applied whole or not at all.
type Decision struct {
	ID          int64       `json:"-"`
	Number      string      `json:"number"`       // e.g. "1234/QĐ-UBND"
	SignedOn    string      `json:"signed_on"`    // YYYY-MM-DD
	Signer      string      `json:"signer"`       // who signed
	EffectiveOn string      `json:"effective_on"` // YYYY-MM-DD; defaults to SignedOn
	Title       string      `json:"title,omitempty"`
	Publish     []Procedure `json:"publish,omitempty"`
	Amend       []Procedure `json:"amend,omitempty"`
	Abolish     []string    `json:"abolish,omitempty"`

	// Set by the store: the codes each list touched.
	Published []string  `json:"published"`
	Amended   []string  `json:"amended"`
	Abolished []string  `json:"abolished"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

func validDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Year() >= 1990 && t.Year() <= 2200
}

// normalize cleans the decision's own fields and its procedures in place.
func (d *Decision) normalize() {
	d.Number = strings.TrimSpace(vntext.NFC(d.Number))
	d.Signer = strings.TrimSpace(vntext.NFC(d.Signer))
	d.Title = strings.TrimSpace(vntext.NFC(d.Title))
	d.SignedOn, d.EffectiveOn = strings.TrimSpace(d.SignedOn), strings.TrimSpace(d.EffectiveOn)
	for i := range d.Publish {
		Normalize(&d.Publish[i])
	}
	for i := range d.Amend {
		Normalize(&d.Amend[i])
	}
	for i := range d.Abolish {
		d.Abolish[i] = strings.TrimSpace(d.Abolish[i])
	}
}

// validate checks everything that does not need the database, collecting every problem.
func (d *Decision) validate(fe *apperr.Fields) {
	if d.Number == "" || utf8.RuneCountInString(d.Number) > 100 {
		fe.Add("number", msgs.Text("decision_number_is_required_at_most"))
	}
	if !validDate(d.SignedOn) {
		fe.Add("signed_on", msgs.Text("signed_on_must_be_date_yyyy_mm"))
	}
	switch {
	case d.EffectiveOn == "":
		d.EffectiveOn = d.SignedOn // in force from signature unless it says otherwise
	case !validDate(d.EffectiveOn):
		fe.Add("effective_on", msgs.Text("effective_on_must_be_date_yyyy_mm"))
	case validDate(d.SignedOn) && d.EffectiveOn < d.SignedOn:
		fe.Add("effective_on", msgs.Text("effective_on_must_not_be_before_signed_on"))
	}
	if utf8.RuneCountInString(d.Signer) > 200 {
		fe.Add("signer", msgs.Text("signer_is_too_long"))
	}
	if utf8.RuneCountInString(d.Title) > 1000 {
		fe.Add("title", msgs.Text("longer_than_characters", 1000))
	}
	if len(d.Publish)+len(d.Amend)+len(d.Abolish) == 0 {
		fe.Add("publish", msgs.Text("decision_must_publish_amend_or_abolish"))
	}
	if n := len(d.Publish) + len(d.Amend) + len(d.Abolish); n > 5000 {
		fe.Add("publish", msgs.Text("decision_holds_at_most_5_000"))
	}
	seen := map[string]string{}
	once := func(path, code string) {
		if prev, ok := seen[code]; ok {
			fe.Add(path, msgs.Text("procedure_already_appears_at", code, prev))
			return
		}
		seen[code] = path
	}
	for i := range d.Publish {
		path := fmt.Sprintf("publish[%d]", i)
		fe.Append(path, Validate(&d.Publish[i]))
		once(path+".code", d.Publish[i].Code)
	}
	for i := range d.Amend {
		path := fmt.Sprintf("amend[%d]", i)
		fe.Append(path, Validate(&d.Amend[i]))
		once(path+".code", d.Amend[i].Code)
	}
	for i, c := range d.Abolish {
		path := fmt.Sprintf("abolish[%d]", i)
		if !codeRe.MatchString(c) {
			fe.Add(path, msgs.Text("code_must_look_like_d_dddddd"))
		}
		once(path, c)
	}
}
