package demo

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/vntext"
)

// Every synonym of the demo list is NFC and means words that some demo procedure's name holds,
// so that none leads nowhere.
func TestSeedSynonyms(t *testing.T) {
	syns, err := Synonyms()
	if err != nil {
		t.Fatal(err)
	}
	if len(syns) < 20 {
		t.Fatalf("Synonyms() = %d items; want the demo list", len(syns))
	}
	items, err := Procedures()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range items {
		names = append(names, " "+strings.Join(vntext.Words(it.Procedure.Name), " ")+" ")
	}
	for i, s := range syns {
		if !norm.NFC.IsNormalString(s.Phrase) || !norm.NFC.IsNormalString(s.Means) {
			t.Errorf("items[%d] %q → %q is not NFC", i, s.Phrase, s.Means)
		}
		for _, w := range vntext.Words(s.Means) {
			found := false
			for _, n := range names {
				if strings.Contains(n, " "+w+" ") {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("items[%d] %q → %q: no demo procedure's name holds %q", i, s.Phrase, s.Means, w)
			}
		}
	}
}
