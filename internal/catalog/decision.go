package catalog

import (
	"fmt"
	"strings"
	"time"

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
	if d.Number == "" || len(d.Number) > 100 {
		fe.Add("number", "Cần số quyết định (tối đa 100 ký tự).", "A decision number is required (at most 100 characters).")
	}
	if !validDate(d.SignedOn) {
		fe.Add("signed_on", "Ngày ký phải có dạng YYYY-MM-DD.", "signed_on must be a date YYYY-MM-DD.")
	}
	switch {
	case d.EffectiveOn == "":
		d.EffectiveOn = d.SignedOn // in force from signature unless it says otherwise
	case !validDate(d.EffectiveOn):
		fe.Add("effective_on", "Ngày hiệu lực phải có dạng YYYY-MM-DD.", "effective_on must be a date YYYY-MM-DD.")
	case validDate(d.SignedOn) && d.EffectiveOn < d.SignedOn:
		fe.Add("effective_on", "Ngày hiệu lực không được trước ngày ký.", "effective_on must not be before signed_on.")
	}
	if len(d.Signer) > 200 {
		fe.Add("signer", "Tên người ký quá dài.", "Signer is too long.")
	}
	if len(d.Publish)+len(d.Amend)+len(d.Abolish) == 0 {
		fe.Add("publish", "Quyết định phải công bố, sửa đổi hoặc bãi bỏ ít nhất một thủ tục.",
			"A decision must publish, amend or abolish at least one procedure.")
	}
	if n := len(d.Publish) + len(d.Amend) + len(d.Abolish); n > 5000 {
		fe.Add("publish", "Một quyết định không quá 5.000 thủ tục.", "A decision holds at most 5,000 procedures.")
	}
	seen := map[string]string{}
	once := func(path, code string) {
		if prev, ok := seen[code]; ok {
			fe.Add(path, fmt.Sprintf("Thủ tục %s đã có ở %s.", code, prev), fmt.Sprintf("Procedure %s already appears at %s.", code, prev))
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
			fe.Add(path, "Mã thủ tục phải có dạng d.dddddd.", "Code must look like d.dddddd.")
		}
		once(path, c)
	}
}
