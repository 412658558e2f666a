package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/gen"
)

// generateCmd fills the database with a year of dossiers of the demo city (internal/gen): it
// migrates, seeds the demo city, stores one sample PDF that every generated attachment shares,
// then generates, printing progress to stderr and a summary to stdout. With --as-of now and
// the current --year, the data end today, so the officers' queues are live.
func generateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var opts gen.Options
	var asOf string
	cfg, fs, err := parse("generate", args, stderr, getenv, func(fs *flag.FlagSet) {
		fs.IntVar(&opts.Dossiers, "dossiers", 24_000, "how many dossiers to add (the demo city files about 2,400,000 a year)")
		fs.IntVar(&opts.Year, "year", time.Now().Year()-1, "the year they are filed in")
		fs.Int64Var(&opts.Seed, "seed", 1, "random seed: the same seed on the same database gives the same data")
		fs.IntVar(&opts.Citizens, "citizens", 0, "citizen accounts to add (default one per 12 dossiers)")
		fs.StringVar(&asOf, "as-of", "", `the moment the data stand at: "now", or RFC 3339 (default 16:00 on 31 December of --year)`)
	})
	if err != nil {
		return err
	}
	switch asOf {
	case "":
	case "now":
		opts.AsOf = time.Now()
	default:
		if opts.AsOf, err = time.Parse(time.RFC3339, asOf); err != nil {
			return fmt.Errorf("generate: --as-of: %w", err)
		}
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("generate: unexpected argument %q", fs.Arg(0))
	}
	if opts.Dossiers < 0 {
		return errors.New("generate: --dossiers must not be negative")
	}
	cfg.Demo = true
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if opts.SampleFile, err = sampleFile(ctx, a); err != nil {
		return err
	}
	opts.Calendar = a.Calendar
	next := 0
	opts.Progress = func(s gen.Stats) {
		if s.Dossiers >= next || s.Dossiers == opts.Dossiers {
			fmt.Fprintf(stderr, "%9d / %d dossiers  %6.1f s  %8.0f rows/s\n", s.Dossiers, opts.Dossiers, s.Elapsed.Seconds(), s.RowsPerSecond())
			next = s.Dossiers + max(opts.Dossiers/20, 1)
		}
	}
	fmt.Fprintf(stderr, "generating %d dossiers of %d on %s …\n", opts.Dossiers, opts.Year, a.DB.Engine)
	st, err := gen.Generate(ctx, a.DB, opts)
	if err != nil {
		return err
	}
	printStats(stdout, st)
	return nil
}

// sampleFile stores (once) the PDF that generated attachments share and returns its id.
func sampleFile(ctx context.Context, a *app.App) (string, error) {
	admin, err := a.Org.User(ctx, "admin")
	if err != nil {
		return "", err
	}
	const name = "tai-lieu-mau.pdf"
	var id string
	err = a.DB.QueryRow(ctx, `SELECT id FROM files WHERE owner_id = ? AND name = ? ORDER BY created_at LIMIT 1`, admin.ID, name).Scan(&id)
	if err == nil || !errors.Is(err, db.ErrNotFound) {
		return id, err
	}
	f, err := a.Dossiers.Upload(ctx, admin, name, bytes.NewReader(gen.SamplePDF()))
	if err != nil {
		return "", err
	}
	return f.ID, nil
}

func printStats(w io.Writer, s gen.Stats) {
	fmt.Fprintf(w, "dossiers     %d (%s … %s), filed %s … %s, as of %s\n", s.Dossiers, s.First, s.Last,
		s.Period[0].Format(time.DateOnly), s.Period[1].Format(time.DateOnly), s.AsOf.Format("2006-01-02 15:04 -07:00"))
	fmt.Fprintf(w, "history      %d events, %d steps, %d attachments, %d code sequences\n", s.Events, s.Steps, s.Attachments, s.Sequences)
	fmt.Fprintf(w, "people       %d officers, %d citizens, %d files\n", s.Officers, s.Citizens, s.Files)
	fmt.Fprintf(w, "channels    ")
	for _, c := range []dossier.Channel{dossier.ChannelOnline, dossier.ChannelCounter, dossier.ChannelPost} {
		fmt.Fprintf(w, " %s %.1f%%", c, pct(s.ByChannel[c], s.Dossiers))
	}
	fmt.Fprintf(w, "\nstatuses    ")
	var sts []dossier.Status
	for st := range s.ByStatus {
		sts = append(sts, st)
	}
	slices.SortFunc(sts, func(a, b dossier.Status) int { return a.Code() - b.Code() })
	for _, st := range sts {
		fmt.Fprintf(w, " %s %d", st, s.ByStatus[st])
	}
	fmt.Fprintf(w, "\nopen         %d waiting at a step, %d overdue; %d settled late; %d supplement requests, %d extensions\n",
		s.Open, s.Overdue, s.Late, s.SupplementRequests, s.Extensions)
	fmt.Fprintf(w, "time         %.1f s, %.0f rows/s (%d rows)\n", s.Elapsed.Seconds(), s.RowsPerSecond(), s.Rows())
	fmt.Fprintf(w, "aggregates   rebuilt in %.1f s (dashboard figures, internal/stats)\n", s.Aggregates.Seconds())
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}
