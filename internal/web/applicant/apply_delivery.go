package applicant

import (
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
)

// How the applicant receives the result, chosen on step 1 among the ways the procedure offers
// (dossier.DeliveriesFor): online, by public post to an address (prefilled from the profile),
// or at the counter. The domain checks the choice (dossier.CheckDelivery) and keeps it on the
// draft and the dossier.

// The inputs of the choice, as the error summary links them.
const (
	deliveryID        = "delivery"
	deliveryAddressID = "delivery-address"
)

// deliveryInput is the choice as typed or saved.
type deliveryInput struct {
	Delivery dossier.Delivery
	Address  string
}

// deliveryChoice is the choice ready for the template.
type deliveryChoice struct {
	Options []deliveryOption
	Address string
	Post    bool // public post is offered: the address input is shown
}

type deliveryOption struct {
	ID, Value, Label string
	Selected         bool
}

// deliveryChoices offers p's ways of delivery with in's selected (the default for an online
// submission when none is chosen yet).
func deliveryChoices(l web.Lang, p *catalog.Procedure, in deliveryInput) deliveryChoice {
	sel := in.Delivery
	if sel == "" {
		sel = dossier.DefaultDelivery(p, dossier.ChannelOnline)
	}
	c := deliveryChoice{Address: in.Address}
	for i, d := range dossier.DeliveriesFor(p) {
		c.Options = append(c.Options, deliveryOption{ID: web.OptionID(deliveryID, i), Value: string(d),
			Label: d.Label(l.Lang), Selected: d == sel})
		c.Post = c.Post || d == dossier.DeliveryPost
	}
	return c
}

// isDeliveryInput reports whether an input id is one of the choice's.
func isDeliveryInput(id string) bool { return id == deliveryID || id == deliveryAddressID }

// deliveryErrors are the field errors about the choice, as errors of its inputs.
func deliveryErrors(l web.Lang, fields []apperr.FieldError) []web.ViewError {
	var out []web.ViewError
	for _, f := range fields {
		switch f.Path {
		case "result_delivery":
			out = append(out, web.ViewError{ID: deliveryID, Message: web.FieldMessage(l, f)})
		case "delivery_address":
			out = append(out, web.ViewError{ID: deliveryAddressID, Message: web.FieldMessage(l, f)})
		}
	}
	return out
}
