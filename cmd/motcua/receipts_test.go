package main

import (
	"strings"
	"testing"
)

// TestReceiptsSeries sets an agency's receipt series and a biller's, lists them, and refuses an
// unknown agency and a malformed call.
func TestReceiptsSeries(t *testing.T) {
	env := map[string]string{"MOTCUA_DATA": t.TempDir(), "MOTCUA_LOG_LEVEL": "error", "MOTCUA_DEMO": "1"}
	out, err := runCmd(t, env, "receipts", "series")
	if err != nil || !strings.Contains(out, "(default)  01BLP0-001  MCYYE") {
		t.Fatalf("receipts series = %q, %v; want the defaults", out, err)
	}
	if _, err := runCmd(t, env, "receipts", "series", "00070", "01BLP0-002", "HKYYE"); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, env, "receipts", "series", "bill:EVNHN", "01BLP0-001", "EVYYE"); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, env, "receipts", "series")
	if err != nil || !strings.Contains(out, "00070       01BLP0-002  HKYYE") || !strings.Contains(out, "bill:EVNHN  01BLP0-001  EVYYE") {
		t.Fatalf("receipts series after setting two = %q, %v", out, err)
	}
	if _, err := runCmd(t, env, "receipts", "series", "NOPE", "01BLP0-001", "X"); err == nil || !strings.Contains(err.Error(), "invalid_receipt_series") {
		t.Errorf("an unknown agency's series = %v; want invalid_receipt_series", err)
	}
	if _, err := runCmd(t, env, "receipts", "series", "00070"); err == nil {
		t.Error("receipts series with one argument accepted")
	}
}
