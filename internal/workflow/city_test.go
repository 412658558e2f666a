package workflow_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/org"
)

// TestPlaceFromTree checks that the place the forms print comes from the organisation tree:
// the demo city's agencies are in Hà Nội, and a second city seeded beside it is in its own
// province.
func TestPlaceFromTree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		setup(t, d)
		ctx := context.Background()
		os := org.NewStore(d)
		ps, err := org.Provinces()
		if err != nil {
			t.Fatal(err)
		}
		var other *org.Province
		for i := range ps {
			if ps[i].Code != demo.Province {
				other = &ps[i]
				break
			}
		}
		if err := os.CreateAgency(ctx, &org.Agency{Code: "UBND-X", Kind: org.KindCity, Level: "province", Name: "UBND " + other.FullName}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.SeedUnits(ctx, other, "UBND-X", "X99"); err != nil {
			t.Fatal(err)
		}
		if err := os.CreateAgency(ctx, &org.Agency{Code: "STP-X", ParentCode: "UBND-X", Kind: org.KindDepartment, Level: "province",
			Name: "Sở Tư pháp"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ agency, want string }{
			{"00070", "Hà Nội"}, {"STP", "Hà Nội"}, {demo.CityCode, "Hà Nội"},
			{other.Units[0].Code, other.Name}, {"STP-X", other.Name}, {"UBND-X", other.Name},
		} {
			p, err := os.ProvinceOf(ctx, c.agency)
			if err != nil || p.Name != c.want {
				t.Errorf("ProvinceOf(%s) = %v, %v; want %s", c.agency, p, err, c.want)
			}
		}
		served, err := os.ServedProvinces(ctx)
		if err != nil || len(served) != 2 {
			t.Errorf("ServedProvinces = %d, %v; want 2", len(served), err)
		}
	})
}
