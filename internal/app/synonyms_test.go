package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
)

// The demo city's search reads the seeded synonyms, and a catalog administrator replaces them
// through the API; the portal's search page and the API answer alike.
func TestSearchSynonymsAPI(t *testing.T) {
	_, base := apptest.Start(t, "sqlite")
	anon := &client{t: t, base: base}
	type page struct {
		Items []struct{ Code string }
		Total int
	}
	search := func(q string) page {
		var p page
		anon.json("GET", "/api/v1/procedures?q="+url.QueryEscape(q), nil, 200, &p)
		return p
	}
	if p := search("ket hon"); p.Total > 4 || p.Items[0].Code != "1.000894" {
		t.Errorf(`"ket hon" = %+v; want at most 4, 1.000894 first`, p)
	}
	if p := search("cấp lại CMND"); p.Total == 0 || p.Items[0].Code != "1.014063" {
		t.Errorf(`"cấp lại CMND" = %+v; want the căn cước card's renewal first`, p)
	}
	cat := login(t, base, "catalog")
	var syn struct {
		Version   int64
		Total     int
		UpdatedAt string `json:"updated_at"`
		Items     []struct{ Phrase, Means string }
	}
	cat.json("GET", "/api/v1/catalog/synonyms", nil, 200, &syn)
	if syn.Version == 0 || syn.Total < 20 {
		t.Fatalf("seeded synonyms = %+v; want the demo list", syn)
	}
	if ts, err := time.Parse(time.RFC3339, syn.UpdatedAt); err != nil || !strings.HasSuffix(syn.UpdatedAt, "+07:00") {
		t.Errorf("updated_at = %q (%v); want RFC 3339 in +07:00", syn.UpdatedAt, ts)
	}
	// {} would empty the list by accident: items is required.
	var e errBody
	cat.json("PUT", "/api/v1/catalog/synonyms", map[string]any{}, 422, &e)
	if e.Error.Code != "invalid_synonyms" {
		t.Errorf("PUT {} = %+v; want invalid_synonyms", e)
	}
	if p := search("chào đời"); p.Total > 0 && p.Items[0].Code == "1.001193" {
		t.Fatalf(`"chào đời" finds 1.001193 before its synonym exists`)
	}
	before := syn.Version
	cat.json("PUT", "/api/v1/catalog/synonyms", map[string]any{"items": []map[string]string{{"phrase": "chào đời", "means": "khai sinh"}}}, 200, &syn)
	if syn.Version <= before || syn.Total != 1 {
		t.Errorf("PUT = %+v; want a new version with 1 item", syn)
	}
	if p := search("chào đời"); p.Total == 0 || p.Items[0].Code != "1.001193" {
		t.Errorf(`"chào đời" after its synonym = %+v; want 1.001193 first`, p)
	}
	// The demo list is gone with the replacement.
	if p := search("cấp lại CMND"); p.Total > 0 && p.Items[0].Code == "1.014063" {
		t.Errorf(`"cấp lại CMND" still reads CMND as căn cước after the list was replaced`)
	}
	cit := login(t, base, "congdan")
	if status, out, _ := cit.do("PUT", "/api/v1/catalog/synonyms", `{"items":[]}`); status != 403 {
		t.Errorf("PUT as a citizen = %d %s; want 403", status, out)
	}
}
