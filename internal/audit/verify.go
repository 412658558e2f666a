package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/db"
)

// Problem names what is wrong where the chain breaks.
type Problem string

const (
	// Edited: the record's hash does not match its content (or its time is not a timestamp).
	Edited Problem = "edited"
	// Missing: ids skip, so the record with Break.ID and maybe more after it were deleted.
	Missing Problem = "missing"
	// Unlinked: the record's prev_hash is not the previous record's hash: a record before it
	// was deleted and the ids renumbered, or rewritten with a new hash.
	Unlinked Problem = "unlinked"
	// Truncated: the head names records past the end of the log: the last ones were deleted.
	Truncated Problem = "truncated"
	// HeadMismatch: the head's hash is not the hash of the last record.
	HeadMismatch Problem = "head"
	// Unchained: a record lies past the head, so it was not appended through the chain (or the
	// head was moved back).
	Unchained Problem = "unchained"
)

// Break is the first place where the chain does not hold.
type Break struct {
	ID      int64   // the record at fault, or the first one missing
	Problem Problem // what is wrong
	Reason  string  // the same, in a sentence for people
}

func (b *Break) String() string {
	return fmt.Sprintf("record %d: %s: %s", b.ID, b.Problem, b.Reason)
}

// Report is the outcome of Verify.
type Report struct {
	Records int64  // records checked and found sound, up to the break if any
	LastID  int64  // the last record checked
	Head    string // its hash: when the log is intact, the head of the chain
	Break   *Break // the first break; nil when the log is intact
}

// Intact reports whether Verify found no break.
func (r Report) Intact() bool { return r.Break == nil }

// verifyBatch is how many records Verify holds in memory at a time.
const verifyBatch = 1000

// Verify walks the whole chain in id order, a batch at a time, and reports the first break: a
// record whose hash does not match its content, a gap in the ids or a prev_hash that does not
// match the previous record's hash, a head that does not name the last record, or records past
// the head. It checks the records up to the head as it was when Verify started, so it can run
// on a live system; records appended meanwhile are left for the next run. The error is for a
// failure to read the log, not for a broken chain.
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	return verify(ctx, d, verifyBatch)
}

func verify(ctx context.Context, d *db.DB, batch int) (Report, error) {
	rep := Report{Head: Genesis}
	headID, headHash, err := readHead(ctx, d)
	if errors.Is(err, db.ErrNotFound) {
		return rep.broken(0, HeadMismatch, "audit_head has no row: the head was deleted"), nil
	}
	if err != nil {
		return Report{}, err
	}
	for {
		n, err := verifyBatchOf(ctx, d, &rep, headID, batch)
		if err != nil || rep.Break != nil {
			return rep, err
		}
		if n < batch {
			break
		}
	}
	switch {
	case rep.LastID < headID:
		end := "ends " + after(rep.LastID)
		if rep.LastID == 0 {
			end = "is empty"
		}
		return rep.broken(rep.LastID+1, Truncated, fmt.Sprintf("the head names record %d but the log %s: %s deleted",
			headID, end, span(rep.LastID+1, headID))), nil
	case rep.Head != headHash:
		return rep.broken(headID, HeadMismatch, fmt.Sprintf(
			"the head holds hash %s, not record %d's hash %s", headHash, headID, rep.Head)), nil
	}
	// A record past the head was not appended by Append, unless one committed after the head
	// was read: then the head has moved too (the record and the head commit together).
	var past []int64
	rows, err := d.Query(ctx, `SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT 1`, headID)
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return rep, fmt.Errorf("audit: verify: %w", err)
		}
		past = append(past, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	if len(past) > 0 {
		nowID, nowHash, err := readHead(ctx, d)
		if err != nil {
			return rep, err
		}
		if nowID == headID && nowHash == headHash {
			return rep.broken(past[0], Unchained, fmt.Sprintf(
				"it lies past the head (record %d): it was not appended through the chain, or the head was moved back", headID)), nil
		}
	}
	return rep, nil
}

// verifyBatchOf checks the next batch of records after rep.LastID, up to headID, and returns
// how many it read.
func verifyBatchOf(ctx context.Context, d *db.DB, rep *Report, headID int64, batch int) (int, error) {
	rows, err := d.Query(ctx, `SELECT `+columns+` FROM audit_log WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
		rep.LastID, headID, batch)
	if err != nil {
		return 0, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var s stored
		if err := s.scan(rows); err != nil {
			return n, fmt.Errorf("audit: verify after record %d: %w", rep.LastID, err)
		}
		if b := check(&s, rep.LastID, rep.Head); b != nil {
			rep.Break = b
			return n, nil
		}
		rep.Records++
		rep.LastID, rep.Head = s.id, s.hash
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("audit: verify after record %d: %w", rep.LastID, err)
	}
	return n, nil
}

// check returns what is wrong with record s, which follows record prevID with hash prevHash.
func check(s *stored, prevID int64, prevHash string) *Break {
	switch {
	case s.id != prevID+1:
		return &Break{prevID + 1, Missing, fmt.Sprintf("%s deleted: record %d comes %s", span(prevID+1, s.id-1), s.id, after(prevID))}
	case s.prevHash != prevHash:
		prev := fmt.Sprintf("record %d's hash", prevID)
		if prevID == 0 {
			prev = "the genesis hash"
		}
		return &Break{s.id, Unlinked, fmt.Sprintf("its prev_hash %s is not %s %s: a record before it was deleted or rewritten",
			s.prevHash, prev, prevHash)}
	case !s.rawAt.ok:
		return &Break{s.id, Edited, "its time is not a timestamp"}
	case s.sum(prevHash) != s.hash:
		return &Break{s.id, Edited, "its content does not match its hash"}
	}
	return nil
}

func (r Report) broken(id int64, p Problem, reason string) Report {
	r.Break = &Break{ID: id, Problem: p, Reason: reason}
	return r
}

func readHead(ctx context.Context, d *db.DB) (int64, string, error) {
	var id int64
	var h string
	if err := d.QueryRow(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&id, &h); err != nil {
		return 0, "", fmt.Errorf("audit: read head: %w", err)
	}
	return id, h, nil
}

// span names records from to to.
func span(from, to int64) string {
	if from == to {
		return fmt.Sprintf("record %d was", from)
	}
	return fmt.Sprintf("records %d to %d were", from, to)
}

// after names the place after record id.
func after(id int64) string {
	if id == 0 {
		return "at the start"
	}
	return fmt.Sprintf("after record %d", id)
}
