package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// cccdProvinces are the 63 pre-2025 province codes of birth registration that open a personal
// identification number (Thông tư 07/2016/TT-BCA Phụ lục; kept by Luật Căn cước 2023 and
// unchanged by the 2025 merger, since the code records where the birth was registered).
const cccdProvinces = "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 " +
	"030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 " +
	"068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"

var cccdProvinceSet = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(cccdProvinces) {
		m[c] = true
	}
	return m
}()

// CCCD is a parsed số định danh cá nhân, the 12-digit personal identification number printed
// on the citizen identity card (căn cước công dân): PPP G YY RRRRRR (Nghị định 137/2015 Điều 13,
// Thông tư 07/2016/TT-BCA Điều 7). It has no check digit, so a well-formed number may still
// not exist; only the population database (through VNeID) can confirm it.
type CCCD struct {
	Number    string // the 12 digits
	Province  string // PPP: province of birth registration
	BirthYear int    // from G (century) and YY
	Female    bool   // from G: even male, odd female
}

// ParseCCCD checks the structure of a personal identification number: 12 ASCII digits, PPP one
// of the 63 province codes, G any digit (0/1 → 19xx male/female, 2/3 → 20xx, … 8/9 → 23xx).
// Numbers whose PPP is a country code (births registered abroad, Thông tư 07/2016 Điều 7) are
// refused: the list of those codes was not at hand (an assumption to revisit).
func ParseCCCD(s string) (CCCD, error) {
	if len(s) != 12 || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return CCCD{}, apperr.Invalid("invalid_id_number", msgs.Text("invalid_id_number"))
	}
	if !cccdProvinceSet[s[:3]] {
		return CCCD{}, apperr.Invalid("invalid_id_number",
			msgs.Text("invalid_id_number.first_three_digits_are_not_code", s[:3]))
	}
	g := int(s[3] - '0')
	yy := int(s[4]-'0')*10 + int(s[5]-'0')
	return CCCD{Number: s, Province: s[:3], BirthYear: 1900 + g/2*100 + yy, Female: g%2 == 1}, nil
}

// ValidCCCD reports whether s is a well-formed personal identification number (ParseCCCD).
func ValidCCCD(s string) error {
	_, err := ParseCCCD(s)
	return err
}

// CheckCCCDBirth checks s and, when birth is not zero, that its century digit and two year
// digits match the year of birth.
func CheckCCCDBirth(s string, birth time.Time) error {
	c, err := ParseCCCD(s)
	if err != nil || birth.IsZero() {
		return err
	}
	if c.BirthYear != birth.Year() {
		return apperr.Invalid("invalid_id_number",
			msgs.Text("invalid_id_number.id_number_records_birth_year_which", c.BirthYear, birth.Year()))
	}
	return nil
}

// unitRef locates a commune-level unit in its province.
type unitRef struct {
	Unit     org.Unit
	Province *org.Province
}

// unitIndex maps each 5-digit unit code to its unit; built once from the embedded data.
var unitIndex = sync.OnceValues(func() (map[string]unitRef, error) {
	ps, err := org.Provinces()
	if err != nil {
		return nil, err
	}
	m := make(map[string]unitRef, 3400)
	for i := range ps {
		for _, u := range ps[i].Units {
			m[u.Code] = unitRef{Unit: u, Province: &ps[i]}
		}
	}
	return m, nil
})

// Profile is what a person tells about themselves: name, personal ID number, contact and
// address. Verified flags say whether the e-mail address or phone number was proven by a
// one-time code (or asserted as verified by an identity provider).
type Profile struct {
	Username      string `json:"username"`
	FullName      string `json:"full_name"`
	IDNumber      string `json:"id_number"`  // CCCD, 12 digits
	BirthDate     string `json:"birth_date"` // YYYY-MM-DD
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Phone         string `json:"phone"` // E.164
	PhoneVerified bool   `json:"phone_verified"`
	UnitCode      string `json:"unit_code"` // 5-digit ward/commune code
	UnitName      string `json:"unit_name,omitempty"`
	ProvinceCode  string `json:"province_code,omitempty"`
	ProvinceName  string `json:"province_name,omitempty"`
	AddressLine   string `json:"address_line"` // house number, street, hamlet
	Lang          string `json:"lang"`
}

// ProfileInput is a whole profile as the person submits it; an empty optional field clears it.
type ProfileInput struct {
	FullName    string `json:"full_name"`
	IDNumber    string `json:"id_number"`
	BirthDate   string `json:"birth_date"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	UnitCode    string `json:"unit_code"`
	AddressLine string `json:"address_line"`
}

const profileCols = `u.username, u.full_name, COALESCE(u.id_number, ''), COALESCE(u.birth_date, ''), COALESCE(u.email, ''),
	u.email_verified, COALESCE(u.phone, ''), u.phone_verified, COALESCE(u.unit_code, ''), u.address_line, u.lang`

// Profile returns the profile of the user with the given id.
func (s *Store) Profile(ctx context.Context, userID int64) (*Profile, error) {
	return s.profile(ctx, s.db, userID)
}

func (s *Store) profile(ctx context.Context, q db.Querier, userID int64) (*Profile, error) {
	var p Profile
	var ev, pv int
	err := q.QueryRow(ctx, `SELECT `+profileCols+` FROM users u WHERE u.id = ?`, userID).Scan(
		&p.Username, &p.FullName, &p.IDNumber, &p.BirthDate, &p.Email, &ev, &p.Phone, &pv, &p.UnitCode, &p.AddressLine, &p.Lang)
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("user", msgs.Text("user_not_found"))
	}
	if err != nil {
		return nil, fmt.Errorf("identity: profile %d: %w", userID, err)
	}
	p.EmailVerified, p.PhoneVerified = ev == 1, pv == 1
	if p.UnitCode != "" {
		if idx, err := unitIndex(); err == nil {
			if ref, ok := idx[p.UnitCode]; ok {
				p.UnitName, p.ProvinceCode, p.ProvinceName = ref.Unit.FullName, ref.Province.Code, ref.Province.FullName
			}
		}
	}
	return &p, nil
}

// Length limits of profile texts, in characters.
const (
	maxNameLen    = 200
	maxAddressLen = 300
)

// validFullName checks a person's name: required, at most 200 characters, no control
// characters. name is already NFC and trimmed.
func validFullName(fe *apperr.Fields, path, name string) {
	switch {
	case name == "":
		fe.Add(path, msgs.Text("full_name_is_required"))
	case utf8.RuneCountInString(name) > maxNameLen:
		fe.Add(path, msgs.Text("full_name_is_at_most_characters", maxNameLen))
	case hasControl(name):
		fe.Add(path, msgs.Text("full_name_contains_invalid_characters"))
	}
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }) >= 0
}

// addField records err, an *apperr.Error from a validation helper, against path.
func addField(fe *apperr.Fields, path string, err error) {
	if e, ok := apperr.As(err); ok {
		fe.Add(path, e.Text())
		return
	}
	fe.Add(path, msgs.Text("invalid"))
}

// UpdateProfile replaces the profile of actor (the signed-in user) after checking every field
// and reporting every bad one at once, with its path. Texts are stored in NFC. Changing the
// e-mail address or phone number clears its verified flag: the new one is not proven until it
// is verified again (re-verification of a changed contact is not built yet).
func (s *Store) UpdateProfile(ctx context.Context, actor *org.User, in ProfileInput) (*Profile, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	var fe apperr.Fields
	in.FullName = strings.Join(strings.Fields(vntext.NFC(in.FullName)), " ")
	validFullName(&fe, "full_name", in.FullName)

	in.BirthDate = strings.TrimSpace(in.BirthDate)
	var birth time.Time
	if in.BirthDate != "" {
		t, err := time.Parse(time.DateOnly, in.BirthDate)
		today := s.now().In(vntime.Location()).Format(time.DateOnly)
		switch {
		case err != nil:
			fe.Add("birth_date", msgs.Text("birth_date_must_be_real_date"))
		case t.Year() < 1900 || in.BirthDate > today:
			fe.Add("birth_date", msgs.Text("birth_date_must_be_between_1900"))
		default:
			birth = t
		}
	}

	in.IDNumber = strings.TrimSpace(in.IDNumber)
	if in.IDNumber != "" {
		if err := CheckCCCDBirth(in.IDNumber, birth); err != nil {
			addField(&fe, "id_number", err)
		}
	}

	if strings.TrimSpace(in.Phone) != "" {
		p, err := contact.NormalizePhone(in.Phone)
		if err != nil {
			addField(&fe, "phone", err)
		}
		in.Phone = p
	} else {
		in.Phone = ""
	}
	if strings.TrimSpace(in.Email) != "" {
		e, err := contact.NormalizeEmail(in.Email)
		if err != nil {
			addField(&fe, "email", err)
		}
		in.Email = e
	} else {
		in.Email = ""
	}

	in.UnitCode = strings.TrimSpace(in.UnitCode)
	if in.UnitCode != "" {
		idx, err := unitIndex()
		if err != nil {
			return nil, err
		}
		if _, ok := idx[in.UnitCode]; !ok {
			fe.Add("unit_code", msgs.Text("no_ward_commune_or_special_zone", in.UnitCode))
		}
	}
	in.AddressLine = strings.Join(strings.Fields(vntext.NFC(in.AddressLine)), " ")
	switch {
	case utf8.RuneCountInString(in.AddressLine) > maxAddressLen:
		fe.Add("address_line", msgs.Text("address_is_at_most_characters", maxAddressLen))
	case hasControl(in.AddressLine):
		fe.Add("address_line", msgs.Text("address_contains_invalid_characters"))
	}
	if in.AddressLine != "" && in.UnitCode == "" {
		fe.Add("unit_code", msgs.Text("choose_ward_commune_or_special_zone"))
	}
	if err := fe.Err("invalid_profile", msgs.Text("invalid_profile")); err != nil {
		return nil, err
	}

	var out *Profile
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.profile(ctx, tx, actor.ID)
		if err != nil {
			return err
		}
		ev, pv := cur.EmailVerified && cur.Email == in.Email, cur.PhoneVerified && cur.Phone == in.Phone
		_, err = tx.Exec(ctx, `UPDATE users SET full_name = ?, id_number = ?, birth_date = ?, email = ?, email_verified = ?,
			phone = ?, phone_verified = ?, unit_code = ?, address_line = ? WHERE id = ?`,
			in.FullName, nullStr(in.IDNumber), nullStr(in.BirthDate), nullStr(in.Email), boolInt(ev),
			nullStr(in.Phone), boolInt(pv), nullStr(in.UnitCode), in.AddressLine, actor.ID)
		if err != nil {
			return fmt.Errorf("identity: update profile %d: %w", actor.ID, err)
		}
		if out, err = s.profile(ctx, tx, actor.ID); err != nil {
			return err
		}
		// The change is audited with the names of the fields it touched, not their values: the
		// log is append-only and personal data does not belong in it forever.
		changed := changedFields(cur, out)
		if len(changed) == 0 {
			return nil
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "profile.update",
			Object: out.Username, Detail: map[string]any{"changed": changed}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changedFields names the fields of a profile that differ between a and b.
func changedFields(a, b *Profile) []string {
	var out []string
	for _, f := range []struct {
		name string
		a, b string
	}{{"full_name", a.FullName, b.FullName}, {"id_number", a.IDNumber, b.IDNumber}, {"birth_date", a.BirthDate, b.BirthDate},
		{"email", a.Email, b.Email}, {"phone", a.Phone, b.Phone}, {"unit_code", a.UnitCode, b.UnitCode},
		{"address_line", a.AddressLine, b.AddressLine}} {
		if f.a != f.b {
			out = append(out, f.name)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
