package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

func TestZDebug(t *testing.T) {
	if os.Getenv("Q") == "" {
		t.Skip()
	}
	f, _ := os.Open("../demo/data/procedures.json")
	items, _ := DecodeJSON(f)
	s := NewStore(dbtest.SQLite(t))
	adm := &org.User{Username: "catalog", Role: org.RoleCatalogAdmin}
	if _, err := s.Import(context.Background(), adm, items, Decision{Number: "DEMO", SignedOn: "2026-07-01"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile("../demo/data/synonyms.json")
	var sf struct{ Items []Synonym }
	json.Unmarshal(b, &sf)
	if _, err := s.ReplaceSynonyms(context.Background(), adm, sf.Items); err != nil {
		t.Fatal(err)
	}
	ix, _ := s.index(context.Background())
	for _, q := range strings.Split(os.Getenv("Q"), ";") {
		c := ix.compile(q)
		fmt.Printf("== %q\n", q)
		for k, w := range c.terms {
			fmt.Printf("  term %d %s idf=%.2f df=%d tell=%v common=%v\n", k, w, c.idf[k], len(ix.words[w]), c.telling[k], c.common[k])
		}
		for _, sl := range c.slots {
			fmt.Printf("  slot %v w=%.2f\n", sl.alts, sl.weight)
		}
		for i := range ix.entries {
			e := &ix.entries[i]
			var anyM, nameM uint32
			for k, w := range c.terms {
				for _, p := range ix.words[w] {
					if int(p.entry) == i {
						anyM |= 1 << k
						if p.inName {
							nameM |= 1 << k
						}
					}
				}
			}
			if anyM == 0 {
				continue
			}
			sc, cov, tell := c.score(e, anyM, nameM)
			full := cov == 1
			if sc > 0 {
				fmt.Printf("  %.2f cov=%.2f full=%v tell=%v %s %.60s\n", sc, cov, full, tell, e.p.Code, e.name)
			}
		}
	}
}
