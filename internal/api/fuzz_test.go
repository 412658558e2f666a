package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/vntext"
)

// FuzzDecode gives the API's strict decoder any body: it is refused with a 4xx kind, never an
// internal error, or accepted with nothing in it that the database cannot store.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"procedure_code":"1.001193","agency_code":"00070","form":{"a":"b"},"attachments":[]}`,
		`{"form":{"x":"\u0000"}}`, "{\"form\":{\"x\":\"\xff\"}}", `{"a":1}`, `{} {}`, `[`, `null`, `{"form":[[[[[]]]]]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/dossiers", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var in dossier.SubmitInput
		err := decode(httptest.NewRecorder(), r, &in)
		if err != nil {
			switch apperr.KindOf(err) {
			case apperr.KindInvalid, apperr.KindUnprocessable, apperr.KindTooLarge, apperr.KindUnsupported:
				return
			}
			t.Fatalf("decode(%q) = %v; want a 4xx kind", body, err)
		}
		for _, s := range []string{in.ProcedureCode, in.AgencyCode} {
			if !vntext.Storable(s) {
				t.Fatalf("decode(%q) accepted %q", body, s)
			}
		}
		var form any
		if len(in.Form) > 0 {
			if err := json.Unmarshal(in.Form, &form); err != nil {
				t.Fatalf("decode(%q) accepted a form that is not JSON: %v", body, err)
			}
			out, _ := json.Marshal(form)
			if _, bad := badText(out); bad {
				t.Fatalf("decode(%q) accepted a form with text the database cannot store", body)
			}
		}
	})
}
