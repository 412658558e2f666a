package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/vntime"
)

// calendarCmd runs "calendar due" and "calendar holidays", with the administrators' overrides
// of the configured database applied.
func calendarCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "due" && args[0] != "holidays") {
		return errors.New(`calendar: use "calendar due --from RFC3339 --working-days N" or "calendar holidays YEAR"`)
	}
	sub := args[0]
	var from string
	var days int
	cfg, fs, err := parse("calendar "+sub, args[1:], stderr, getenv, func(fs *flag.FlagSet) {
		if sub == "due" {
			fs.StringVar(&from, "from", "", "time of receipt, RFC 3339 (e.g. 2026-02-10T09:30:00+07:00)")
			fs.IntVar(&days, "working-days", -1, "processing time in working days")
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
	cal, err := a.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	if sub == "due" {
		t, err := time.Parse(time.RFC3339, from)
		if err != nil {
			return fmt.Errorf("--from %q: not an RFC 3339 time", from)
		}
		due, err := cal.Due(t, days)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, due.In(vntime.Location()).Format(time.RFC3339))
		return nil
	}
	if fs.NArg() != 1 {
		return errors.New("calendar holidays: name one YEAR")
	}
	year, err := strconv.Atoi(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("calendar holidays: %q is not a year", fs.Arg(0))
	}
	ds, err := cal.Days(year)
	if err != nil {
		return err
	}
	for _, d := range ds {
		what := "nghỉ"
		if d.Working {
			what = "làm việc"
		}
		fmt.Fprintf(stdout, "%s  %-3s  %-9s %s\n", d.Date, weekdayVI[d.Date.Weekday()], what, d.NameVI)
	}
	return nil
}

var weekdayVI = [...]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"}
