package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// entry is a fixture: the i-th event of a small log.
func entry(i int) Entry {
	return Entry{
		ActorID:   int64(100 + i%3),
		Actor:     []string{"nguyen.van.a", "tran.thi.b", "le.c"}[i%3],
		Action:    []string{"auth.sign_in", "dossier.receive", "catalog.decision"}[i%3],
		Object:    fmt.Sprintf("H26.22-260302-%04d", i),
		Detail:    map[string]any{"n": i, "note": "Tiếp nhận <hồ sơ> & trả kết quả"},
		IP:        "203.0.113.7",
		RequestID: fmt.Sprintf("req-%d", i),
	}
}

// seed appends n records, each in its own transaction.
func seed(t testing.TB, d *db.DB, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		if err := AppendNow(context.Background(), d, entry(i)); err != nil {
			t.Fatalf("AppendNow(%d): %v", i, err)
		}
	}
}

// mustVerify runs Verify with a small batch so that walks cross batch boundaries.
func mustVerify(t *testing.T, d *db.DB) Report {
	t.Helper()
	rep, err := verify(context.Background(), d, 3)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

func wantIntact(t *testing.T, d *db.DB, n int64) Report {
	t.Helper()
	rep := mustVerify(t, d)
	if !rep.Intact() || rep.Records != n || rep.LastID != n {
		t.Fatalf("Verify = %+v (break %v); want intact with %d records", rep, rep.Break, n)
	}
	var headID int64
	var headHash string
	if err := d.QueryRow(context.Background(), `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		t.Fatal(err)
	}
	if headID != n || rep.Head != headHash {
		t.Fatalf("head = %d %s; Verify reported %d %s", headID, headHash, rep.LastID, rep.Head)
	}
	return rep
}

func TestAppendCommitAndRollback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if rep := wantIntact(t, d, 0); rep.Head != Genesis {
			t.Errorf("empty log head = %s; want genesis", rep.Head)
		}
		if _, err := d.Exec(ctx, `CREATE TABLE audit_test_change (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		change := func(id int, fail bool) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO audit_test_change (id, v) VALUES (?, 'x')`, id); err != nil {
					return err
				}
				if err := Append(ctx, tx, Entry{ActorID: 7, Actor: "admin", Action: "calendar.override", Object: strconv.Itoa(id)}); err != nil {
					return err
				}
				if fail {
					return errors.New("the change fails after its record")
				}
				return nil
			})
		}
		if err := change(1, false); err != nil {
			t.Fatal(err)
		}
		if err := change(2, true); err == nil {
			t.Fatal("the failing change committed")
		}
		if err := AppendNow(ctx, d, Entry{Actor: "", Action: "auth.sign_in_failed", Object: "nobody", IP: "198.51.100.1"}); err != nil {
			t.Fatal(err)
		}
		if err := change(3, false); err != nil {
			t.Fatal(err)
		}
		wantIntact(t, d, 3)
		rs, err := List(ctx, d, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rs {
			got = append(got, fmt.Sprintf("%d %d %s %s %s", r.ID, r.ActorID, r.Actor, r.Action, r.Object))
		}
		want := []string{"3 7 admin calendar.override 3", "2 0  auth.sign_in_failed nobody", "1 7 admin calendar.override 1"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after a rolled-back change, List (-want +got):\n%s", diff)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE actor_id IS NULL`).Scan(&n); err != nil || n != 1 {
			t.Errorf("records with a NULL actor_id = %d, %v; want 1 (the anonymous one)", n, err)
		}
	})
}

// TestStoredForm checks what Append writes: canonical detail, clean text, whole microseconds,
// and a Record that reads back equal on both engines.
func TestStoredForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		before := time.Now().UTC().Truncate(time.Microsecond)
		e := Entry{ActorID: 42, Actor: "Nguyễn Thị Hoa", Action: "payment.ipn", Object: "bad\xffutf8\x00nul",
			Detail: map[string]any{"z": 1, "a": map[string]any{"y": []any{3, "<&>"}, "b": nil}, "amount": 150000, "rate": 0.5},
			IP:     "2001:db8::1", RequestID: "01HV"}
		if err := AppendNow(ctx, d, e); err != nil {
			t.Fatal(err)
		}
		r, err := Find(ctx, d, 1)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"a":{"b":null,"y":[3,"<&>"]},"amount":150000,"rate":0.5,"z":1}`; string(r.Detail) != want {
			t.Errorf("detail = %s; want %s", r.Detail, want)
		}
		if want := "bad\uFFFDutf8\uFFFDnul"; r.Object != want {
			t.Errorf("object = %q; want %q", r.Object, want)
		}
		if r.At.Before(before) || r.At.Nanosecond()%1000 != 0 || r.At.Location() != time.UTC {
			t.Errorf("at = %v; want UTC whole microseconds after %v", r.At, before)
		}
		want := Record{ID: 1, At: r.At, ActorID: 42, Actor: "Nguyễn Thị Hoa", Action: "payment.ipn", Object: r.Object,
			Detail: r.Detail, IP: "2001:db8::1", RequestID: "01HV", PrevHash: Genesis, Hash: r.Hash}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("Find(1) (-want +got):\n%s", diff)
		}
		if _, err := Find(ctx, d, 2); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Find(2) = %v; want ErrNotFound", err)
		}
		for _, a := range []string{"", "signin", "Auth.sign_in", "auth..x", "auth.sign in", ".auth", "1auth.x"} {
			if err := AppendNow(ctx, d, Entry{Action: a}); err == nil {
				t.Errorf("AppendNow(action %q) accepted", a)
			}
		}
		if err := AppendNow(ctx, d, Entry{Action: "x.y", Detail: map[string]any{"f": func() {}}}); err == nil {
			t.Error("AppendNow with an unencodable detail accepted")
		}
		wantIntact(t, d, 1)
	})
}

// TestDocumentedEncoding re-computes every hash the way the package documentation tells an
// auditor to, from the raw columns, without the package's own code.
func TestDocumentedEncoding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 5)
		if err := AppendNow(ctx, d, Entry{Action: "system.start"}); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Query(ctx, `SELECT id, at, actor_id, actor, action, object, detail, ip, request_id, prev_hash, hash FROM audit_log ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		prev := "0000000000000000000000000000000000000000000000000000000000000000"
		n := 0
		for rows.Next() {
			var id int64
			var at time.Time
			var actorID sql.NullInt64
			var actor, action, object, detail, ip, requestID, prevHash, hash string
			if err := rows.Scan(&id, &at, &actorID, &actor, &action, &object, &detail, &ip, &requestID, &prevHash, &hash); err != nil {
				t.Fatal(err)
			}
			aid := ""
			if actorID.Valid {
				aid = strconv.FormatInt(actorID.Int64, 10)
			}
			buf := []byte(prev)
			for _, f := range []string{strconv.FormatInt(id, 10), at.UTC().Format(time.RFC3339Nano), aid, actor, action, object, detail, ip, requestID} {
				buf = binary.BigEndian.AppendUint64(buf, uint64(len(f)))
				buf = append(buf, f...)
			}
			sum := sha256.Sum256(buf)
			if got := hex.EncodeToString(sum[:]); got != hash || prevHash != prev {
				t.Errorf("record %d: documented hash %s, prev %s; stored %s, prev %s", id, got, prev, hash, prevHash)
			}
			prev = hash
			n++
		}
		if err := rows.Err(); err != nil || n != 6 {
			t.Fatalf("read %d records, %v; want 6", n, err)
		}
	})
}

// TestConcurrentAppends appends from 20 goroutines at once: the chain must not fork and the
// ids must have no gaps.
func TestConcurrentAppends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const workers, each = 20, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					e := entry(w*each + i)
					// Half the appends share a transaction with other work, as callers do.
					err := d.InTx(ctx, func(tx *db.Tx) error {
						if i%2 == 0 {
							var n int
							if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
								return err
							}
						}
						return Append(ctx, tx, e)
					})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent Append: %v", err)
		}
		wantIntact(t, d, workers*each)
		var distinct int
		if err := d.QueryRow(ctx, `SELECT COUNT(DISTINCT prev_hash) FROM audit_log`).Scan(&distinct); err != nil || distinct != workers*each {
			t.Errorf("distinct prev_hash = %d, %v; want %d (a fork would repeat one)", distinct, err, workers*each)
		}
	})
}

// TestAppendOnly checks that the database itself refuses to change or remove records.
func TestAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 2)
		for _, q := range []string{`UPDATE audit_log SET actor = 'x' WHERE id = 1`, `DELETE FROM audit_log WHERE id = 2`} {
			if _, err := d.Exec(ctx, q); err == nil {
				t.Errorf("%s: accepted", q)
			}
		}
		if d.Engine == db.Postgres {
			if _, err := d.Exec(ctx, `TRUNCATE audit_log`); err == nil {
				t.Error("TRUNCATE accepted")
			}
		}
		wantIntact(t, d, 2)
	})
}

// dropTriggers does what anyone tampering with the log has to do first.
func dropTriggers(t *testing.T, d *db.DB) {
	t.Helper()
	on := ""
	if d.Engine == db.Postgres {
		on = " ON audit_log"
	}
	for _, tr := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		if _, err := d.Exec(context.Background(), "DROP TRIGGER "+tr+on); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTamperDetected edits the log behind the package's back and checks that Verify names the
// right record and problem.
func TestTamperDetected(t *testing.T) {
	const n = 10
	for _, tc := range []struct {
		name    string
		tamper  []string
		id      int64
		problem Problem
	}{
		{"edit detail", []string{`UPDATE audit_log SET detail = '{"n":5,"note":"đã sửa"}' WHERE id = 5`}, 5, Edited},
		{"edit actor", []string{`UPDATE audit_log SET actor = 'someone.else' WHERE id = 3`}, 3, Edited},
		{"edit actor_id to NULL", []string{`UPDATE audit_log SET actor_id = NULL WHERE id = 8`}, 8, Edited},
		{"edit action", []string{`UPDATE audit_log SET action = 'auth.sign_out' WHERE id = 1`}, 1, Edited},
		{"edit time", []string{`UPDATE audit_log SET at = (SELECT at FROM audit_log WHERE id = 1) WHERE id = 7`}, 7, Edited},
		{"edit hash", []string{`UPDATE audit_log SET hash = prev_hash WHERE id = 6`}, 6, Edited},
		{"delete middle", []string{`DELETE FROM audit_log WHERE id = 5`}, 5, Missing},
		{"delete several", []string{`DELETE FROM audit_log WHERE id BETWEEN 4 AND 6`}, 4, Missing},
		{"delete first", []string{`DELETE FROM audit_log WHERE id = 1`}, 1, Missing},
		{"delete and renumber", []string{`DELETE FROM audit_log WHERE id = 5`, `UPDATE audit_log SET id = -id WHERE id > 5`, `UPDATE audit_log SET id = -id - 1 WHERE id < 0`,
			`UPDATE audit_head SET last_id = 9`}, 5, Unlinked},
		{"delete last", []string{`DELETE FROM audit_log WHERE id = 10`}, 10, Truncated},
		{"delete last two", []string{`DELETE FROM audit_log WHERE id >= 9`}, 9, Truncated},
		{"delete all", []string{`DELETE FROM audit_log`}, 1, Truncated},
		{"update head hash", []string{`UPDATE audit_head SET last_hash = (SELECT hash FROM audit_log WHERE id = 9)`}, 10, HeadMismatch},
		{"delete head", []string{`DELETE FROM audit_head`}, 0, HeadMismatch},
		{"move head back", []string{`UPDATE audit_head SET last_id = 9, last_hash = (SELECT hash FROM audit_log WHERE id = 9)`}, 10, Unchained},
		{"insert past head", []string{`INSERT INTO audit_log (id, at, actor, action, prev_hash, hash)
			SELECT 11, at, 'ghost', 'auth.sign_in', hash, hash FROM audit_log WHERE id = 10`}, 11, Unchained},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				seed(t, d, n)
				wantIntact(t, d, n)
				dropTriggers(t, d)
				for _, q := range tc.tamper {
					if _, err := d.Exec(context.Background(), q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				rep := mustVerify(t, d)
				if rep.Break == nil || rep.Break.ID != tc.id || rep.Break.Problem != tc.problem {
					t.Fatalf("after %q Verify break = %v; want record %d %s", tc.tamper, rep.Break, tc.id, tc.problem)
				}
				t.Log(rep.Break)
			})
		})
	}
}

// TestRewrittenRecord rewrites a record with a correct new hash, as someone who has read the
// package documentation would: the next record's link gives it away.
func TestRewrittenRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 6)
		dropTriggers(t, d)
		r, err := Find(ctx, d, 4)
		if err != nil {
			t.Fatal(err)
		}
		c := content{id: 4, at: r.At, actorID: sql.NullInt64{Int64: r.ActorID, Valid: true}, actor: "forger",
			action: r.Action, object: r.Object, detail: string(r.Detail), ip: r.IP, request: r.RequestID}
		if _, err := d.Exec(ctx, `UPDATE audit_log SET actor = 'forger', hash = ? WHERE id = 4`, c.sum(r.PrevHash)); err != nil {
			t.Fatal(err)
		}
		rep := mustVerify(t, d)
		if rep.Break == nil || rep.Break.ID != 5 || rep.Break.Problem != Unlinked || rep.Records != 4 {
			t.Fatalf("Verify = %+v, break %v; want record 5 unlinked after 4 sound records", rep, rep.Break)
		}
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 12)
		ids := func(f Filter) []int64 {
			t.Helper()
			rs, err := List(ctx, d, f)
			if err != nil {
				t.Fatalf("List(%+v): %v", f, err)
			}
			var ids []int64
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			return ids
		}
		for _, tc := range []struct {
			f    Filter
			want []int64
		}{
			{Filter{Limit: 4}, []int64{12, 11, 10, 9}},
			{Filter{Limit: 4, Before: 9}, []int64{8, 7, 6, 5}},
			{Filter{Object: "H26.22-260302-0007"}, []int64{7}},
			{Filter{Action: "dossier.receive"}, []int64{10, 7, 4, 1}},
			{Filter{Actor: "le.c", Before: 9}, []int64{8, 5, 2}},
			{Filter{Actor: "le.c", Action: "dossier.receive"}, nil},
			{Filter{Object: "none"}, nil},
		} {
			if diff := cmp.Diff(tc.want, ids(tc.f)); diff != "" {
				t.Errorf("List(%+v) (-want +got):\n%s", tc.f, diff)
			}
		}
	})
}

// BenchmarkAppend measures appends, each in its own transaction, on each engine.
func BenchmarkAppend(b *testing.B) {
	for _, eng := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(eng.name, func(b *testing.B) {
			d := eng.open(b)
			ctx := context.Background()
			e := entry(1)
			b.ResetTimer()
			for b.Loop() {
				if err := AppendNow(ctx, d, e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify measures Verify over 10,000 records.
func BenchmarkVerify(b *testing.B) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i := range 10_000 {
			if err := Append(ctx, tx, entry(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if rep, err := Verify(ctx, d); err != nil || !rep.Intact() {
			b.Fatal(rep, err)
		}
	}
}
