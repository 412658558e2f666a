package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHTTPSMS(t *testing.T) {
	type request struct {
		Method, Path, Auth, ContentType string
		Body                            map[string]string
	}
	var got []request
	status := http.StatusAccepted
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]string
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("request body %q is not a JSON object: %v", b, err)
		}
		got = append(got, request{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), body})
		w.WriteHeader(status)
		io.WriteString(w, `{"error":"invalid number"}`)
	}))
	defer srv.Close()
	ctx := context.Background()

	s := &HTTPSMS{URL: srv.URL + "/v1/sms", APIKey: "k3y"}
	if err := s.Send(ctx, "+84912345678", "Hồ sơ đã được tiếp nhận"); err != nil {
		t.Fatalf("Send: %v", err)
	}
	want := request{"POST", "/v1/sms", "Bearer k3y", "application/json",
		map[string]string{"to": "+84912345678", "text": "Hồ sơ đã được tiếp nhận"}}
	if len(got) != 1 || got[0].Method != want.Method || got[0].Path != want.Path || got[0].Auth != want.Auth ||
		got[0].ContentType != want.ContentType || got[0].Body["to"] != want.Body["to"] || got[0].Body["text"] != want.Body["text"] {
		t.Fatalf("gateway got %+v; want %+v", got, want)
	}

	s.Unaccent = true
	if err := s.Send(ctx, "+84912345678", "Hồ sơ đã được tiếp nhận"); err != nil {
		t.Fatal(err)
	}
	if text := got[1].Body["text"]; text != "Ho so da duoc tiep nhan" {
		t.Errorf("unaccented text = %q; want %q", text, "Ho so da duoc tiep nhan")
	}

	tests := []struct {
		status    int
		permanent bool
	}{
		{http.StatusBadRequest, true},
		{http.StatusUnprocessableEntity, true},
		{http.StatusUnauthorized, false}, // a wrong key is fixed by configuration, not by giving up
		{http.StatusTooManyRequests, false},
		{http.StatusInternalServerError, false},
	}
	for _, tt := range tests {
		status = tt.status
		err := s.Send(ctx, "+84912345678", "x")
		if err == nil {
			t.Errorf("Send with reply %d = nil; want an error", tt.status)
			continue
		}
		if errors.Is(err, ErrPermanent) != tt.permanent {
			t.Errorf("Send with reply %d = %v; permanent = %t, want %t", tt.status, err, !tt.permanent, tt.permanent)
		}
	}
}
