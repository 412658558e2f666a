package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SMSSender sends one text message to a phone number in E.164.
type SMSSender interface {
	Send(ctx context.Context, phone, text string) error
}

// LogSMS logs text messages instead of sending them, for development and demos. It logs the
// whole text (an OTP included), so it must not be used in production.
type LogSMS struct{ Logger *slog.Logger }

// Send logs the message.
func (s LogSMS) Send(ctx context.Context, phone, text string) error {
	logger(s.Logger).InfoContext(ctx, "SMS not sent: no SMS provider configured", "to", phone, "text", text)
	return nil
}

// HTTPSMS sends through a generic HTTP gateway: POST {"to": phone, "text": text} as JSON to
// URL with "Authorization: Bearer APIKey". Any 2xx reply is success.
type HTTPSMS struct {
	URL    string
	APIKey string
	// Client defaults to one with a 30-second timeout.
	Client *http.Client
	// Unaccent sends Vietnamese without diacritics (đ→d): many brandname gateways bill a
	// Unicode SMS per 70 characters and an unaccented one per 160.
	Unaccent bool
}

// Send posts one message. 400 and 422 (the gateway refuses this message, e.g. a number it
// cannot reach) are ErrPermanent; other failures may succeed later.
func (s *HTTPSMS) Send(ctx context.Context, phone, text string) error {
	if s.Unaccent {
		text = unaccent(text)
	}
	body, err := json.Marshal(struct {
		To   string `json:"to"`
		Text string `json:"text"`
	}{phone, text})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: sms: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: sms: %w", err)
	}
	defer resp.Body.Close()
	// Keep a little of the reply for last_error; the rest is drained so the connection is reused.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	err = fmt.Errorf("sms: gateway replied %s: %s", resp.Status, strings.TrimSpace(string(snippet)))
	if resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusUnprocessableEntity {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	return fmt.Errorf("notify: %w", err)
}

// unaccent removes Vietnamese diacritics: "Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan".
func unaccent(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return strings.NewReplacer("đ", "d", "Đ", "D").Replace(out)
}
