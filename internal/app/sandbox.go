package app

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
	"github.com/motcua/motcua/internal/web"
)

// The built-in VNPay sandbox (CONTRACT.md, Payments): in demo mode, when no MOTCUA_VNPAY_*
// setting is given, motcua serves a VNPay-compatible gateway itself under
// sandbox.DefaultPrefix, so that a payment completes end to end with no outside service. The
// merchant's side then signs with sandbox.DemoConfig (its URL a path on this server) and asks
// querydr at BaseURL + Sandbox.QueryPath(). All of the sandbox's wiring is here.

// sandboxWanted: demo mode, and no VNPay setting given.
func sandboxWanted(cfg config.Config) bool {
	return cfg.Demo && cfg.VNPayTmnCode == "" && cfg.VNPayHashSecret == "" && cfg.VNPayURL == config.Default().VNPayURL
}

// openSandbox builds the sandbox when wanted, registers the job that sends its IPNs to this
// server's IPN endpoint and makes it the ledger's terminal. The payer sees the city's top agency
// as the merchant. It returns the gateway the reconciliation asks: the sandbox, the configured
// VNPay terminal, or nil without either.
func (a *App) openSandbox(ctx context.Context, cfg config.Config) (payment.Gateway, error) {
	if !sandboxWanted(cfg) {
		return newVNPayGateway(a.Payments.Merchant(), cfg.VNPayAPIURL), nil
	}
	name := "motcua"
	if ags, err := a.Org.Agencies(ctx); err == nil {
		for _, ag := range ags {
			if ag.ParentID == 0 {
				name = ag.Name
				break
			}
		}
	}
	sb, err := sandbox.New(sandbox.Options{DB: a.DB, Terminal: sandbox.DemoConfig, Logger: a.Log,
		IPNURL:       strings.TrimRight(cfg.BaseURL, "/") + "/api/v1/payments/vnpay/ipn",
		MerchantName: name + " (thử nghiệm)"})
	if err != nil {
		return nil, err
	}
	m, err := vnpay.New(sandbox.DemoConfig)
	if err != nil {
		return nil, err
	}
	a.Sandbox = sb
	a.Queue.Register(sb.Kind())
	a.Payments.SetMerchant(m)
	return newVNPayGateway(m, strings.TrimRight(cfg.BaseURL, "/")+sb.QueryPath()), nil
}

// sandboxRoutes mounts the sandbox with the pages, behind the same middleware.
type sandboxRoutes struct{ sb *sandbox.Sandbox }

func (r sandboxRoutes) Register(mux web.Mux) { r.sb.Register(mux) }
