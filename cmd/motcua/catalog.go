package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
)

// catalogCmd runs "catalog export" and "catalog import". The command line acts as a catalog
// administrator: whoever runs it already holds the database.
func catalogCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		return errors.New("catalog: use \"catalog export\" or \"catalog import FILE\"")
	}
	sub := args[0]
	var format, out, number, signedOn, signer, title string
	cfg, fs, err := parse("catalog "+sub, args[1:], stderr, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "", "json or xlsx (default: from the file name, else json)")
		if sub == "export" {
			fs.StringVar(&out, "o", "-", "output file, - for standard output")
		} else {
			fs.StringVar(&number, "decision", "", "number of the publication decision (default IMPORT-<time>)")
			fs.StringVar(&signedOn, "signed-on", "", "date the decision was signed, YYYY-MM-DD (default today)")
			fs.StringVar(&signer, "signer", "", "who signed the decision")
			fs.StringVar(&title, "title", "", "title of the decision")
		}
	})
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if sub == "export" {
		return exportCatalog(ctx, a, format, out, stdout)
	}
	if fs.NArg() != 1 {
		return errors.New("catalog import: name one file (- for standard input)")
	}
	return importCatalog(ctx, a, fs.Arg(0), format, stdin, stdout,
		catalog.Decision{Number: number, SignedOn: signedOn, Signer: signer, Title: title})
}

func formatOf(format, name string) (string, error) {
	if format == "" {
		format = "json"
		if strings.EqualFold(filepath.Ext(name), ".xlsx") {
			format = "xlsx"
		}
	}
	if format != "json" && format != "xlsx" {
		return "", fmt.Errorf("--format %q must be json or xlsx", format)
	}
	return format, nil
}

func exportCatalog(ctx context.Context, a *app.App, format, out string, stdout io.Writer) error {
	format, err := formatOf(format, out)
	if err != nil {
		return err
	}
	ps, err := a.Catalog.All(ctx)
	if err != nil {
		return err
	}
	w := stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if format == "xlsx" {
		err = catalog.EncodeXLSX(w, ps)
	} else {
		err = catalog.EncodeJSON(w, ps)
	}
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Close()
	}
	return nil
}

func importCatalog(ctx context.Context, a *app.App, name, format string, stdin io.Reader, stdout io.Writer, meta catalog.Decision) error {
	format, err := formatOf(format, name)
	if err != nil {
		return err
	}
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	var items []catalog.Item
	if format == "xlsx" {
		items, err = catalog.DecodeXLSX(r)
	} else {
		items, err = catalog.DecodeJSON(r)
	}
	if err == nil {
		var rep *catalog.ImportReport
		rep, err = a.Catalog.Import(ctx, &org.User{Username: "cli", Role: org.RoleCatalogAdmin}, items, meta)
		if err == nil {
			fmt.Fprintf(stdout, "published %d, amended %d, unchanged %d", len(rep.Published), len(rep.Amended), len(rep.Unchanged))
			if rep.Decision != nil {
				fmt.Fprintf(stdout, " by decision %s", rep.Decision.Number)
			}
			fmt.Fprintln(stdout)
			return nil
		}
	}
	// Print the row-by-row report, then fail.
	if e, ok := apperr.As(err); ok {
		fmt.Fprintln(stdout, e.MessageEn)
		for _, f := range e.Fields {
			fmt.Fprintf(stdout, "  %s: %s\n", f.Path, f.Message)
		}
		return fmt.Errorf("catalog import: %d error(s); nothing was imported", max(1, len(e.Fields)))
	}
	return err
}
