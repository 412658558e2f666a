package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo/demobill"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// newBillsServer serves the API with the demo billers and returns a citizen's bearer token.
func newBillsServer(t *testing.T, d *db.DB) (*httptest.Server, *bills.Store, string) {
	t.Helper()
	ctx := context.Background()
	var list []bills.Biller
	for _, b := range demobill.All(nil) {
		list = append(list, b)
	}
	reg, err := bills.NewRegistry(list...)
	if err != nil {
		t.Fatal(err)
	}
	st := bills.NewStore(d, reg)
	ids := identity.NewStore(d)
	mux := http.NewServeMux()
	api.New(api.Config{Org: org.NewStore(d), Identity: ids, Bills: st, Logger: slog.New(slog.DiscardHandler)}).Register(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := api.BearerToken(r); ok {
			if u, err := ids.TokenUser(r.Context(), tok); err == nil {
				r = r.WithContext(org.WithUser(r.Context(), u))
			}
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	u, err := ids.CreateUser(ctx, identity.NewUser{Username: "congdan", Password: "mật khẩu dài 123", FullName: "Nguyễn Văn An", Role: org.RoleCitizen})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := ids.CreateToken(ctx, u, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, tok
}

// TestBillsAPI: the shapes of CONTRACT.md "Bills" and their errors, on both engines.
func TestBillsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, st, tok := newBillsServer(t, d)
		r := call(t, srv, "GET", "/billers", "", nil)
		items, _ := r.Body["items"].([]any)
		cats := map[string]string{}
		for _, it := range items {
			b := it.(map[string]any)
			cats[b["category"].(string)], _ = b["sample_customer"].(string)
			if b["code"] == "" || b["name"] == "" || b["sample_customer"] == nil || b["customer_label"] != "Mã khách hàng" && b["customer_label"] != "Số thuê bao" &&
				b["customer_label"] != "Tài khoản iParking" && b["customer_label"] != "Mã học sinh" {
				t.Errorf("GET /billers item %v lacks code, name, a Vietnamese customer label or sample_customer", b)
			}
		}
		for _, c := range []string{"electricity", "water", "telecom", "parking", "school_fee"} {
			if cats[c] == "" {
				t.Errorf("GET /billers = %d %v: no biller of category %s with a sample customer", r.Status, r.Body, c)
			}
		}
		if r := call(t, srv, "GET", "/billers", "", nil, "Accept-Language", "en"); !regexp.MustCompile(`"Customer code"|Customer code`).MatchString(r.Body["items"].([]any)[0].(map[string]any)["customer_label"].(string)) {
			t.Errorf("GET /billers in English: customer_label %v", r.Body["items"].([]any)[0])
		}

		sample := cats["electricity"]
		q := "/bills?biller=EVNHANOI&customer=" + sample
		if r := call(t, srv, "GET", q, "", nil); r.Status != 401 {
			t.Errorf("GET /bills anonymous = %d; want 401", r.Status)
		}
		r = call(t, srv, "GET", q, tok, nil)
		items, _ = r.Body["items"].([]any)
		if r.Status != 200 || len(items) != 3 {
			t.Fatalf("GET %s = %d %v; want 200 with three bills", q, r.Status, r.Body)
		}
		first := items[0].(map[string]any)
		for _, k := range []string{"id", "amount_vnd", "period", "due_on", "status"} {
			if _, ok := first[k]; !ok {
				t.Errorf("a bill lacks %q: %v", k, first)
			}
		}
		if first["status"] != "unpaid" || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(first["due_on"].(string)) {
			t.Errorf("newest bill %v; want unpaid with due_on YYYY-MM-DD", first)
		}
		for _, c := range []struct {
			query  string
			status int
			code   string
			field  string
		}{
			{"/bills?biller=EVNHANOI&customer=PD00000000001", 404, "customer_not_found", ""},
			{"/bills?biller=NOPE&customer=1", 404, "biller_not_found", ""},
			{"/bills?biller=EVNHANOI&customer=12345", 422, "invalid_customer", "customer"},
			{"/bills?customer=12345", 422, "invalid_query", "biller"},
		} {
			r := call(t, srv, "GET", c.query, tok, nil)
			if r.Status != c.status || r.errCode() != c.code || c.field != "" && !slices.Contains(r.fieldPaths(), c.field) {
				t.Errorf("GET %s = %d %v; want %d %s naming %q", c.query, r.Status, r.Body, c.status, c.code, c.field)
			}
		}

		// Saved codes: save, list, forget; an unknown one is 404, a long label 422.
		r = call(t, srv, "POST", "/me/billers", tok, map[string]any{"biller": "EVNHANOI", "customer": sample, "label": "Nhà Hoàn Kiếm"})
		if r.Status != 201 || r.Body["customer"] != sample || r.Body["label"] != "Nhà Hoàn Kiếm" || !regexp.MustCompile(`\+07:00$`).MatchString(r.Body["created_at"].(string)) {
			t.Errorf("POST /me/billers = %d %v; want 201 with the code, label and a +07:00 time", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", "/me/billers", tok, map[string]any{"biller": "EVNHANOI", "customer": sample, "label": strings.Repeat("x", 61)}); r.Status != 422 || r.errCode() != "too_long" {
			t.Errorf("POST /me/billers with a long label = %d; want 422", r.Status)
		}
		if r := call(t, srv, "GET", "/me/billers", tok, nil); r.Status != 200 || len(r.Body["items"].([]any)) != 1 {
			t.Errorf("GET /me/billers = %d %v; want one code", r.Status, r.Body)
		}
		if r := call(t, srv, "DELETE", "/me/billers/EVNHANOI/"+sample, tok, nil); r.Status != 204 {
			t.Errorf("DELETE saved = %d; want 204", r.Status)
		}
		if r := call(t, srv, "DELETE", "/me/billers/EVNHANOI/"+sample, tok, nil); r.Status != 404 {
			t.Errorf("DELETE saved again = %d; want 404", r.Status)
		}

		// A complaint gets the biller's ticket; about no bill it is 404.
		id := first["id"].(string)
		r = call(t, srv, "POST", "/bills/"+id+"/complaints", tok, map[string]any{"text": "Chỉ số công tơ sai."})
		if r.Status != 201 || r.Body["bill"] != id || r.Body["status"] != "open" || r.Body["ticket"] == "" {
			t.Errorf("POST complaint = %d %v; want 201 open with a ticket", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", "/bills/0000000000000000/complaints", tok, map[string]any{"text": "x"}); r.Status != 404 {
			t.Errorf("POST complaint about no bill = %d; want 404", r.Status)
		}

		// Paid through the ledger: the bill answers paid with paid_at, and the sample moves on.
		if err := d.InTx(context.Background(), func(tx *db.Tx) error { return st.Paid(context.Background(), tx, id, "PAY-1", time.Now()) }); err != nil {
			t.Fatal(err)
		}
		r = call(t, srv, "GET", q, tok, nil)
		if b := r.Body["items"].([]any)[0].(map[string]any); b["status"] != "paid" || b["paid_at"] == nil {
			t.Errorf("after paying: %v; want paid with paid_at", b)
		}
		r = call(t, srv, "GET", "/billers", "", nil)
		for _, it := range r.Body["items"].([]any) {
			if b := it.(map[string]any); b["code"] == "EVNHANOI" && b["sample_customer"] == sample {
				t.Errorf("sample_customer is still %s, whose bill is paid", sample)
			}
		}
	})
}
