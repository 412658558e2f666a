package dossier

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// RegisterInput is a paper dossier handed in at the counter or by post, entered by a reception
// officer on the applicant's behalf with the paper components scanned (Decree 107/2021).
type RegisterInput struct {
	SubmitInput
	Channel   Channel        `json:"channel"` // counter | post
	Applicant ApplicantInput `json:"applicant"`
}

// maxAddress bounds a postal address, in characters, as the profile does.
const maxAddress = 300

// ApplicantInput is the applicant of a paper dossier as the officer enters them.
type ApplicantInput struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"` // CCCD
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Address  string `json:"address,omitempty"`
}

// Register records a walk-in or postal dossier. The officer must be a reception officer of the
// receiving agency; the scans are the officer's uploads. The dossier joins the same queue as
// online ones, and is linked to the applicant's account when one matches the given e-mail,
// phone or ID number.
func (s *Store) Register(ctx context.Context, officer *org.User, in RegisterInput, key string) (*Submitted, error) {
	if officer == nil {
		return nil, org.ErrUnauthenticated
	}
	if officer.Role != org.RoleReception {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	}
	if in.AgencyCode == "" {
		in.AgencyCode = officer.AgencyCode
	}
	var fe apperr.Fields
	if in.AgencyCode != officer.AgencyCode {
		fe.Add("agency_code", msgs.Text("officers_register_dossiers_for_their_own"))
	}
	if in.Channel == "" {
		in.Channel = ChannelCounter
	}
	if in.Channel != ChannelCounter && in.Channel != ChannelPost {
		fe.Add("channel", msgs.Text("channel_must_be_counter_or_post"))
	}
	a := &Applicant{Name: in.Applicant.Name, IDNumber: in.Applicant.IDNumber, Phone: in.Applicant.Phone, Email: in.Applicant.Email,
		Address: in.Applicant.Address}
	a.Name = strings.TrimSpace(vntext.NFC(a.Name))
	a.Address = strings.TrimSpace(vntext.NFC(a.Address))
	a.Email = strings.TrimSpace(a.Email)
	a.Phone = strings.TrimSpace(a.Phone)
	a.IDNumber = strings.TrimSpace(a.IDNumber)
	// Contacts are where notifications go: normalised, or refused with the field named.
	if a.Phone != "" {
		if e164, err := contact.NormalizePhone(a.Phone); err != nil {
			fe.Add("applicant.phone", msgs.Text("invalid_phone_number_0912_345_678"))
		} else {
			a.Phone = e164
		}
	}
	if a.Email != "" {
		if email, err := contact.NormalizeEmail(a.Email); err != nil {
			fe.Add("applicant.email", msgs.Text("invalid_mail_address"))
		} else {
			a.Email = email
		}
	}
	if a.Name == "" || utf8.RuneCountInString(a.Name) > 200 {
		fe.Add("applicant.name", msgs.Text("applicant_name_is_required_at_most"))
	}
	if a.IDNumber != "" && !digits(a.IDNumber, 12) {
		fe.Add("applicant.id_number", msgs.Text("personal_id_number_cccd_has_12"))
	}
	if utf8.RuneCountInString(a.Address) > maxAddress {
		fe.Add("applicant.address", msgs.Text("address_at_most", maxAddress))
	}
	if a.Phone == "" && a.Email == "" && a.Address == "" {
		fe.Add("applicant.phone", msgs.Text("give_at_least_one_contact_phone"))
	}
	// A paper dossier's result goes back by post to the applicant's address when it came by post
	// with one, otherwise at the counter, unless the officer records another choice.
	if in.Delivery == "" {
		in.Delivery = DeliveryCounter
		if in.Channel == ChannelPost && a.Address != "" {
			in.Delivery = DeliveryPost
		}
	}
	if in.Delivery == DeliveryPost && strings.TrimSpace(in.DeliveryAddress) == "" {
		in.DeliveryAddress = a.Address
	}
	c, err := s.check(ctx, officer, in.SubmitInput, in.Channel, false)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindUnprocessable {
		fe.Append("", e.Fields)
	} else if err != nil {
		return nil, err
	}
	if err := fe.Err("invalid_dossier", msgs.Text("invalid_dossier")); err != nil {
		return nil, err
	}
	c.applicant = *a
	c.applicant.UserID = s.matchCitizen(ctx, a)
	hash := requestHash(in.SubmitInput) + "/" + requestHash(SubmitInput{ProcedureCode: a.Name + a.Phone + a.Email + a.IDNumber})
	if key != "" {
		if prev, err := s.replay(ctx, officer.ID, key, hash); prev != nil || err != nil {
			return prev, err
		}
	}
	out, err := s.create(ctx, officer, c, in.Channel, key, hash, "")
	if errors.Is(err, db.ErrConflict) && key != "" {
		if prev, rerr := s.replay(ctx, officer.ID, key, hash); prev != nil || rerr != nil {
			return prev, rerr
		}
	}
	return out, err
}

// matchCitizen finds the citizen account of an applicant by e-mail or phone, so a paper dossier
// shows among the citizen's own.
func (s *Store) matchCitizen(ctx context.Context, a *Applicant) int64 {
	var id int64
	for _, q := range []struct{ col, v string }{{"email", a.Email}, {"phone", a.Phone}} {
		if q.v == "" {
			continue
		}
		err := s.db.QueryRow(ctx, `SELECT id FROM users WHERE role = 'citizen' AND `+q.col+` = ?`, q.v).Scan(&id)
		if err == nil {
			return id
		}
	}
	return 0
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
