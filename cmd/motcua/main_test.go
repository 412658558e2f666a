package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return out.String(), err
}

func TestConfigMasksSecrets(t *testing.T) {
	out, err := runCmd(t, map[string]string{"MOTCUA_DB": "postgres://app:s3cret@db:5432/motcua", "MOTCUA_VNPAY_HASH_SECRET": "hush",
		"MOTCUA_VNPAY_TMN_CODE": "MOTCUA01"}, "config", "--addr", ":9999")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "s3cret") || strings.Contains(out, "hush") || !strings.Contains(out, ":9999") || !strings.Contains(out, "db:5432") {
		t.Errorf("config output:\n%s", out)
	}
	if _, err := runCmd(t, nil, "config", "--log-format", "xml"); err == nil || !strings.Contains(err.Error(), "--log-format") {
		t.Errorf("bad flag: %v; want an error naming --log-format", err)
	}
	if _, err := runCmd(t, nil, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
}

// TestCatalogRoundTrip exports the demo catalog as XLSX and imports it into an empty database.
func TestCatalogRoundTrip(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	env := map[string]string{"MOTCUA_DATA": src, "MOTCUA_DEMO": "true", "MOTCUA_LOG_LEVEL": "error"}
	if _, err := runCmd(t, env, "migrate"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "catalog.xlsx")
	if _, err := runCmd(t, env, "catalog", "export", "-o", file); err != nil {
		t.Fatal(err)
	}
	env = map[string]string{"MOTCUA_DATA": dst, "MOTCUA_LOG_LEVEL": "error"}
	out, err := runCmd(t, env, "catalog", "import", "-decision", "12/QĐ-UBND", "-signed-on", "2026-11-01", file)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "published 46") || !strings.Contains(out, "12/QĐ-UBND") {
		t.Errorf("import said %q", out)
	}
	out, err = runCmd(t, env, "catalog", "import", file)
	if err != nil || !strings.Contains(out, "unchanged 46") {
		t.Errorf("second import = %q, %v; want all unchanged", out, err)
	}
	// A broken file reports its rows and changes nothing.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`[{"code":"1.000001","name":"","level":"district"}]`), 0o644)
	out, err = runCmd(t, env, "catalog", "import", bad)
	if err == nil || !strings.Contains(out, "procedures[0].name") || !strings.Contains(out, "procedures[0].level") {
		t.Errorf("bad import = %q, %v; want row errors", out, err)
	}
	json, err := runCmd(t, env, "catalog", "export", "-format", "json")
	if err != nil || strings.Contains(json, "1.000001") || !strings.Contains(json, "1.001193") {
		t.Errorf("after a bad import the catalog changed (err %v)", err)
	}
}

func TestCalendarCommands(t *testing.T) {
	env := map[string]string{"MOTCUA_DATA": t.TempDir(), "MOTCUA_LOG_LEVEL": "error"}
	out, err := runCmd(t, env, "calendar", "due", "--from", "2026-02-10T09:30:00+07:00", "--working-days", "5")
	if err != nil || strings.TrimSpace(out) != "2026-02-24T17:00:00+07:00" {
		t.Errorf("calendar due = %q, %v", out, err)
	}
	if _, err := runCmd(t, env, "calendar", "due", "--from", "2026-02-10T09:30:00+07:00", "--working-days", "-3"); err == nil {
		t.Error("negative working days accepted")
	}
	out, err = runCmd(t, env, "calendar", "holidays", "2026")
	if err != nil || !strings.Contains(out, "2026-02-17") || !strings.Contains(out, "2026-09-02") {
		t.Errorf("calendar holidays 2026 = %q, %v", out, err)
	}
}

// TestJobCommands runs periodic jobs once and reads the queue's state back.
func TestJobCommands(t *testing.T) {
	env := map[string]string{"MOTCUA_DATA": t.TempDir(), "MOTCUA_LOG_LEVEL": "error"}
	for _, name := range []string{"sla-sweep", "send-notifications", "purge-notifications", "purge-credentials", "purge-jobs",
		"payment-reconcile", "indicators-compute", "directive-sweep"} {
		if _, err := runCmd(t, env, "job", name); err != nil {
			t.Errorf("job %s: %v", name, err)
		}
	}
	if _, err := runCmd(t, env, "job", "notification"); err == nil {
		t.Error("job notification (not a periodic job) accepted")
	}
	out, err := runCmd(t, env, "jobs")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 13 || !strings.HasPrefix(lines[0], "KIND") {
		t.Fatalf("jobs printed:\n%s\nwant a header and 12 kinds", out)
	}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		switch f[0] {
		case "notification", "bill-confirm", "payment-receipt", "payment-refund":
			if f[1] != "-" || !strings.HasSuffix(l, "-") {
				t.Errorf("%s line %q: want no cadence and no next run", f[0], l)
			}
		case "sla-sweep":
			if f[1] != "10m0s" || !strings.Contains(l, "+07:00  done") {
				t.Errorf("sla-sweep line %q: want every 10m and a last run, done, in Vietnam's time", l)
			}
		case "directive-sweep":
			if f[1] != "1h0m0s" || !strings.Contains(l, "+07:00  done") {
				t.Errorf("directive-sweep line %q: want every hour and a last run, done", l)
			}
		}
	}
	if out, err := runCmd(t, env, "jobs", "dead"); err != nil || !strings.HasPrefix(out, "ID") {
		t.Errorf("jobs dead = %q, %v", out, err)
	}
	if _, err := runCmd(t, env, "jobs", "retry", "424242"); err == nil || !strings.Contains(err.Error(), "job_not_found") {
		t.Errorf("jobs retry of no such job = %v; want job_not_found", err)
	}
}
