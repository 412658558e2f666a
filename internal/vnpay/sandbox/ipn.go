package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
)

// maxDuplicates bounds Faults.Duplicate: a test's "many", not a flood.
const maxDuplicates = 20

// ipnArgs is one IPN to deliver: the signed query, fixed when the result was recorded, so a
// duplicate is the same bytes.
type ipnArgs struct {
	TxnRef string `json:"txn_ref"`
	Query  string `json:"query"`
}

// Kind is the job kind that sends the IPNs; the app registers it on its queue. A merchant's
// answer other than RspCode 00 or 02, or none, is retried on the queue's backoff up to 10
// times (VNPay's own schedule differs; the rule, until 00 or 02, is VNPay's).
func (s *Sandbox) Kind() job.Kind {
	return job.Kind{Name: KindIPN, Handle: s.sendIPN, MaxAttempts: 10, Timeout: 30 * time.Second}
}

// enqueueIPNs queues the IPNs of a result just recorded, in its transaction, as the faults say.
func (s *Sandbox) enqueueIPNs(ctx context.Context, tx *db.Tx, t txn, f Faults, now time.Time) error {
	if f.DropIPN {
		return nil
	}
	at := now.Add(max(f.Delay, 0))
	args := []ipnArgs{}
	q := s.gw.Notification(t.payment()).Encode()
	for range 1 + min(max(f.Duplicate, 0), maxDuplicates) {
		args = append(args, ipnArgs{t.TxnRef, q})
	}
	if f.Reorder {
		stale := t.payment()
		stale.ResponseCode, stale.TransactionStatus, stale.BankTranNo = "99", statusPending, ""
		args = append(args, ipnArgs{t.TxnRef, s.gw.Notification(stale).Encode()})
	}
	// Equal run_at: the queue runs them in id order, so the stale one comes last.
	for _, a := range args {
		if _, err := job.EnqueueAt(ctx, tx, KindIPN, a, at); err != nil {
			return err
		}
	}
	return nil
}

// sendIPN calls the merchant's IPN URL with one signed query.
func (s *Sandbox) sendIPN(ctx context.Context, j *job.Job) error {
	var a ipnArgs
	if err := j.Decode(&a); err != nil {
		return err
	}
	if s.down() {
		return errors.New("sandbox: down, the IPN waits")
	}
	sep := "?"
	if strings.Contains(s.ipnURL, "?") {
		sep = "&"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.ipnURL+sep+a.Query, nil)
	if err != nil {
		return job.Permanent(err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("sandbox: IPN of %s: %w", a.TxnRef, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if err != nil {
		return fmt.Errorf("sandbox: IPN of %s: %w", a.TxnRef, err)
	}
	var reply struct{ RspCode string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &reply) != nil {
		return fmt.Errorf("sandbox: IPN of %s: HTTP %d %.100q", a.TxnRef, resp.StatusCode, body)
	}
	switch reply.RspCode {
	case "00", "02":
		return nil
	}
	return fmt.Errorf("sandbox: IPN of %s: the merchant answered RspCode %q", a.TxnRef, reply.RspCode)
}
