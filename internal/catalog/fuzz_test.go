package catalog

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
)

// FuzzDecodeJSON: an import file of any content is read or refused with a 422 naming the file;
// nothing panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`[]`, `{"procedures":[]}`, `[{"code":"1.001193","name":"Đăng ký khai sinh"}]`,
		`{"procedures":[{"fees":[{"amount_vnd":-1}]}]}`, `null`, `{}`, `[`, "\x00", `[{"components":[{}]}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := DecodeJSON(bytes.NewReader(b))
		if err != nil {
			if apperr.KindOf(err) != apperr.KindUnprocessable {
				t.Fatalf("DecodeJSON(%q): %v is not a 422", b, err)
			}
			return
		}
		for i, it := range items {
			if it.Where == "" {
				t.Fatalf("DecodeJSON(%q): item %d has no place", b, i)
			}
		}
	})
}

// FuzzDecodeXLSX: a workbook of any bytes is read or refused; nothing panics.
func FuzzDecodeXLSX(f *testing.F) {
	var good bytes.Buffer
	if err := EncodeXLSX(&good, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		DecodeXLSX(bytes.NewReader(b))
	})
}
