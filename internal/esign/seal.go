package esign

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/org"
)

// Seal signs a PDF with the agency's key.
func (s *Store) Seal(ctx context.Context, a *org.Agency, pdf []byte, info SignInfo, at time.Time) ([]byte, error) {
	if s.keys == nil {
		return nil, errors.New("esign: no signing key configured (MOTCUA_SIGN_P12)")
	}
	signer, err := s.keys.SignerFor(ctx, a)
	if err != nil {
		return nil, err
	}
	info.Name, info.Reason, info.Location, info.Contact = dictText(info.Name), dictText(info.Reason), dictText(info.Location), dictText(info.Contact)
	return SignPDF(pdf, signer, info, at)
}

// place is the agency's province as signatures name a location; "" when unknown.
func (s *Store) place(ctx context.Context, code string) string {
	if p, err := s.org.ProvinceOf(ctx, code); err == nil {
		return p.Name
	}
	return ""
}

// dictText keeps a text safe for pdfsign's signature dictionary, which writes a non-ASCII text
// as raw UTF-16 inside a literal string without escaping: a code unit holding the byte of a
// parenthesis, a backslash or a carriage return (ĩ is U+0129) would break the string. Such a
// letter is written without its marks (ĩ → i); such an ASCII character becomes a space.
func dictText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unsafeUnit(r) {
			b.WriteRune(r)
			continue
		}
		base := []rune(norm.NFD.String(string(r)))[0]
		if base < 0x80 && !unsafeUnit(base) && base != r {
			b.WriteRune(base)
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func unsafeUnit(r rune) bool {
	for _, u := range utf16.Encode([]rune{r}) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			if c == '(' || c == ')' || c == '\\' || c == '\r' {
				return true
			}
		}
	}
	return false
}

// Open returns the content of a registered document to a viewer who may read it: the owner
// of its file or of its dossier, the issuing agency's officers, administrators; 404 to anyone
// else, as for a document that does not exist.
func (s *Store) Open(ctx context.Context, viewer *org.User, d *Document) (io.ReadCloser, error) {
	if viewer == nil {
		return nil, org.ErrUnauthenticated
	}
	if !MayRead(viewer, d) {
		return nil, errNotIssued
	}
	return s.dossiers.OpenFile(ctx, d.file())
}

// MayRead reports whether viewer may download d (Open's rule).
func MayRead(viewer *org.User, d *Document) bool {
	return viewer != nil && (viewer.IsAdmin() || (viewer.Role.Officer() && viewer.AgencyID == d.AgencyID) ||
		(viewer.ID != 0 && (viewer.ID == d.fileOwner || viewer.ID == d.applicant)))
}
