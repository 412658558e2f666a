package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"testing"
)

// TestReadMultipartText refuses a field or file name that no engine can store (NUL or
// invalid UTF-8) with a 400 and a message, and keeps good text.
func TestReadMultipartText(t *testing.T) {
	for _, tc := range []struct {
		name, disposition, value string
		status                   int
	}{
		{"good", `form-data; name="ho_ten"`, "Nguyễn Văn A", 0},
		{"NUL in a value", `form-data; name="ho_ten"`, "a\x00b", http.StatusBadRequest},
		{"invalid UTF-8 in a value", `form-data; name="ho_ten"`, "a\xffb", http.StatusBadRequest},
		{"NUL in a file name", `form-data; name="tep"; filename*=UTF-8''a%00b.pdf`, "%PDF-1.4", http.StatusBadRequest},
	} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		pw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {tc.disposition}})
		pw.Write([]byte(tc.value))
		mw.Close()
		r := httptest.NewRequest("POST", "/", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		uploaded := false
		m := ReadMultipart(httptest.NewRecorder(), r, langVI, 1<<20, func(field, name string, part io.Reader) error {
			uploaded = true
			return nil
		})
		if m.Status != tc.status || uploaded {
			t.Errorf("%s: status %d, uploaded %v; want %d, false", tc.name, m.Status, uploaded, tc.status)
		}
		if tc.status != 0 && (len(m.Errors) != 1 || m.Errors[0].Message != langVI.T("apply.err.text")) {
			t.Errorf("%s: errors %+v; want the apply.err.text message", tc.name, m.Errors)
		}
		if tc.status == 0 && m.Values.Get("ho_ten") != tc.value {
			t.Errorf("%s: ho_ten = %q; want %q", tc.name, m.Values.Get("ho_ten"), tc.value)
		}
	}
}
