package catalog_test

import (
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
)

func TestReceives(t *testing.T) {
	ward := &org.Agency{Code: "00070", Level: "commune"}
	dept := &org.Agency{Code: "SoTP", Level: "province"}
	listed := &catalog.Procedure{Level: catalog.LevelProvince, AgencyCodes: []string{"SoTP"}}
	commune := &catalog.Procedure{Level: catalog.LevelCommune}
	for _, c := range []struct {
		p    *catalog.Procedure
		a    *org.Agency
		want bool
	}{
		{listed, dept, true},
		{listed, ward, false},
		{commune, ward, true},
		{commune, dept, false},
	} {
		if got := catalog.Receives(c.p, c.a); got != c.want {
			t.Errorf("Receives(%v, %s) = %v; want %v", c.p.AgencyCodes, c.a.Code, got, c.want)
		}
	}
}
