package config

import (
	"bytes"
	"flag"
	"strings"
	"testing"
	"time"
)

func TestPrecedenceAndMasking(t *testing.T) {
	env := map[string]string{"MOTCUA_ADDR": ":9000", "MOTCUA_DB": "postgres://u:hunter2@db:5432/m", "MOTCUA_VNPAY_HASH_SECRET": "s3cr3t",
		"MOTCUA_VNPAY_TMN_CODE": "MOTCUA01", "MOTCUA_SHUTDOWN_TIMEOUT": "3s"}
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := c.Bind(fs, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"--addr", ":7000", "--demo"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" || !c.Demo || c.ShutdownTimeout != 3*time.Second || c.DB == "" {
		t.Errorf("config = %+v; want flag over env over default", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	c.Print(&b)
	out := b.String()
	if strings.Contains(out, "hunter2") || strings.Contains(out, "s3cr3t") || !strings.Contains(out, "db:5432") {
		t.Errorf("Print leaks a secret or hides the host:\n%s", out)
	}
}

func TestValidateNamesEveryBadSetting(t *testing.T) {
	c := Default()
	c.DB, c.LogFormat, c.BaseURL, c.MetricsToken = "mysql://x", "xml", "nope", "short"
	c.SignP12Password = "secret"
	err := c.Validate()
	for _, want := range []string{"--db", "--log-format", "--base-url", "--metrics-token", "--sign-p12"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to name %s", err, want)
		}
	}
}

func TestBadEnvironmentNamed(t *testing.T) {
	c := Default()
	env := map[string]string{"MOTCUA_DEMO": "perhaps", "MOTCUA_MAX_UPLOAD_MB": "lots", "MOTCUA_SHUTDOWN_TIMEOUT": "soon"}
	err := c.Bind(flag.NewFlagSet("x", flag.ContinueOnError), func(k string) string { return env[k] })
	for k := range env {
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("Bind error %v does not name %s", err, k)
		}
	}
}

func TestVNPayTerminal(t *testing.T) {
	c := Default()
	if c.VNPay() != nil {
		t.Fatalf("VNPay() = %v with nothing set; want nil (the sandbox or no VNPay)", c.VNPay())
	}
	c.VNPayHashSecret = "s3cr3t"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--vnpay-tmn-code") {
		t.Errorf("Validate() with a secret and no terminal code = %v; want it to name --vnpay-tmn-code", err)
	}
	c.VNPayTmnCode, c.VNPayURL = "MOTCUA01", "ftp://gw"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--vnpay-url") {
		t.Errorf("Validate() with an ftp URL = %v; want it to name --vnpay-url", err)
	}
	c.VNPayURL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v; want nil", err)
	}
	if v := c.VNPay(); v == nil || v.TmnCode != "MOTCUA01" || v.HashSecret != "s3cr3t" {
		t.Errorf("VNPay() = %v; want the terminal", v)
	}
}

// TestBaseURLFromAddr: a base URL left at its default follows --addr's port; one given is kept.
func TestBaseURLFromAddr(t *testing.T) {
	for _, c := range []struct{ addr, base, want string }{
		{":8080", "", "http://localhost:8080"},
		{":9090", "", "http://localhost:9090"},
		{"127.0.0.1:9191", "", "http://127.0.0.1:9191"},
		{"[::]:9292", "", "http://localhost:9292"},
		{":9090", "https://dichvucong.example.vn", "https://dichvucong.example.vn"},
	} {
		cfg := Default()
		cfg.Addr = c.addr
		if c.base != "" {
			cfg.BaseURL = c.base
		}
		cfg.BaseURLFromAddr()
		if cfg.BaseURL != c.want {
			t.Errorf("addr %q base %q: BaseURL = %q; want %q", c.addr, c.base, cfg.BaseURL, c.want)
		}
	}
}

// TestSigningKeySource: a PKCS#11 token needs its module, token and key, is exclusive with a
// PKCS#12 file, and its PIN is masked.
func TestSigningKeySource(t *testing.T) {
	c := Default()
	c.SignPKCS11PIN = "123456"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--sign-pkcs11-module") {
		t.Errorf("Validate() with a PIN alone = %v; want it to ask for the module, token and key", err)
	}
	c.SignPKCS11Module, c.SignPKCS11Token, c.SignPKCS11Key = "/usr/lib/softhsm/libsofthsm2.so", "motcua", "agency"
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v; want nil", err)
	}
	c.SignP12 = "agency.p12"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("Validate() with PKCS#12 and PKCS#11 = %v; want one source only", err)
	}
	var b bytes.Buffer
	c.Print(&b)
	if strings.Contains(b.String(), "123456") || !strings.Contains(b.String(), "libsofthsm2.so") {
		t.Errorf("Print leaks the PIN or hides the module:\n%s", b.String())
	}
}
