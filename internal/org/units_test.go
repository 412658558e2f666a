package org_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// TestSeedUnitsEnglishNames: a commune's English name keeps its Vietnamese name with its
// diacritics ("Hoàn Kiếm Ward People's Committee", not "Hoan Kiem …"); only the kind of
// unit is translated.
func TestSeedUnitsEnglishNames(t *testing.T) {
	ps, err := org.Provinces()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, u := range p.Units {
			en := u.EnglishName()
			if vntext.Fold(u.Name) == vntext.Fold(u.NameEn) && !strings.Contains(en, u.Name) {
				t.Errorf("%s %s: English name %q lacks %q", u.Code, u.FullName, en, u.Name)
			}
			if vntext.Fold(u.Name) != vntext.Fold(u.NameEn) && en != u.FullEn { // an exonym: Paracel
				t.Errorf("%s %s: English name %q; want the exonym %q", u.Code, u.FullName, en, u.FullEn)
			}
		}
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := org.NewStore(d)
		if err := s.CreateAgency(ctx, &org.Agency{Code: "UBTP", Kind: org.KindCity, Level: "province", Name: "UBND"}); err != nil {
			t.Fatal(err)
		}
		var hn *org.Province
		for i := range ps {
			if ps[i].Code == "01" {
				hn = &ps[i]
			}
		}
		if _, err := s.SeedUnits(ctx, hn, "UBTP", "H26"); err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]string{
			"00070": "Hoàn Kiếm Ward People's Committee",
			"00004": "Ba Đình Ward People's Committee",
		} {
			a, err := s.Agency(ctx, code)
			if err != nil || a.NameEn != want {
				t.Errorf("Agency(%s).NameEn = %q, %v; want %q", code, a.NameEn, err, want)
			}
		}
	})
}
