package paperwork

import (
	"bytes"
	"testing"
)

// FuzzDeclarationPDF: a catalog administrator writes the schemas, so any schema formschema
// reads prints as a PDF, and any other is refused with an error; nothing panics.
func FuzzDeclarationPDF(f *testing.F) {
	for _, s := range []string{
		string(sampleDeclaration().Schema),
		`{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","properties":{"c":{"type":"object","properties":{"d":{"type":"string"}}}}}}}}}`,
		`{"type":"object","properties":{"l":{"type":"array","minItems":50,"items":{"type":"object"}}}}`,
		`{"type":"object","title":"\u0000\t","properties":{"x":{"title":"Mộtchữrấtdàikhôngcókhoảngtrắngnàocảđểxemdòngcóbịcắtkhông","enum":["","a\nb",1,null]}}}`,
		`{"type":"object","properties":{"p":{"type":"string","pattern":"^[0-9]{0}$"}}}`,
		`[]`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := sampleDeclaration()
		d.Schema = b
		pdf, err := DeclarationPDF(d)
		if err == nil && !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("DeclarationPDF = %q…, nil; want a PDF", pdf[:min(len(pdf), 8)])
		}
	})
}
