package app

import (
	"testing"

	"github.com/motcua/motcua/internal/config"
)

// The sandbox stands in for VNPay only in demo mode, and only when no VNPay setting is given.
func TestSandboxWanted(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*config.Config)
		want bool
	}{
		{"demo", func(c *config.Config) { c.Demo = true }, true},
		{"not demo", func(c *config.Config) {}, false},
		{"demo with a terminal", func(c *config.Config) { c.Demo, c.VNPayTmnCode = true, "ABCD1234" }, false},
		{"demo with a secret", func(c *config.Config) { c.Demo, c.VNPayHashSecret = true, "s" }, false},
		{"demo with a gateway URL", func(c *config.Config) { c.Demo, c.VNPayURL = true, "https://pay.vnpay.vn/vpcpay.html" }, false},
	} {
		cfg := config.Default()
		c.edit(&cfg)
		if got := sandboxWanted(cfg); got != c.want {
			t.Errorf("%s: sandboxWanted = %v; want %v", c.name, got, c.want)
		}
	}
}
