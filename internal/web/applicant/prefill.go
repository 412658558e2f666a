package applicant

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/web"
)

// A new application starts with what the account knows of the person: the profile's name,
// CCCD, date of birth, phone, e-mail and address go into the applicant's own fields (the forms'
// common keys, formschema.ApplicantKey), marked as taken from the account or from the identity
// provider (VNeID), and stay editable. Only empty fields of a new application are filled: a
// draft holds what the person typed, and nothing they typed is ever replaced.

// known is one detail the account gives, and where it came from.
type known struct {
	value  string
	source string // "profile", or the identity provider's name
}

// profileDetails are the profile's details by the forms' common keys. provider is the identity
// provider the account signs in with ("" none): the name, and the verified e-mail and phone,
// came from its claims when it made the account.
func profileDetails(p *identity.Profile, provider string) map[string]known {
	from := func(v string, fromProvider bool) known {
		if fromProvider && provider != "" {
			return known{v, provider}
		}
		return known{v, "profile"}
	}
	out := map[string]known{}
	add := func(key string, k known) {
		if k.value != "" {
			out[key] = k
		}
	}
	add(formschema.KeyName, from(p.FullName, true))
	add(formschema.KeyIDNumber, from(p.IDNumber, false))
	add(formschema.KeyBirthDate, from(p.BirthDate, false))
	if p.Phone != "" {
		add(formschema.KeyPhone, from(contact.Local(p.Phone), p.PhoneVerified)) // the forms ask for 0xxxxxxxxx
	}
	add(formschema.KeyEmail, from(p.Email, p.EmailVerified))
	addr := postalAddress(p)
	add(formschema.KeyAddress, from(addr, false))
	add(formschema.KeyResidence, from(addr, false))
	return out
}

// postalAddress is the profile's address as one line: the street, the ward or commune, the
// province.
func postalAddress(p *identity.Profile) string {
	var parts []string
	for _, s := range []string{p.AddressLine, p.UnitName, p.ProvinceName} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// prefill puts the details into the empty applicant fields of data and returns the note to
// show beside each field it filled, by path.
func prefill(l web.Lang, fs *web.FormSchema, data map[string]any, details map[string]known) map[string]string {
	notes := map[string]string{}
	var walk func(nodes []*web.SchemaNode, obj map[string]any)
	walk = func(nodes []*web.SchemaNode, obj map[string]any) {
		for _, n := range nodes {
			if n.Kind == web.KindGroup {
				child, ok := obj[n.Name].(map[string]any)
				if !ok {
					if obj[n.Name] != nil {
						continue // an answer of another shape: leave it to the validator
					}
					child = map[string]any{}
				}
				walk(n.Props, child)
				if len(child) > 0 {
					obj[n.Name] = child
				}
				continue
			}
			k, ok := details[formschema.ApplicantKey(n.Path)]
			if !ok || n.Type != "string" || obj[n.Name] != nil {
				continue
			}
			obj[n.Name] = k.value
			notes[n.Path] = sourceNote(l, k.source)
		}
	}
	walk(fs.Fields, data)
	return notes
}

// sourceNote says where a prefilled value came from.
func sourceNote(l web.Lang, source string) string {
	switch source {
	case "profile":
		return l.T("apply.prefilled.profile")
	case "vneid":
		return l.T("apply.prefilled.provider", "VNeID")
	}
	return l.T("apply.prefilled.provider", source)
}

// prefilled returns the details of the signed-in citizen's account to start a new application
// with. A profile that cannot be read leaves the form empty rather than failing the page.
func (h *Handler) prefilled(ctx context.Context, userID int64) map[string]known {
	p, err := h.identity.Profile(ctx, userID)
	if err != nil {
		h.Log().WarnContext(ctx, "web: profile for prefill", "err", err)
		return nil
	}
	provider, err := h.identity.LinkedProvider(ctx, userID)
	if err != nil {
		h.Log().WarnContext(ctx, "web: identity provider for prefill", "err", err)
	}
	return profileDetails(p, provider)
}
