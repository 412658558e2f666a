package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/workflow"
)

// access is who may use a route.
type access int

const (
	public     access = iota // anyone, signed in or not
	signedIn                 // any signed-in user
	dossierOf                // the dossier's applicant and its agency's officers; others get 404
	officer                  // officers (reception, specialist, leader)
	catalogAdm               // catalog and system administrators
	sysAdm                   // system administrators
	accountant               // an agency's accountant (kế toán) and system administrators
	reports                  // officers and system administrators (the Decision 766 indicators)
	reviewer                 // leaders, catalog and system administrators (process review)
	office                   // the committee office only (recording directives)
	tasks                    // officers, the committee office and system administrators (directives' tasks)
	editor                   // the portal's editors and system administrators (news)
)

// TestAuthorizationWalk calls every API route as every role and as an officer of another agency,
// and checks each answer against who may use the route: never a 500, 401 without credentials,
// 403 for a role that may not, 404 for a dossier the caller may not see.
func TestAuthorizationWalk(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { authzWalk(t, engine) })
	}
}

func authzWalk(t *testing.T, engine string) {
	a, base := apptest.Start(t, engine)
	ctx := context.Background()
	cit := login(t, base, "congdan")
	// A dossier of congdan at Hoàn Kiếm, received and assigned; a file; a draft; a consultation.
	var sub struct{ Code string }
	cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &sub)
	code := sub.Code
	login(t, base, "tiepnhan").json("POST", "/api/v1/dossiers/"+code+"/actions", map[string]string{"action": "receive"}, 200, nil)
	_, f := cit.upload("x.pdf", testPDF)
	file := f["id"].(string)
	var draft struct{ ID string }
	cit.json("POST", "/api/v1/drafts", map[string]any{"procedure_code": "1.001193", "form": map[string]any{}}, 201, &draft)
	u, _ := a.Org.User(ctx, "chuyenvien")
	c, err := a.Workflow.Consult(ctx, u, code, workflow.ConsultInput{Agency: "STP", Question: "Ý kiến?", WorkingDays: 2})
	if err != nil {
		t.Fatal(err)
	}

	routes := map[string]access{
		"GET /api/v1/openapi.json": public, "POST /api/v1/auth/token": public, "DELETE /api/v1/auth/token": signedIn,
		"GET /api/v1/me": signedIn, "GET /api/v1/agencies": public,
		"GET /api/v1/procedures": public, "GET /api/v1/procedures/{code}": public, "GET /api/v1/procedures/{code}/versions": public,
		"GET /api/v1/procedures/{code}/declaration.pdf": public,
		"GET /api/v1/fields":                            public, "GET /api/v1/decisions": public, "POST /api/v1/decisions": catalogAdm,
		"GET /api/v1/decisions/{number...}": public, "GET /api/v1/catalog/export": public, "POST /api/v1/catalog/import": catalogAdm,
		"GET /api/v1/catalog/synonyms": catalogAdm, "PUT /api/v1/catalog/synonyms": catalogAdm,
		"GET /api/v1/calendar/holidays": public, "GET /api/v1/calendar/lunar": public, "GET /api/v1/calendar/due": public,
		"GET /api/v1/calendar/overrides": public, "POST /api/v1/calendar/overrides": sysAdm,
		"POST /api/v1/files": signedIn, "GET /api/v1/files/{id}": dossierOf,
		"POST /api/v1/dossiers": signedIn, "GET /api/v1/dossiers": signedIn, "GET /api/v1/dossiers/{code}": dossierOf,
		"POST /api/v1/counter/dossiers": officer, "GET /api/v1/track/{code}": public,
		"GET /api/v1/drafts": signedIn, "POST /api/v1/drafts": signedIn, "GET /api/v1/drafts/{id}": signedIn,
		"PUT /api/v1/drafts/{id}": signedIn, "DELETE /api/v1/drafts/{id}": signedIn, "GET /api/v1/me/documents": signedIn,
		"GET /api/v1/inbox": officer, "POST /api/v1/dossiers/{code}/actions": dossierOf,
		"GET /api/v1/dossiers/{code}/receipt.pdf": dossierOf, "POST /api/v1/dossiers/{code}/evaluation": dossierOf,
		"GET /api/v1/dossiers/{code}/evaluation": dossierOf, "GET /api/v1/evaluation/indicators": public,
		"POST /api/v1/dossiers/{code}/consultations": dossierOf, "GET /api/v1/dossiers/{code}/consultations": dossierOf,
		"GET /api/v1/consultations": officer, "POST /api/v1/consultations/{id}/answer": officer,
		"GET /api/v1/processes": public, "POST /api/v1/processes": catalogAdm, "POST /api/v1/admin/sla-sweep": sysAdm, "GET /api/v1/reports/service-levels": public,
		"GET /api/v1/dossiers/{code}/supplement-request.pdf": dossierOf, "GET /api/v1/dossiers/{code}/refusal.pdf": dossierOf,
		"GET /api/v1/dossiers/{code}/apology.pdf": dossierOf, "GET /api/v1/dossiers/{code}/control-slip.pdf": dossierOf,
		"GET /api/v1/dossiers/{code}/control-slip.xlsx": dossierOf,
		"GET /api/v1/register":                          officer,
		"POST /api/v1/auth/signup":                      public, "POST /api/v1/auth/verify": public, "POST /api/v1/auth/resend": public,
		"GET /api/v1/me/profile": signedIn, "PUT /api/v1/me/profile": signedIn,
		"GET /api/v1/billers": public, "GET /api/v1/bills": signedIn, "POST /api/v1/bills/{id}/complaints": signedIn,
		"GET /api/v1/me/billers": signedIn, "POST /api/v1/me/billers": signedIn, "DELETE /api/v1/me/billers/{biller}/{customer}": signedIn,
		"GET /api/v1/dossiers/{code}/result.pdf": dossierOf, "GET /api/v1/results/verify": public,
		"POST /api/v1/results/{serial}/revoke": signedIn, // an unknown serial: 404 to everyone signed in
		"GET /api/v1/dossiers/{code}/invoices": dossierOf, "POST /api/v1/payments": signedIn, "GET /api/v1/payments": signedIn,
		"GET /api/v1/payments/{id}": signedIn, "GET /api/v1/payments/vnpay/ipn": public,
		"GET /api/v1/payments/{id}/receipt.pdf": signedIn, // an unknown payment: 404 to everyone signed in
		"POST /api/v1/payments/vietqr/webhook":  public,   // unsigned: 401 to everyone
		"POST /api/v1/payments/statements":      accountant, "GET /api/v1/payments/reviews": accountant,
		"POST /api/v1/payments/reviews/{id}/resolve":  signedIn, // {}: 422 before the item is looked up
		"GET /api/v1/payments/{id}/ledger":            signedIn, // an unknown payment: 404 to everyone signed in
		"POST /api/v1/payments/{id}/refunds":          signedIn, // {}: 422 before the payment is looked up
		"POST /api/v1/payments/{id}/refunds/close":    signedIn, // an unknown payment: 404 or, for {}, 422 to everyone signed in
		"GET /api/v1/reports/collections":             accountant,
		"GET /api/v1/reports/service-levels/progress": public, "GET /api/v1/reports/targets": public,
		"PUT /api/v1/reports/targets/{key}": sysAdm, "GET /api/v1/reports/dossiers": public, "GET /api/v1/reports/transparency": public,
		"GET /api/v1/reports/indicators":                 reports,
		"GET /api/v1/reports/indicators/ranking":         reports,
		"GET /api/v1/reports/indicators/{code}/dossiers": reports,
		"GET /api/v1/reports/review":                     reviewer, "GET /api/v1/reports/review/bottlenecks": reviewer,
		"GET /api/v1/reports/review/simulate": reviewer,
		"POST /api/v1/directives":             office, "GET /api/v1/directives": tasks, "GET /api/v1/directive-tasks": tasks,
		"GET /api/v1/directives/{id}":               signedIn, // an unknown directive: 404 to those who see tasks, 403 to others
		"GET /api/v1/directive-tasks/{id}":          signedIn, // an unknown task: 404 to everyone signed in
		"POST /api/v1/directive-tasks/{id}/reports": signedIn, // an unknown task: 404 to everyone signed in
		"GET /api/v1/reports/directives":            tasks,
		"GET /api/v1/articles":                      public, "POST /api/v1/articles": editor, "GET /api/v1/articles/{slug}": public,
		"PUT /api/v1/articles/{slug}": editor, "POST /api/v1/articles/{slug}/status": editor,
		"GET /api/v1/articles/{slug}/versions": editor, "GET /api/v1/articles/{slug}/comments": public,
		"POST /api/v1/articles/{slug}/comments": public, "GET /api/v1/comments": editor,
		"POST /api/v1/comments/{id}/moderation": editor, "POST /api/v1/articles/{slug}/images": editor,
	}
	bodies := map[string]string{
		"POST /api/v1/auth/token":                    `{"username":"congdan","password":"wrong"}`,
		"POST /api/v1/decisions":                     `{"number":"X","signed_on":"2026-01-01","abolish":["9.999999"]}`,
		"POST /api/v1/calendar/overrides":            `{"date":"2030-01-02","kind":"day_off","name":"x"}`,
		"POST /api/v1/dossiers":                      `{"procedure_code":"9.999999","agency_code":"00070","form":{}}`,
		"POST /api/v1/counter/dossiers":              `{"procedure_code":"9.999999","applicant":{"name":"A"}}`,
		"POST /api/v1/drafts":                        `{"procedure_code":"1.001193","form":{}}`,
		"PUT /api/v1/drafts/{id}":                    `{"procedure_code":"1.001193","form":{}}`,
		"POST /api/v1/dossiers/{code}/actions":       `{"action":"approve"}`,
		"POST /api/v1/dossiers/{code}/evaluation":    `{"scores":{}}`,
		"POST /api/v1/dossiers/{code}/consultations": `{"agency_code":"STP","question":"?","working_days":0}`,
		"POST /api/v1/consultations/{id}/answer":     `{"answer":""}`,
		"POST /api/v1/processes":                     `{"name":"","start":"x","steps":[]}`,
		"POST /api/v1/auth/signup":                   `{"login":"not-an-address","password":"x"}`,
		"POST /api/v1/auth/verify":                   `{"login":"nobody@example.vn","code":"000000"}`,
		"POST /api/v1/auth/resend":                   `{"login":"nobody@example.vn"}`,
		"PUT /api/v1/me/profile":                     `{"id_number":"12"}`,
		"POST /api/v1/bills/{id}/complaints":         `{"text":"x"}`,
		"POST /api/v1/me/billers":                    `{"biller":"NOPE","customer":"1"}`,
		"POST /api/v1/results/{serial}/revoke":       `{"reason":"x"}`,
		"PUT /api/v1/reports/targets/{key}":          `{"ratio":0.3}`, // the seeded value: the walk changes nothing
	}
	query := map[string]string{
		"GET /api/v1/calendar/holidays": "?year=2026", "GET /api/v1/calendar/lunar": "?date=2026-02-17",
		"GET /api/v1/calendar/due": "?from=2026-02-10T09:30:00%2B07:00&working_days=5", "GET /api/v1/dossiers": "?mine=1", "GET /api/v1/register": "?from=2026-01-01&to=2026-12-31",
		"GET /api/v1/bills":                      "?biller=EVNHANOI&customer=PD00000000001",
		"GET /api/v1/results/verify":             "?sha256=" + strings.Repeat("0", 64),
		"GET /api/v1/reports/review":             "?procedure=1.001193&from=2026-01-01&to=2026-12-31",
		"GET /api/v1/reports/review/bottlenecks": "?from=2026-01-01&to=2026-12-31",
		"GET /api/v1/reports/review/simulate":    "?procedure=1.001193&from=2026-01-01&to=2026-12-31&step=approval&remove=1",
	}
	fill := strings.NewReplacer("{code}", code, "{id}", file, "{number...}", "DEMO-01%2FQĐ-UBND", "{biller}", "EVNHANOI", "{customer}", "PD00000000001", "{key}", "full",
		"{slug}", "huong-dan-dang-ky-khai-sinh-truc-tuyen-toan-trinh")
	for _, r := range api.Routes() {
		if _, ok := routes[r]; !ok {
			t.Errorf("route %s is not in the authorization walk; add it", r)
		}
	}
	roles := []string{"", "congdan", "congdan2", "tiepnhan", "chuyenvien", "lanhdao", "tiepnhan2", "ketoan", "catalog", "admin", "bientap"}
	clients := map[string]*client{"": {t: t, base: base}}
	for _, r := range roles[1:] {
		clients[r] = login(t, base, r)
	}
	for _, r := range api.Routes() {
		method, path, _ := strings.Cut(r, " ")
		p := fill.Replace(path)
		switch {
		case strings.Contains(path, "/drafts/{id}"):
			p = strings.Replace(path, "{id}", draft.ID, 1)
		case strings.Contains(path, "/consultations/{id}"):
			p = strings.Replace(path, "{id}", fmt.Sprint(c.ID), 1)
		}
		p += query[r]
		for _, role := range roles {
			if r == "DELETE /api/v1/auth/token" && role != "" {
				continue // would sign the shared client out
			}
			var body any
			if b, ok := bodies[r]; ok {
				body = b
			} else if method == "POST" || method == "PUT" {
				body = "{}"
			}
			status, out, _ := clients[role].do(method, p, body)
			if status >= 500 {
				t.Errorf("%s as %q = %d %s", r, role, status, out)
				continue
			}
			if want := expect(routes[r], role, r); len(want) > 0 && !slices.Contains(want, status) {
				t.Errorf("%s as %q = %d %.120s; want one of %v", r, role, status, out, want)
			}
		}
	}
	// The dossier is where it was: nothing in the walk moved it.
	var d struct{ Status string }
	cit.json("GET", "/api/v1/dossiers/"+code, nil, 200, &d)
	if d.Status != "processing" {
		t.Errorf("after the walk the dossier is %s", d.Status)
	}
}

// expect lists the acceptable statuses for a role on a route of the given access; empty means
// any non-5xx answer (the route's own rules decide).
func expect(a access, role, route string) []int {
	if role == "" {
		if a == public {
			return nil
		}
		return []int{401}
	}
	citizen := role == "congdan" || role == "congdan2"
	isOfficer := role == "tiepnhan" || role == "chuyenvien" || role == "lanhdao" || role == "tiepnhan2"
	switch a {
	case officer:
		if !isOfficer {
			return []int{403}
		}
	case catalogAdm:
		if role != "catalog" && role != "admin" {
			return []int{403}
		}
	case sysAdm:
		if role != "admin" {
			return []int{403}
		}
	case accountant:
		if role != "ketoan" && role != "admin" {
			return []int{403}
		}
	case reports:
		if !isOfficer && role != "admin" {
			return []int{403}
		}
	case reviewer:
		if role != "lanhdao" && role != "catalog" && role != "admin" {
			return []int{403}
		}
		return []int{200}
	case office:
		return []int{403}
	case tasks:
		if !isOfficer && role != "admin" {
			return []int{403}
		}
		return []int{200}
	case editor:
		if role != "bientap" && role != "admin" {
			return []int{403}
		}
	case dossierOf:
		switch role {
		case "congdan2", "tiepnhan2", "ketoan", "catalog", "bientap":
			return []int{404}
		}
		if route == "POST /api/v1/dossiers/{code}/actions" {
			// {"action":"approve"}: only a leader approves, and not while the dossier is in processing.
			if role == "lanhdao" {
				return []int{409}
			}
			if role != "admin" {
				return []int{403}
			}
		}
		if citizen && route == "POST /api/v1/dossiers/{code}/consultations" {
			return []int{403}
		}
	}
	return nil
}
