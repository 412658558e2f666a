package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

func TestSynonymsReplaceAndSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := catalog.NewStore(d)
		seed(t, s)
		other := catalog.NewStore(d) // another replica on the same database
		other.Staleness = 0
		first := func(q string) string {
			res, err := other.Search(ctx, catalog.Query{Text: q})
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			if len(res.Items) == 0 {
				return ""
			}
			return res.Items[0].Code
		}
		if c := first("giấy chào đời"); c == "1.001193" {
			t.Fatalf(`before synonyms, "giấy chào đời" finds 1.001193 first`)
		}
		got, err := s.Synonyms(ctx, admin)
		if err != nil || got.Version != 0 || got.Total != 0 {
			t.Fatalf("Synonyms before any list = %+v, %v; want version 0, empty", got, err)
		}
		out, err := s.ReplaceSynonyms(ctx, admin, []catalog.Synonym{
			{Phrase: " chào đời ", Means: "khai sinh"}, {Phrase: "thủ tục", Means: ""}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Version == 0 || out.Total != 2 || out.Items[0].Phrase != "chào đời" {
			t.Errorf("ReplaceSynonyms = %+v; want a version, 2 trimmed items", out)
		}
		// The other replica's index follows the new generation.
		if c := first("giấy chào đời"); c != "1.001193" {
			t.Errorf(`after synonyms, the other replica's "giấy chào đời" finds %q first; want 1.001193`, c)
		}
		got, err = other.Synonyms(ctx, admin)
		if err != nil || got.Version != out.Version || got.Total != 2 {
			t.Errorf("Synonyms = %+v, %v; want version %d", got, err, out.Version)
		}
		recs, err := audit.List(ctx, d, audit.Filter{Action: "catalog.synonyms"})
		if err != nil || len(recs) != 1 || !strings.Contains(string(recs[0].Detail), "chào đời → khai sinh") {
			t.Errorf("audit = %+v, %v; want one catalog.synonyms record naming the pair added", recs, err)
		}
		// Emptying the list is a new version too, and search forgets the synonym.
		if _, err := s.ReplaceSynonyms(ctx, admin, nil); err != nil {
			t.Fatal(err)
		}
		if c := first("giấy chào đời"); c == "1.001193" {
			t.Errorf(`after emptying the list, "giấy chào đời" still finds 1.001193 first`)
		}
	})
}

func TestSynonymsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := catalog.NewStore(d)
		citizen := &org.User{Username: "dan", Role: org.RoleCitizen}
		if _, err := s.ReplaceSynonyms(ctx, citizen, nil); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("ReplaceSynonyms by a citizen = %v; want forbidden", err)
		}
		if _, err := s.Synonyms(ctx, nil); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("Synonyms without a user = %v; want unauthenticated", err)
		}
		_, err := s.ReplaceSynonyms(ctx, admin, []catalog.Synonym{
			{Phrase: "", Means: "căn cước"},
			{Phrase: "CMND", Means: "cmnd"},
			{Phrase: "CMND", Means: "căn cước"},
			{Phrase: "cmnd", Means: "Căn  cước"},
			{Phrase: "a b c d e f g h i", Means: "x"},
			{Phrase: "sổ đỏ", Means: "!!!"},
		})
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable {
			t.Fatalf("ReplaceSynonyms(bad) = %v; want unprocessable", err)
		}
		var paths []string
		for _, f := range e.Fields {
			paths = append(paths, f.Path)
		}
		want := "items[0].phrase,items[1].means,items[3],items[4].phrase,items[5].means"
		if strings.Join(paths, ",") != want {
			t.Errorf("fields = %v; want %s", paths, want)
		}
		if got, _ := s.Synonyms(ctx, admin); got.Version != 0 {
			t.Errorf("a refused list was stored: %+v", got)
		}
	})
}
