package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/payment"
)

// receiptsCmd runs "receipts series": without arguments it lists the receipt series the
// collecting agencies and billers registered with their tax authority; with ISSUER TEMPLATE
// SYMBOL it records one (audited), used for receipts numbered from then on. An issuer without
// one prints the placeholders payment.DefaultReceiptTemplate and DefaultReceiptSymbol.
func receiptsCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "series" {
		return errors.New(`receipts: use "receipts series" or "receipts series ISSUER TEMPLATE SYMBOL"`)
	}
	cfg, fs, err := parse("receipts series", args[1:], stderr, getenv, nil)
	if err != nil {
		return err
	}
	if n := fs.NArg(); n != 0 && n != 3 {
		return errors.New(`receipts series: give ISSUER TEMPLATE SYMBOL (e.g. 00070 01BLP0-001 HKYYE; "YY" is the year), or nothing to list`)
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if fs.NArg() == 3 {
		actor := "motcua receipts"
		if u, err := user.Current(); err == nil {
			actor += " (" + u.Username + ")"
		}
		return a.Payments.SetReceiptSeries(ctx, actor, fs.Arg(0), payment.Series{Template: fs.Arg(1), Symbol: fs.Arg(2)})
	}
	ss, err := a.Payments.ReceiptSeries(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ISSUER\tTEMPLATE\tSYMBOL\tUPDATED")
	fmt.Fprintf(w, "(default)\t%s\t%s\t-\n", payment.DefaultReceiptTemplate, payment.DefaultReceiptSymbol)
	for _, s := range ss {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Issuer, s.Template, s.Symbol, s.UpdatedAt.Format(time.RFC3339))
	}
	return w.Flush()
}
