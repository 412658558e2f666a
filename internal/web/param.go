package web

import (
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
)

// PerPage is the number of items on one page of a list; MaxPage bounds the page parameter well
// past any real list.
const (
	PerPage = 20
	MaxPage = 10_000
)

// ProcedureCodeRe is a national procedure code (d.dddddd).
var ProcedureCodeRe = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)

// PageParam reads a page number; empty is page 1.
func PageParam(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPage {
		return 1, false
	}
	return n, true
}

// Shown makes a query parameter safe and short enough to show again in a form.
func Shown(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	const max = 2 * catalog.MaxQueryLen
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// ParseActionForm reads a small action form, bounded by MaxActionFormBytes. On a malformed body
// it records the form-level error on v and reports false; the caller renders its page with 400.
func ParseActionForm(w http.ResponseWriter, r *http.Request, v *View) bool {
	r.Body = http.MaxBytesReader(w, r.Body, MaxActionFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("", v.L.T("signin.err.form"))
		return false
	}
	return true
}

// The back office's addresses, which other pages link to.
const (
	InboxPath    = "/can-bo"
	RegisterPath = "/can-bo/so-theo-doi"
	// MaxActionFormBytes bounds an action's form: a reason of 4,000 characters of Vietnamese,
	// percent-encoded, needs about 36 KB.
	MaxActionFormBytes = 64 << 10
)

// OfficerURL is a dossier's page in the back office.
func OfficerURL(code string) string { return "/can-bo/ho-so/" + code }

// IsOfficer reports whether u is an officer of an agency.
func IsOfficer(u *org.User) bool { return u.Role.Officer() }

// DossierURL is a dossier's page.
func DossierURL(code string) string { return "/ho-so/" + code }

// MyDossiersPath is the citizen's list of dossiers and drafts.
const MyDossiersPath = "/ho-so"

// AdminPath is the system administrator's first page (web/admin), DecisionsPath the portal's
// publication decisions, DirectivesPath the committee office's tracking of the tasks its
// directives assign (web/directives).
const (
	AdminPath      = "/quan-tri/lich"
	DecisionsPath  = "/quyet-dinh"
	DirectivesPath = "/chi-dao"
)

// ClientIP is the address of the client r came from, for the per-address limits of public
// forms: the server's middleware has already put in r.RemoteAddr the client's address (behind a
// trusted proxy, the one the proxy reported: server.ClientIP), so this only drops the port.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
