package dossier

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntext"
)

// Delivery is how the applicant receives the result: online (the signed electronic result to
// download), by public post to an address (Bưu chính công ích, Decision 45/2016/QĐ-TTg Art. 2),
// or at the agency's counter.
type Delivery string

const (
	DeliveryOnline  Delivery = "online"
	DeliveryCounter Delivery = "counter"
	DeliveryPost    Delivery = "post"
)

// Deliveries are the ways a result may be received, in the order they are offered.
var Deliveries = []Delivery{DeliveryOnline, DeliveryPost, DeliveryCounter}

// Label is the way of delivery as a person reads it.
func (d Delivery) Label(l i18n.Lang) string { return msgs.T(l, "delivery."+string(d)) }

// maxDeliveryAddress bounds a postal address, in characters.
const maxDeliveryAddress = 300

// DeliveriesFor are the ways procedure p returns its result: those of its channels, or all of
// them when the catalog lists none.
func DeliveriesFor(p *catalog.Procedure) []Delivery {
	var out []Delivery
	for _, d := range Deliveries {
		if len(p.Channels) == 0 || slices.Contains(p.Channels, string(d)) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		out = []Delivery{DeliveryCounter} // a result can always be collected where it was decided
	}
	return out
}

// DefaultDelivery is the way of delivery when a submission through ch names none: the way the
// dossier came when the procedure offers it, otherwise the first it offers.
func DefaultDelivery(p *catalog.Procedure, ch Channel) Delivery {
	ds := DeliveriesFor(p)
	if slices.Contains(ds, Delivery(ch)) {
		return Delivery(ch)
	}
	return ds[0]
}

// checkDelivery checks the way of delivery of a submission through channel ch and returns it
// with its address (only a postal delivery keeps one), reporting problems in fe.
func checkDelivery(p *catalog.Procedure, ch Channel, d Delivery, address string, fe *apperr.Fields) (Delivery, string) {
	if d == "" {
		d = DefaultDelivery(p, ch)
	}
	if !slices.Contains(DeliveriesFor(p), d) {
		var names []string
		for _, x := range DeliveriesFor(p) {
			names = append(names, string(x))
		}
		fe.Add("result_delivery", msgs.Text("result_delivery_not_offered", strings.Join(names, ", ")))
		return d, ""
	}
	if d != DeliveryPost {
		return d, ""
	}
	address = strings.Join(strings.Fields(vntext.NFC(address)), " ")
	switch n := utf8.RuneCountInString(address); {
	case n == 0:
		fe.Add("delivery_address", msgs.Text("delivery_address_required"))
	case n > maxDeliveryAddress:
		fe.Add("delivery_address", msgs.Text("at_most_characters", maxDeliveryAddress))
	}
	return d, address
}

// CheckDelivery checks a choice of delivery for procedure p as a submission through ch will:
// the problems, by path (result_delivery, delivery_address).
func CheckDelivery(p *catalog.Procedure, ch Channel, d Delivery, address string) []apperr.FieldError {
	var fe apperr.Fields
	checkDelivery(p, ch, d, address, &fe)
	return fe.List()
}

// checkDraftDelivery bounds what a draft keeps of the way of delivery: a known way or none,
// and an address of bounded length.
func checkDraftDelivery(d Delivery, address string, fe *apperr.Fields) {
	if d != "" && !slices.Contains(Deliveries, d) {
		fe.Add("result_delivery", msgs.Text("result_delivery_unknown"))
	}
	if utf8.RuneCountInString(address) > maxDeliveryAddress {
		fe.Add("delivery_address", msgs.Text("at_most_characters", maxDeliveryAddress))
	}
}

// formContacts fills what a has not of the applicant's contacts from the details typed into
// the form: the ID number, the phone and e-mail (normalised, or left out when unusable), the
// address. The account's own contacts come first, since notifications already go there.
func formContacts(a *Applicant, form json.RawMessage) {
	var obj map[string]any
	if json.Unmarshal(form, &obj) != nil {
		return
	}
	v := formschema.ApplicantValues(obj)
	first := func(keys ...string) string {
		for _, k := range keys {
			if len(v[k]) > 0 {
				return v[k][0]
			}
		}
		return ""
	}
	if a.IDNumber == "" {
		a.IDNumber = first(formschema.KeyIDNumber)
	}
	if a.Phone == "" {
		if p, err := contact.NormalizePhone(first(formschema.KeyPhone)); err == nil {
			a.Phone = p
		}
	}
	if a.Email == "" {
		if e, err := contact.NormalizeEmail(first(formschema.KeyEmail)); err == nil {
			a.Email = e
		}
	}
	if a.Address == "" {
		a.Address = first(formschema.KeyAddress, formschema.KeyResidence)
	}
}

// formProofs are the phone numbers and ID numbers the form gives for the applicant, each
// normalised as a tracking proof.
func formProofs(form json.RawMessage) []string {
	var obj map[string]any
	if json.Unmarshal(form, &obj) != nil {
		return nil
	}
	v := formschema.ApplicantValues(obj)
	var out []string
	for _, s := range append(v[formschema.KeyPhone], v[formschema.KeyIDNumber]...) {
		if p := normalizeProof(s); p != "" {
			out = append(out, p)
		}
	}
	return out
}
