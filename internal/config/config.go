// Package config is motcua's typed configuration: defaults in code, overridden by MOTCUA_*
// environment variables, then by command-line flags, validated once at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/vnpay"
)

// Config is the effective configuration of one motcua process.
type Config struct {
	Addr    string // listen address
	Data    string // directory for the SQLite database and stored files
	DB      string // postgres:// URL; empty selects SQLite in Data
	Demo    bool   // seed the demo city on an empty database
	BaseURL string // public URL of the portal, for links in mails and QR codes

	LogFormat string // text | json
	LogLevel  string // debug | info | warn | error

	// Office hours and the same-day cut-off (Decree 61/2018 Art. 18) that deadlines count in, and
	// the agencies whose counters also receive on Saturday mornings.
	OfficeHours      string
	CutOff           string
	SaturdayCounters string

	// TrackPerMinute bounds public tracking look-ups per client address (against enumeration of
	// dossier codes); half of it may come at once.
	TrackPerMinute int

	// Uploads: the per-file limit, and an S3-compatible bucket instead of files under Data.
	MaxUploadMB int
	S3Endpoint  string
	S3Bucket    string
	S3AccessKey string
	S3SecretKey string
	S3Region    string
	S3TLS       bool

	// Notifications: SMTP for e-mail, an HTTP gateway for SMS; unset, they are only logged.
	SMTPAddr     string
	SMTPFrom     string
	SMTPUsername string
	SMTPPassword string
	SMTPTLS      string // none | starttls | tls
	SMSURL       string
	SMSAPIKey    string

	// OpenID Connect sign-in for citizens (VNeID or another provider); off when Issuer is empty.
	OIDCName         string
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCScopes       string // space-separated, besides openid
	OIDCACR          string

	SecureCookies bool   // set Secure on cookies and send Strict-Transport-Security (serve behind HTTPS)
	MetricsToken  string // bearer token that /metrics asks for; empty: no /metrics
	// TrustedProxyHeader names the header a reverse proxy in front sets to the client's
	// address (X-Forwarded-For, whose last entry is used, or X-Real-IP…); empty uses the TCP
	// peer. Set it only behind a proxy that always sets it, or clients choose their address.
	TrustedProxyHeader string
	ShutdownTimeout    time.Duration // how long in-flight requests may finish at shutdown

	// VNPay gateway (CONTRACT.md, Payments).
	VNPayTmnCode    string
	VNPayHashSecret string
	VNPayURL        string
	VNPayAPIURL     string // VNPay's merchant API (transaction query), for reconciliation
	// BankWebhookSecret signs the banks' VietQR credit webhooks: "BIN=secret,…" or one secret.
	BankWebhookSecret string

	// The agency's signing key for electronic results and receipts: a PKCS#12 file and its
	// password; empty in the demo, which signs with a generated test CA kept in the database.
	SignP12         string
	SignP12Password string
	// Or a key on a PKCS#11 token (builds with -tags pkcs11 only): the module (.so), the
	// token's label, its user PIN, the key's label, and optionally a PEM file with the chain
	// (else the token's certificates labelled as the key).
	SignPKCS11Module string
	SignPKCS11Token  string
	SignPKCS11PIN    string
	SignPKCS11Key    string
	SignPKCS11Chain  string
}

// Default returns the defaults.
func Default() Config {
	return Config{
		Addr:            ":8080",
		Data:            "./data",
		BaseURL:         "http://localhost:8080",
		LogFormat:       "text",
		LogLevel:        "info",
		ShutdownTimeout: 15 * time.Second,
		VNPayURL:        "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
		VNPayAPIURL:     "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
		OfficeHours:     "08:00-12:00,13:00-17:00",
		CutOff:          "15:00",
		MaxUploadMB:     20,
		TrackPerMinute:  20,
		SMTPFrom:        "motcua <no-reply@localhost>",
		SMTPTLS:         "starttls",
		OIDCName:        "vneid",
		OIDCScopes:      "profile email phone",
		S3Bucket:        "motcua",
		S3TLS:           true,
	}
}

// var binds one setting to its flag and its environment variable.
type setting struct {
	flag, env, usage string
	str              *string
	boolean          *bool
	num              *int
	dur              *time.Duration
	secret           bool
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "addr", env: "MOTCUA_ADDR", usage: "listen address", str: &c.Addr},
		{flag: "data", env: "MOTCUA_DATA", usage: "directory for the SQLite database and stored files", str: &c.Data},
		{flag: "db", env: "MOTCUA_DB", usage: "PostgreSQL URL (postgres://…); empty means SQLite in --data", str: &c.DB, secret: true},
		{flag: "demo", env: "MOTCUA_DEMO", usage: "seed the demo city on an empty database", boolean: &c.Demo},
		{flag: "base-url", env: "MOTCUA_BASE_URL", usage: "public URL of the portal", str: &c.BaseURL},
		{flag: "log-format", env: "MOTCUA_LOG_FORMAT", usage: "log format: text or json", str: &c.LogFormat},
		{flag: "log-level", env: "MOTCUA_LOG_LEVEL", usage: "log level: debug, info, warn or error", str: &c.LogLevel},
		{flag: "office-hours", env: "MOTCUA_OFFICE_HOURS", usage: "office sessions: deadlines start at the next one out of hours, and working-hour deadlines count them", str: &c.OfficeHours},
		{flag: "cut-off", env: "MOTCUA_CUT_OFF", usage: "time after which a same-day procedure is due the next working day", str: &c.CutOff},
		{flag: "saturday-counters", env: "MOTCUA_SATURDAY_COUNTERS", usage: "comma-separated agency codes whose counters receive on Saturday mornings", str: &c.SaturdayCounters},
		{flag: "track-per-minute", env: "MOTCUA_TRACK_PER_MINUTE", usage: "public tracking look-ups allowed per client address per minute", num: &c.TrackPerMinute},
		{flag: "max-upload-mb", env: "MOTCUA_MAX_UPLOAD_MB", usage: "largest file a person may upload, in MB", num: &c.MaxUploadMB},
		{flag: "s3-endpoint", env: "MOTCUA_S3_ENDPOINT", usage: "host:port of an S3-compatible store for uploaded files; empty keeps them under --data", str: &c.S3Endpoint},
		{flag: "s3-bucket", env: "MOTCUA_S3_BUCKET", usage: "bucket for uploaded files", str: &c.S3Bucket},
		{flag: "s3-access-key", env: "MOTCUA_S3_ACCESS_KEY", usage: "S3 access key", str: &c.S3AccessKey},
		{flag: "s3-secret-key", env: "MOTCUA_S3_SECRET_KEY", usage: "S3 secret key", str: &c.S3SecretKey, secret: true},
		{flag: "s3-region", env: "MOTCUA_S3_REGION", usage: "S3 region", str: &c.S3Region},
		{flag: "s3-tls", env: "MOTCUA_S3_TLS", usage: "use HTTPS to reach the S3 store", boolean: &c.S3TLS},
		{flag: "smtp-addr", env: "MOTCUA_SMTP_ADDR", usage: "host:port of the SMTP server for e-mail; empty logs mail instead", str: &c.SMTPAddr},
		{flag: "smtp-from", env: "MOTCUA_SMTP_FROM", usage: "From address of notification e-mail", str: &c.SMTPFrom},
		{flag: "smtp-username", env: "MOTCUA_SMTP_USERNAME", usage: "SMTP user name", str: &c.SMTPUsername},
		{flag: "smtp-password", env: "MOTCUA_SMTP_PASSWORD", usage: "SMTP password", str: &c.SMTPPassword, secret: true},
		{flag: "smtp-tls", env: "MOTCUA_SMTP_TLS", usage: "SMTP TLS: none, starttls or tls", str: &c.SMTPTLS},
		{flag: "sms-url", env: "MOTCUA_SMS_URL", usage: "SMS gateway URL (POST {to, text}); empty logs SMS instead", str: &c.SMSURL},
		{flag: "sms-api-key", env: "MOTCUA_SMS_API_KEY", usage: "SMS gateway bearer key", str: &c.SMSAPIKey, secret: true},
		{flag: "oidc-name", env: "MOTCUA_OIDC_NAME", usage: "short name of the OpenID Connect provider, e.g. vneid", str: &c.OIDCName},
		{flag: "oidc-issuer", env: "MOTCUA_OIDC_ISSUER", usage: "issuer URL of the OpenID Connect provider; empty turns it off", str: &c.OIDCIssuer},
		{flag: "oidc-client-id", env: "MOTCUA_OIDC_CLIENT_ID", usage: "OpenID Connect client id", str: &c.OIDCClientID},
		{flag: "oidc-client-secret", env: "MOTCUA_OIDC_CLIENT_SECRET", usage: "OpenID Connect client secret", str: &c.OIDCClientSecret, secret: true},
		{flag: "oidc-scopes", env: "MOTCUA_OIDC_SCOPES", usage: "scopes to request besides openid", str: &c.OIDCScopes},
		{flag: "oidc-acr", env: "MOTCUA_OIDC_ACR", usage: "acr_values to request, e.g. LoA1", str: &c.OIDCACR},
		{flag: "secure-cookies", env: "MOTCUA_SECURE_COOKIES", usage: "mark cookies Secure and send Strict-Transport-Security (behind HTTPS)", boolean: &c.SecureCookies},
		{flag: "metrics-token", env: "MOTCUA_METRICS_TOKEN", usage: "bearer token for /metrics (at least 16 characters); empty: /metrics answers 404", str: &c.MetricsToken, secret: true},
		{flag: "trusted-proxy-header", env: "MOTCUA_TRUSTED_PROXY_HEADER", usage: "header a trusted reverse proxy sets to the client's address, e.g. X-Forwarded-For; empty uses the TCP peer", str: &c.TrustedProxyHeader},
		{flag: "shutdown-timeout", env: "MOTCUA_SHUTDOWN_TIMEOUT", usage: "grace period for requests at shutdown", dur: &c.ShutdownTimeout},
		{flag: "vnpay-tmn-code", env: "MOTCUA_VNPAY_TMN_CODE", usage: "VNPay terminal code", str: &c.VNPayTmnCode},
		{flag: "vnpay-hash-secret", env: "MOTCUA_VNPAY_HASH_SECRET", usage: "VNPay hash secret", str: &c.VNPayHashSecret, secret: true},
		{flag: "vnpay-url", env: "MOTCUA_VNPAY_URL", usage: "VNPay payment URL", str: &c.VNPayURL},
		{flag: "vnpay-api-url", env: "MOTCUA_VNPAY_API_URL", usage: "VNPay merchant API URL (transaction query, for reconciliation)", str: &c.VNPayAPIURL},
		{flag: "bank-webhook-secret", env: "MOTCUA_BANK_WEBHOOK_SECRET", usage: "banks' VietQR webhook secrets: BIN=secret,… or one secret for all", str: &c.BankWebhookSecret, secret: true},
		{flag: "sign-p12", env: "MOTCUA_SIGN_P12", usage: "PKCS#12 file with the key and chain that sign results and receipts; empty: the demo's test CA", str: &c.SignP12},
		{flag: "sign-p12-password", env: "MOTCUA_SIGN_P12_PASSWORD", usage: "password of --sign-p12", str: &c.SignP12Password, secret: true},
		{flag: "sign-pkcs11-module", env: "MOTCUA_SIGN_PKCS11_MODULE", usage: "PKCS#11 module (.so) of the token whose key signs results and receipts (build with -tags pkcs11); excludes --sign-p12", str: &c.SignPKCS11Module},
		{flag: "sign-pkcs11-token", env: "MOTCUA_SIGN_PKCS11_TOKEN", usage: "label of the PKCS#11 token", str: &c.SignPKCS11Token},
		{flag: "sign-pkcs11-pin", env: "MOTCUA_SIGN_PKCS11_PIN", usage: "user PIN of the PKCS#11 token", str: &c.SignPKCS11PIN, secret: true},
		{flag: "sign-pkcs11-key", env: "MOTCUA_SIGN_PKCS11_KEY", usage: "label of the signing key on the token (and of its certificates)", str: &c.SignPKCS11Key},
		{flag: "sign-pkcs11-chain", env: "MOTCUA_SIGN_PKCS11_CHAIN", usage: "PEM file with the key's certificate chain; empty: the token's certificates labelled as the key", str: &c.SignPKCS11Chain},
	}
}

// Bind registers every setting on fs, with its default taken from the environment (via
// getenv) over the code default, so flags override the environment.
func (c *Config) Bind(fs *flag.FlagSet, getenv func(string) string) error {
	var errs []error
	for _, s := range c.settings() {
		usage := s.usage + " (env " + s.env + ")"
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.flag, *s.str, usage)
		case s.boolean != nil:
			fs.BoolVar(s.boolean, s.flag, *s.boolean, usage)
		case s.num != nil:
			fs.IntVar(s.num, s.flag, *s.num, usage)
		case s.dur != nil:
			fs.DurationVar(s.dur, s.flag, *s.dur, usage)
		}
		// The environment goes through the flag's own parser, so both read a value alike.
		if v := getenv(s.env); v != "" {
			if err := fs.Set(s.flag, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %v", s.env, v, err))
			}
		}
	}
	return errors.Join(errs...)
}

// BaseURLFromAddr makes a base URL left at its default follow --addr's port, so that a demo run
// on another port links to itself: the QR codes, the mails, and the built-in VNPay sandbox's
// IPNs and transaction queries, which go to the base URL.
func (c *Config) BaseURLFromAddr() {
	def := Default()
	if c.BaseURL != def.BaseURL || c.Addr == def.Addr {
		return
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || port == "" {
		return
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	c.BaseURL = "http://" + net.JoinHostPort(host, port)
}

// Validate checks the configuration, naming every bad setting.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("--addr must not be empty"))
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, errors.New("--db must be a postgres:// URL (leave it empty for SQLite)"))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("--metrics-token must be at least 16 characters (or empty to turn /metrics off)"))
	}
	if c.DB == "" && c.Data == "" {
		errs = append(errs, errors.New("--data must name a directory when --db is empty"))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url %q must be an absolute http(s) URL", c.BaseURL))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("--log-format %q must be text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q must be debug, info, warn or error", c.LogLevel))
	}
	if _, err := calendar.ParseSessions(c.OfficeHours); err != nil {
		errs = append(errs, fmt.Errorf("--office-hours %q must look like 08:00-12:00,13:00-17:00", c.OfficeHours))
	}
	if _, err := calendar.ParseClock(c.CutOff); err != nil {
		errs = append(errs, fmt.Errorf("--cut-off %q must be a time of day like 15:00", c.CutOff))
	}
	if c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		errs = append(errs, fmt.Errorf("--max-upload-mb %d must be 1 to 1024", c.MaxUploadMB))
	}
	if c.TrackPerMinute < 1 {
		errs = append(errs, fmt.Errorf("--track-per-minute %d must be at least 1", c.TrackPerMinute))
	}
	if c.S3Endpoint != "" && (c.S3Bucket == "" || c.S3AccessKey == "" || c.S3SecretKey == "") {
		errs = append(errs, errors.New("--s3-endpoint needs --s3-bucket, --s3-access-key and --s3-secret-key"))
	}
	switch c.SMTPTLS {
	case "none", "starttls", "tls":
	default:
		errs = append(errs, fmt.Errorf("--smtp-tls %q must be none, starttls or tls", c.SMTPTLS))
	}
	if c.OIDCIssuer != "" && c.OIDCClientID == "" {
		errs = append(errs, errors.New("--oidc-issuer needs --oidc-client-id"))
	}
	if h := c.TrustedProxyHeader; h != "" && !validHeaderName(h) {
		errs = append(errs, fmt.Errorf("--trusted-proxy-header %q must be a header name like X-Forwarded-For", h))
	}
	if c.SignP12Password != "" && c.SignP12 == "" {
		errs = append(errs, errors.New("--sign-p12-password needs --sign-p12"))
	}
	if c.SignPKCS11Module != "" || c.SignPKCS11Token != "" || c.SignPKCS11PIN != "" || c.SignPKCS11Key != "" || c.SignPKCS11Chain != "" {
		if c.SignP12 != "" {
			errs = append(errs, errors.New("--sign-p12 and --sign-pkcs11-*: configure one signing key source, not both"))
		}
		if c.SignPKCS11Module == "" || c.SignPKCS11Token == "" || c.SignPKCS11Key == "" {
			errs = append(errs, errors.New("--sign-pkcs11-* needs --sign-pkcs11-module, --sign-pkcs11-token and --sign-pkcs11-key"))
		}
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("--shutdown-timeout must be positive"))
	}
	if v := c.VNPay(); v != nil {
		var ie *vnpay.InputError
		if err := v.Validate(); errors.As(err, &ie) {
			for _, f := range ie.Fields {
				flag := map[string]string{"TmnCode": "--vnpay-tmn-code", "HashSecret": "--vnpay-hash-secret", "URL": "--vnpay-url"}[f.Field]
				errs = append(errs, fmt.Errorf("%s: %s (a VNPay terminal needs a code of 8 letters or digits, its hash secret and the gateway's URL)", flag, f.Code))
			}
		}
	}
	return errors.Join(errs...)
}

// Print writes the effective configuration, one setting a line, secrets masked.
func (c *Config) Print(w io.Writer) {
	for _, s := range c.settings() {
		var v string
		switch {
		case s.str != nil:
			v = *s.str
		case s.boolean != nil:
			v = strconv.FormatBool(*s.boolean)
		case s.num != nil:
			v = strconv.Itoa(*s.num)
		case s.dur != nil:
			v = s.dur.String()
		}
		if s.secret && v != "" {
			v = mask(v)
		}
		fmt.Fprintf(w, "%-18s %-26s %s\n", s.flag, s.env, v)
	}
}

// mask hides a secret; for a URL only its password is hidden so the host stays readable.
func mask(v string) string {
	if u, err := url.Parse(v); err == nil && u.Scheme != "" && u.Host != "" {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	return "********"
}

// CalendarOptions returns the calendar options of the configuration (validated already).
func (c *Config) CalendarOptions() []calendar.Option {
	hours, _ := calendar.ParseSessions(c.OfficeHours)
	cut, _ := calendar.ParseClock(c.CutOff)
	return []calendar.Option{calendar.WithOfficeHours(hours...), calendar.WithCutOff(cut)}
}

// OIDC returns the provider's configuration, or nil when none is set; the callback is
// BaseURL + "/dang-nhap/oidc/callback".
func (c *Config) OIDC() *identity.OIDCConfig {
	if c.OIDCIssuer == "" {
		return nil
	}
	return &identity.OIDCConfig{Name: c.OIDCName, Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
		RedirectURL: strings.TrimRight(c.BaseURL, "/") + "/dang-nhap/oidc/callback", Scopes: strings.Fields(c.OIDCScopes),
		ACRValues: c.OIDCACR}
}

// VNPay returns the VNPay terminal of the configuration, or nil when neither its code nor its
// secret is set: the app then uses the built-in sandbox's demo terminal (demo mode) or offers
// no VNPay.
func (c *Config) VNPay() *vnpay.Config {
	if c.VNPayTmnCode == "" && c.VNPayHashSecret == "" {
		return nil
	}
	return &vnpay.Config{TmnCode: c.VNPayTmnCode, HashSecret: c.VNPayHashSecret, URL: c.VNPayURL}
}

// Saturdays lists the agency codes of SaturdayCounters.
func (c *Config) Saturdays() []string {
	var out []string
	for _, s := range strings.Split(c.SaturdayCounters, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// validHeaderName reports whether h is an HTTP header name (an RFC 9110 token of letters,
// digits and dashes, as proxies use).
func validHeaderName(h string) bool {
	if len(h) > 64 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
