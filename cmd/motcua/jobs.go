package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/vntime"
)

// jobCmd runs one job once: `motcua job NAME`.
func jobCmd(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return fmt.Errorf("job: name a job")
	}
	name := args[0]
	cfg, _, err := parse("job", args[1:], stderr, getenv, nil)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	return a.RunJob(ctx, name)
}

const jobsUsage = `Usage:
  motcua jobs [flags]           each kind of job: queued, running, retrying, dead, last and next run
  motcua jobs dead [flags]      the dead jobs, newest first
  motcua jobs retry ID [flags]  put a dead job back in the queue
`

// jobsCmd shows and manages the job queue. It is run by the server's operator, who holds the
// database, so it is the administrator the domain's Retry expects.
func jobsCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	sub := "stats"
	if len(args) > 0 && (args[0] == "dead" || args[0] == "retry") {
		sub, args = args[0], args[1:]
	}
	var id int64
	if sub == "retry" {
		if len(args) == 0 {
			fmt.Fprint(stderr, jobsUsage)
			return errors.New("jobs retry: name a job ID")
		}
		var err error
		if id, err = strconv.ParseInt(args[0], 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("jobs retry: %q is not a job ID", args[0])
		}
		args = args[1:]
	}
	cfg, _, err := parse("jobs", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "dead":
		dead, err := a.Queue.Dead(ctx, 0)
		if err != nil {
			return err
		}
		printDead(stdout, dead)
		return nil
	case "retry":
		if err := a.Queue.Retry(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "job %d queued again\n", id)
		return nil
	}
	stats, err := a.Queue.Stats(ctx)
	if err != nil {
		return err
	}
	printKinds(stdout, stats)
	return nil
}

// when shows an instant in Vietnam's time, or "-" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(vntime.Location()).Format("2006-01-02 15:04:05 -07:00")
}

func printKinds(w io.Writer, stats []job.KindStats) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tEVERY\tQUEUED\tRUNNING\tRETRYING\tDEAD\tLAST RUN\tRESULT\tNEXT RUN")
	for _, s := range stats {
		every := "-"
		if s.Every > 0 {
			every = s.Every.String()
		}
		last := s.LastState
		if last == "" {
			last = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", s.Kind, every, s.Queued, s.Running, s.Retrying, s.Dead,
			when(s.LastRun), last, when(s.NextRun))
	}
	tw.Flush()
}

func printDead(w io.Writer, dead []job.Record) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tATTEMPTS\tDIED\tERROR")
	for _, r := range dead {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", r.ID, r.Kind, r.Attempts, when(r.FinishedAt), r.LastError)
	}
	tw.Flush()
}
