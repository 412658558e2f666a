package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vntime"
)

// auditCmd runs "audit verify", which walks the hash chain of the audit log and fails on the
// first edited, deleted or cut-off record, and "audit list", which prints records newest first.
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "list") {
		return errors.New(`audit: use "audit verify [-anchor ID:HASH]" or "audit list [-object X] [-action A] [-actor U]"`)
	}
	sub := args[0]
	var anchors []anchor
	var f audit.Filter
	cfg, fs, err := parse("audit "+sub, args[1:], stderr, getenv, func(fs *flag.FlagSet) {
		if sub == "verify" {
			fs.Func("anchor", "ID:HASH of a record noted earlier (e.g. the head a past verify printed); repeatable", func(s string) error {
				a, err := parseAnchor(s)
				if err != nil {
					return err
				}
				anchors = append(anchors, a)
				return nil
			})
			return
		}
		fs.StringVar(&f.Object, "object", "", "only records about this object (a dossier code, a decision number…)")
		fs.StringVar(&f.Action, "action", "", "only records of this action (e.g. auth.sign_in)")
		fs.StringVar(&f.Actor, "actor", "", "only records by this username")
		fs.Int64Var(&f.Before, "before", 0, "only records before this id (the last id of the previous page)")
		fs.IntVar(&f.Limit, "limit", 50, "at most this many records (up to 500)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("audit %s: unexpected argument %q", sub, fs.Arg(0))
	}
	d, err := db.Open(ctx, cfg.DB, cfg.Data)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	if sub == "list" {
		return auditList(ctx, d, f, stdout)
	}
	return auditVerify(ctx, d, anchors, stdout)
}

func auditVerify(ctx context.Context, d *db.DB, anchors []anchor, stdout io.Writer) error {
	rep, err := audit.Verify(ctx, d)
	if err != nil {
		return err
	}
	if !rep.Intact() {
		fmt.Fprintf(stdout, "audit log BROKEN at record %d (%s): %s\n", rep.Break.ID, rep.Break.Problem, rep.Break.Reason)
		fmt.Fprintf(stdout, "the %d records before it are sound\n", rep.Records)
		return fmt.Errorf("audit log is not intact: record %d %s", rep.Break.ID, rep.Break.Problem)
	}
	// An intact chain whose record ID still has the hash noted earlier has not changed up to ID
	// since then, even if someone rewrote the whole chain.
	for _, a := range anchors {
		r, err := audit.Find(ctx, d, a.id)
		switch {
		case errors.Is(err, db.ErrNotFound):
			fmt.Fprintf(stdout, "audit log BROKEN at record %d (anchor): the record is gone\n", a.id)
			return fmt.Errorf("audit log does not hold anchor record %d", a.id)
		case err != nil:
			return err
		case r.Hash != a.hash:
			fmt.Fprintf(stdout, "audit log BROKEN at record %d (anchor): its hash is %s, not %s: the chain was rewritten\n", a.id, r.Hash, a.hash)
			return fmt.Errorf("audit log does not match anchor record %d", a.id)
		}
	}
	fmt.Fprintf(stdout, "audit log intact: %d records, head %s\n", rep.Records, rep.Head)
	if len(anchors) > 0 {
		fmt.Fprintf(stdout, "%d anchors match\n", len(anchors))
	}
	return nil
}

func auditList(ctx context.Context, d *db.DB, f audit.Filter, stdout io.Writer) error {
	rs, err := audit.List(ctx, d, f)
	if err != nil {
		return err
	}
	for _, r := range rs {
		actor := r.Actor
		if actor == "" {
			actor = "-"
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.At.In(vntime.Location()).Format(time.RFC3339),
			actor, r.Action, r.Object, r.IP, r.Detail)
	}
	return nil
}

// anchor is a record's hash noted outside the database.
type anchor struct {
	id   int64
	hash string
}

func parseAnchor(s string) (anchor, error) {
	ids, h, ok := strings.Cut(s, ":")
	id, err := strconv.ParseInt(ids, 10, 64)
	if !ok || err != nil || id < 1 || len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		return anchor{}, fmt.Errorf("%q: want ID:HASH, e.g. 1234:%s", s, audit.Genesis)
	}
	return anchor{id, h}, nil
}
