// Package archtest checks the import rules that keep motcua's leaf packages leaves (issue 9,
// item 5): what each package links, read from `go list -deps`, not from its source, so that an
// indirect import breaks the rule as surely as a direct one.
package archtest

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/motcua/motcua"

// deps returns every package that pkg (relative to the module) links, standard library
// included, without test files.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", module+"/"+pkg)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if e, ok := err.(*exec.ExitError); ok {
			msg = string(e.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, msg)
	}
	return strings.Fields(string(out))
}

// forbidden returns the packages of list under any of the prefixes (a package path or a
// module path).
func forbidden(list []string, prefixes ...string) []string {
	var hits []string
	for _, p := range list {
		for _, f := range prefixes {
			if p == f || strings.HasPrefix(p, f+"/") {
				hits = append(hits, p)
				break
			}
		}
	}
	return hits
}

func TestImportRules(t *testing.T) {
	// Libraries of sign-in and messaging that the PDF forms, the calendar and the catalog have
	// no use for.
	heavy := []string{"github.com/coreos/go-oidc", "golang.org/x/oauth2", "github.com/emersion/go-smtp", "github.com/nyaruka/phonenumbers"}
	rules := []struct {
		pkg  string
		deny []string
		why  string
	}{
		{"internal/paperwork", heavy, "the legal forms link no OIDC, SMTP or phone-number library"},
		{"internal/catalog", heavy, "the catalog links no OIDC, SMTP or phone-number library"},
		{"internal/calendar", heavy, "the calendar links no OIDC, SMTP or phone-number library"},
		{"internal/calendar", []string{module + "/internal/org", module + "/internal/audit", module + "/internal/notify"},
			"calendar takes a plain actor and an audit hook instead of importing org, audit or notify"},
		{"internal/org", []string{module + "/internal/identity", module + "/internal/notify"},
			"org is the organisation; identity builds on it, never the other way"},
		{"internal/vnpay/sandbox", []string{module + "/internal/payment", module + "/internal/web", module + "/internal/api"},
			"the sandbox stands in for VNPay: it speaks the protocol, and knows nothing of the merchant's ledger or pages"},
		{"internal/dossier", []string{module + "/internal/payment", module + "/internal/workflow"},
			"the ledger builds on dossiers; dossier learns of fees through the hook the app wires (OnSubmit)"},
		{"internal/workflow", []string{module + "/internal/payment"},
			"the workflow takes fees through its Fees interface, which the payment ledger implements"},
		{"internal/report", []string{module + "/internal/web", module + "/internal/api", module + "/internal/app"},
			"the reports are a domain package: pages and the API call it, never the other way"},
		{"internal/payment", []string{module + "/internal/esign"},
			"the ledger numbers receipts and queues them; the app wires the job's issuer to esign"},
		{"internal/news", []string{module + "/internal/web", module + "/internal/api", module + "/internal/app", module + "/internal/dossier"},
			"news is a domain package the pages and the API call; it keeps images through its own Blobs interface, not dossier's store"},
	}
	for _, r := range rules {
		if hits := forbidden(deps(t, r.pkg), r.deny...); len(hits) > 0 {
			t.Errorf("%s links %s; want none of %s (%s)", r.pkg, strings.Join(hits, ", "), strings.Join(r.deny, ", "), r.why)
		}
	}
}

// TestLeaves: the leaf packages import nothing from the module (vntime, i18n, vietqr, xlsxread,
// tabular, httpcache) or only the shared error kinds and their texts (contact), the time zone
// (vnpay), digit grouping (web/chart, the reports' SVG charts), the message catalog
// (web/tmplcheck), or the database handle and the time zone (stats: internal/dossier imports
// it to keep its aggregates), so anything may use them.
func TestLeaves(t *testing.T) {
	for pkg, allowed := range map[string][]string{
		"internal/vntime":        nil,
		"internal/i18n":          nil,
		"internal/vietqr":        nil,
		"internal/xlsxread":      nil,
		"internal/tabular":       nil,
		"internal/httpcache":     nil,
		"internal/contact":       {module + "/internal/apperr", module + "/internal/i18n"},
		"internal/vnpay":         {module + "/internal/vntime"},
		"internal/web/chart":     {module + "/internal/vntext"},
		"internal/web/tmplcheck": {module + "/internal/i18n"},
		"internal/stats":         {module + "/internal/db", module + "/internal/vntime"},
	} {
		for _, d := range forbidden(deps(t, pkg), module) {
			if d != module+"/"+pkg && !slices.Contains(allowed, d) {
				t.Errorf("%s links %s; want no package of the module but %v", pkg, d, allowed)
			}
		}
	}
}

// TestStandardLibraryOnly: these leaves link nothing outside the module but the standard library
// (the gateway's signatures are checked by code anyone can read in one place).
func TestStandardLibraryOnly(t *testing.T) {
	for _, pkg := range []string{"internal/vntime", "internal/vnpay"} {
		for _, d := range deps(t, pkg) {
			first, _, _ := strings.Cut(d, "/")
			if strings.Contains(first, ".") && !strings.HasPrefix(d, module+"/") {
				t.Errorf("%s links %s; want the standard library and the module only", pkg, d)
			}
		}
	}
}
