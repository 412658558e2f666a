package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

type searchPage struct {
	Items []map[string]json.RawMessage
	Total int
}

// A search answers summaries, and whole procedures with ?view=full: each the bytes of
// GET /procedures/{code}. Paging, totals and filters are the catalog's, in both views.
func TestSearchViews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		os, cs, ids := org.NewStore(d), catalog.NewStore(d), identity.NewStore(d)
		if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, ids, cs); err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		api.New(api.Config{Org: os, Identity: ids, Catalog: cs, Logger: slog.New(slog.DiscardHandler)}).Register(mux)
		get := func(path string, header ...string) *httptest.ResponseRecorder {
			t.Helper()
			r := httptest.NewRequest("GET", "/api/v1"+path, nil)
			for i := 0; i+1 < len(header); i += 2 {
				r.Header.Set(header[i], header[i+1])
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			return w
		}
		page := func(path string) searchPage {
			t.Helper()
			w := get(path)
			var p searchPage
			if err := json.Unmarshal(w.Body.Bytes(), &p); w.Code != 200 || err != nil {
				t.Fatalf("GET %s = %d %v %.200s", path, w.Code, err, w.Body)
			}
			return p
		}

		res, err := cs.Search(ctx, catalog.Query{Text: "khai sinh", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		sum := page("/procedures?q=khai+sinh&per_page=100")
		if sum.Total != res.Total || len(sum.Items) != len(res.Items) || sum.Total == 0 {
			t.Fatalf("q=khai sinh: %d of %d; the catalog finds %d of %d", len(sum.Items), sum.Total, len(res.Items), res.Total)
		}
		for i, it := range sum.Items {
			p := res.Items[i]
			keys := make([]string, 0, len(it))
			for k := range it {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if !slices.Contains([]string{"code", "fee_vnd", "field", "level", "name", "online_level", "processing_calendar_days",
					"processing_days", "processing_hours", "status"}, k) {
					t.Errorf("summary %s has %q", p.Code, k)
				}
			}
			var s struct {
				Code, Name, Field, Level, Status string
				Online                           string `json:"online_level"`
				Days                             *int   `json:"processing_days"`
				Fee                              *int64 `json:"fee_vnd"`
			}
			b, _ := json.Marshal(it)
			json.Unmarshal(b, &s)
			if s.Code != p.Code || s.Name != p.Name || s.Field != p.Field || s.Level != string(p.Level) || s.Online != string(p.OnlineLevel) ||
				s.Status != string(p.Status) || (s.Days == nil) != (p.ProcessingDays == nil) || s.Days != nil && *s.Days != *p.ProcessingDays ||
				(s.Fee == nil) != (p.FeeVND == nil) || s.Fee != nil && *s.Fee != *p.FeeVND {
				t.Errorf("summary %d = %+v; want %s %s", i, s, p.Code, p.Name)
			}
		}

		// view=full: the same items, each as GET /procedures/{code} answers it.
		full := page("/procedures?q=khai+sinh&per_page=100&view=full")
		if full.Total != sum.Total || len(full.Items) != len(sum.Items) {
			t.Fatalf("view=full: %d of %d", len(full.Items), full.Total)
		}
		for i, it := range full.Items {
			one := get("/procedures/" + res.Items[i].Code)
			var want, got any
			json.Unmarshal(one.Body.Bytes(), &want)
			b, _ := json.Marshal(it)
			json.Unmarshal(b, &got)
			wb, _ := json.Marshal(want)
			gb, _ := json.Marshal(got)
			if string(wb) != string(gb) {
				t.Errorf("view=full item %d is not GET /procedures/%s", i, res.Items[i].Code)
			}
			if _, ok := it["form_schema"]; !ok {
				t.Errorf("view=full item %d lacks form_schema", i)
			}
		}

		// Paging and filters, in both views and in the kept answers alike.
		all := page("/procedures?per_page=100")
		for _, view := range []string{"", "&view=full"} {
			p2 := page("/procedures?page=2&per_page=5" + view)
			if p2.Total != all.Total || len(p2.Items) != 5 {
				t.Fatalf("page 2 of 5%s: %d of %d", view, len(p2.Items), p2.Total)
			}
			for i, it := range p2.Items {
				if string(it["code"]) != string(all.Items[5+i]["code"]) {
					t.Errorf("page 2%s item %d = %s; want %s", view, i, it["code"], all.Items[5+i]["code"])
				}
			}
			commune := page("/procedures?per_page=100&level=commune" + view)
			if commune.Total == 0 || commune.Total >= all.Total {
				t.Errorf("level=commune%s: %d of %d", view, commune.Total, all.Total)
			}
			for _, it := range commune.Items {
				if string(it["level"]) != `"commune"` {
					t.Errorf("level=commune%s holds %s at level %s", view, it["code"], it["level"])
				}
			}
		}
		if p := page("/procedures?page=200"); p.Total != all.Total || len(p.Items) != 0 {
			t.Errorf("page 200: %d of %d; want none of %d", len(p.Items), p.Total, all.Total)
		}

		// A kept answer: an ETag, 304 with it, gzip to a client that accepts it.
		first := get("/procedures?q=khai+sinh")
		etag := first.Header().Get("ETag")
		if etag == "" || first.Header().Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("a search's answer: ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
		}
		if w := get("/procedures?q=khai+sinh", "If-None-Match", etag); w.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s = %d; want 304", etag, w.Code)
		}
		if w := get("/procedures?q=ket+hon", "If-None-Match", etag); w.Code != 200 {
			t.Errorf("another query with that ETag = %d; want 200", w.Code)
		}
		if w := get("/procedures?per_page=50", "Accept-Encoding", "gzip"); w.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("a kept answer to a gzip client: Content-Encoding %q", w.Header().Get("Content-Encoding"))
		}

		if w := get("/procedures?view=short"); w.Code != 400 {
			t.Errorf("view=short = %d; want 400", w.Code)
		}
		if w := get("/procedures?q=khai+sinh&online_level=4"); w.Code != 400 {
			t.Errorf("online_level=4 = %d; want 400 (a bad query is never answered from the kept ones)", w.Code)
		}
	})
}
