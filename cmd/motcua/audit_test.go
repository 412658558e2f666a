package main

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// TestAuditCommands verifies and lists a log through run(), then tampers with it.
func TestAuditCommands(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := map[string]string{"MOTCUA_LOG_LEVEL": "error", "MOTCUA_DATA": t.TempDir()}
			if engine == "postgres" {
				base := dbtest.PostgresURL(t)
				env["MOTCUA_DB"] = dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
			}
			out, err := runCmd(t, env, "audit", "verify")
			if err != nil || !strings.Contains(out, "audit log intact: 0 records, head "+audit.Genesis) {
				t.Fatalf("verify on a new database = %q, %v", out, err)
			}
			d, err := db.Open(ctx, env["MOTCUA_DB"], env["MOTCUA_DATA"])
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			for _, e := range []audit.Entry{
				{ActorID: 1, Actor: "admin", Action: "auth.sign_in", IP: "203.0.113.7"},
				{ActorID: 1, Actor: "admin", Action: "catalog.decision", Object: "12/QĐ-UBND", Detail: map[string]any{"published": 46}},
				{ActorID: 2, Actor: "mot.cua", Action: "dossier.receive", Object: "H26.22-260302-0001"},
			} {
				if err := audit.AppendNow(ctx, d, e); err != nil {
					t.Fatal(err)
				}
			}
			head, err := audit.Find(ctx, d, 3)
			if err != nil {
				t.Fatal(err)
			}
			out, err = runCmd(t, env, "audit", "verify", "-anchor", "3:"+head.Hash)
			if err != nil || !strings.Contains(out, "audit log intact: 3 records, head "+head.Hash) || !strings.Contains(out, "1 anchors match") {
				t.Errorf("verify = %q, %v; want intact with head %s", out, err, head.Hash)
			}
			out, err = runCmd(t, env, "audit", "list", "-object", "12/QĐ-UBND")
			if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(out, "catalog.decision") || !strings.Contains(out, `{"published":46}`) {
				t.Errorf("list -object = %q, %v; want the one decision", out, err)
			}
			if _, err := runCmd(t, env, "audit", "verify", "-anchor", "3:nothex"); err == nil {
				t.Error("a malformed anchor accepted")
			}
			if _, err := runCmd(t, env, "audit", "frobnicate"); err == nil {
				t.Error("audit frobnicate accepted")
			}

			// Someone drops the protection and edits record 2.
			on := ""
			if d.Engine == db.Postgres {
				on = " ON audit_log"
			}
			for _, q := range []string{"DROP TRIGGER audit_log_no_update" + on, "DROP TRIGGER audit_log_no_delete" + on,
				`UPDATE audit_log SET object = '13/QĐ-UBND' WHERE id = 2`} {
				if _, err := d.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			out, err = runCmd(t, env, "audit", "verify")
			if err == nil || !strings.Contains(out, "BROKEN at record 2 (edited)") || !strings.Contains(err.Error(), "record 2") {
				t.Errorf("verify after an edit = %q, %v; want record 2 edited", out, err)
			}

			// Someone rewrites the whole chain consistently: only the anchor noted earlier tells.
			if _, err := d.Exec(ctx, `DELETE FROM audit_log`); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(ctx, `UPDATE audit_head SET last_id = 0, last_hash = ?`, audit.Genesis); err != nil {
				t.Fatal(err)
			}
			if err := audit.AppendNow(ctx, d, audit.Entry{Action: "system.start"}); err != nil {
				t.Fatal(err)
			}
			if out, err := runCmd(t, env, "audit", "verify"); err != nil {
				t.Errorf("verify of a rewritten chain = %q, %v; want intact (a chain alone cannot tell)", out, err)
			}
			out, err = runCmd(t, env, "audit", "verify", "-anchor", "3:"+head.Hash)
			if err == nil || !strings.Contains(out, "BROKEN at record 3 (anchor)") {
				t.Errorf("verify -anchor after a rewrite = %q, %v; want the anchor broken", out, err)
			}
		})
	}
}
