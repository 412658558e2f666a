// Command motcua is the one binary of motcua, the one-stop e-government platform: it serves the
// portal, back office and API, migrates the database, and manages the catalog.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without zone files

	"github.com/motcua/motcua/internal/config"
)

const usage = `motcua — one-stop e-government platform

Usage:
  motcua serve [flags]             run the portal, back office, API and background jobs
  motcua migrate [flags]           apply pending database migrations and exit
  motcua config [flags]            print the effective configuration (secrets masked)
  motcua catalog export [flags]    write the catalog as JSON or XLSX
  motcua catalog import [flags] F  import a JSON or XLSX catalog file as one decision
  motcua calendar due --from RFC3339 --working-days N
                                   the appointment for a dossier received then
  motcua calendar holidays YEAR    the days off and working weekend days of a year
  motcua job NAME [flags]          run one periodic job once
  motcua jobs [dead|retry ID]      the job queue: each kind's depth, failures, last and next run
  motcua audit verify|list [flags] check the audit log's hash chain, or list its records
  motcua generate [flags]          fill the demo city with a year of dossiers (--dossiers N)
  motcua receipts series [ISSUER TEMPLATE SYMBOL]
                                   list or set the e-receipts' template and symbol of an agency
                                   or of a biller ("bill:CODE"); "YY" in SYMBOL is the year

Run "motcua COMMAND -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "motcua:", err)
		}
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stderr, getenv)
	case "migrate":
		return migrate(ctx, rest, stderr, getenv)
	case "config":
		return printConfig(rest, stdout, stderr, getenv)
	case "catalog":
		return catalogCmd(ctx, rest, stdin, stdout, stderr, getenv)
	case "calendar":
		return calendarCmd(ctx, rest, stdout, stderr, getenv)
	case "audit":
		return auditCmd(ctx, rest, stdout, stderr, getenv)
	case "job":
		return jobCmd(ctx, rest, stderr, getenv)
	case "jobs":
		return jobsCmd(ctx, rest, stdout, stderr, getenv)
	case "generate":
		return generateCmd(ctx, rest, stdout, stderr, getenv)
	case "receipts":
		return receiptsCmd(ctx, rest, stdout, stderr, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// parse binds the configuration to a command's flag set and validates it.
func parse(name string, args []string, stderr io.Writer, getenv func(string) string, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet("motcua "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	envErr := cfg.Bind(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, fs, err
	}
	cfg.BaseURLFromAddr()
	if err := errors.Join(envErr, cfg.Validate()); err != nil {
		return cfg, fs, fmt.Errorf("configuration: %w", err)
	}
	return cfg, fs, nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func printConfig(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, _, err := parse("config", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	cfg.Print(stdout)
	return nil
}
