package catalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// demoStore is a catalog of the 46 demo procedures.
func demoStore(t testing.TB) *catalog.Store {
	t.Helper()
	f, err := os.Open("../demo/data/procedures.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := catalog.DecodeJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	s := catalog.NewStore(dbtest.SQLite(t))
	if _, err := s.Import(context.Background(), admin, items, catalog.Decision{Number: "DEMO", SignedOn: "2026-07-01"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// withDemoSynonyms gives s the demo's synonym list.
func withDemoSynonyms(t testing.TB, s *catalog.Store) {
	t.Helper()
	b, err := os.ReadFile("../demo/data/synonyms.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Items []catalog.Synonym }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceSynonyms(context.Background(), admin, f.Items); err != nil {
		t.Fatal(err)
	}
}

func searchCodes(t *testing.T, s *catalog.Store, q string) ([]string, int) {
	t.Helper()
	res, err := s.Search(context.Background(), catalog.Query{Text: q, PerPage: 100})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	var cs []string
	for _, p := range res.Items {
		cs = append(cs, p.Code)
	}
	return cs, res.Total
}

// The findings: "ket hon" returned 35 of 46 procedures, "dang ky ket hon" 27, "ho chieu"
// 25 with a death registration second, "khai sinh" 9 with residence and passport procedures.
func TestSearchStops(t *testing.T) {
	s := demoStore(t)
	marriage := []string{"1.000894", "2.000806", "1.004746"}
	for _, q := range []string{"ket hon", "dang ky ket hon"} {
		got, total := searchCodes(t, s, q)
		if total > 4 || len(got) == 0 || got[0] != "1.000894" {
			t.Errorf("Search(%q) = %d %v; want at most 4, 1.000894 first", q, total, got)
		}
		for _, c := range marriage {
			if !slices.Contains(got, c) {
				t.Errorf("Search(%q) = %v; want %s among them", q, got, c)
			}
		}
	}
	if got, total := searchCodes(t, s, "ho chieu"); total > 2 || len(got) == 0 || got[0] != "1.001456" {
		t.Errorf(`Search("ho chieu") = %d %v; want the passport first, at most 2`, total, got)
	}
	// A query the catalog half knows still finds the best partial match; nonsense finds nothing.
	if got, _ := searchCodes(t, s, "ket hon voi nguoi han quoc"); len(got) == 0 || got[0] != "2.000806" {
		t.Errorf(`Search("ket hon voi nguoi han quoc") = %v; want 2.000806 first`, got)
	}
	if got, _ := searchCodes(t, s, "xyz không có gì"); len(got) != 0 {
		t.Errorf(`Search("xyz không có gì") = %v; want nothing`, got)
	}
	got, total := searchCodes(t, s, "khai sinh")
	if total > 6 {
		t.Errorf(`Search("khai sinh") = %d %v; want at most 6`, total, got)
	}
	for _, c := range []string{"1.004222", "1.004194", "1.001456", "1.014061"} { // residence, passport, căn cước
		if slices.Contains(got, c) {
			t.Errorf(`Search("khai sinh") = %v; want no %s`, got, c)
		}
	}
}

// The judged set's figures on the demo catalog with the demo synonyms; the test fails below them.
const (
	wantSuccessAt1   = 1.00 // reached 1.000
	wantPrecisionAt5 = 0.91 // reached 0.913
	wantRecallAt5    = 0.97 // reached 0.975
	wantMeanResults  = 1.9  // at most; reached 1.83
)

// TestJudgedSearch measures search against testdata/judged.json: success@1 (the first result is
// relevant), precision@5 (the share of relevant results among the first five shown, or fewer
// when fewer are shown; none shown counts 0), recall@5 (the share of the relevant procedures
// among the first five, out of at most five) and the mean number of results.
func TestJudgedSearch(t *testing.T) {
	b, err := os.ReadFile("testdata/judged.json")
	if err != nil {
		t.Fatal(err)
	}
	var judged struct {
		Queries []struct {
			Q        string
			Relevant []string
		}
	}
	if err := json.Unmarshal(b, &judged); err != nil {
		t.Fatal(err)
	}
	if len(judged.Queries) < 30 {
		t.Fatalf("judged set has %d queries; want at least 30", len(judged.Queries))
	}
	s := demoStore(t)
	withDemoSynonyms(t, s)
	var s1, p5, r5, n float64
	for _, j := range judged.Queries {
		got, total := searchCodes(t, s, j.Q)
		top := got[:min(5, len(got))]
		rel := 0
		for _, c := range top {
			if slices.Contains(j.Relevant, c) {
				rel++
			}
		}
		if len(top) > 0 {
			p5 += float64(rel) / float64(len(top))
			if slices.Contains(j.Relevant, top[0]) {
				s1++
			}
		}
		r5 += float64(rel) / float64(min(5, len(j.Relevant)))
		n += float64(total)
		if len(top) == 0 || !slices.Contains(j.Relevant, top[0]) || rel < min(5, len(j.Relevant)) || total > len(j.Relevant)+2 {
			t.Logf("%-35q %2d results %v; relevant %v", j.Q, total, top, j.Relevant)
		}
	}
	q := float64(len(judged.Queries))
	s1, p5, r5, n = s1/q, p5/q, r5/q, n/q
	fmt.Printf("judged search, %d queries: success@1 %.3f, precision@5 %.3f, recall@5 %.3f, mean results %.2f\n", len(judged.Queries), s1, p5, r5, n)
	if s1 < wantSuccessAt1 || p5 < wantPrecisionAt5 || r5 < wantRecallAt5 || n > wantMeanResults {
		t.Errorf("success@1 %.3f, precision@5 %.3f, recall@5 %.3f, mean results %.2f; want at least %.3f, %.3f, %.3f and at most %.2f",
			s1, p5, r5, n, wantSuccessAt1, wantPrecisionAt5, wantRecallAt5, wantMeanResults)
	}
}
