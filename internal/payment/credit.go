package payment

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Sources of ledger events from the bank's side.
const (
	SourceStatement = "statement" // a line of an imported bank statement
	SourceWebhook   = "webhook"   // a bank's signed notification of a credit
	SourceReconcile = "reconcile" // the daily reconciliation
)

// What became of a credit.
const (
	CreditSettled         = "settled"         // it paid the VietQR attempt its reference names
	CreditUnmatched       = "unmatched"       // no attempt, or several, named by its description
	CreditAmountMismatch  = "amount_mismatch" // the attempt's amount differs
	CreditDuplicate       = "duplicate"       // the attempt or its invoice was already paid
	CreditAlreadyImported = "already_imported"
)

// CreditResult is what recording one credit did.
type CreditResult struct {
	Credit
	Outcome   string `json:"outcome"`
	PaymentID string `json:"payment_id,omitempty"`
}

// ImportReport counts what an import did, line by line.
type ImportReport struct {
	Lines           int            `json:"lines"`
	Settled         int            `json:"settled"`
	Reviewed        int            `json:"reviewed"`
	AlreadyImported int            `json:"already_imported"`
	Results         []CreditResult `json:"results"`
}

var (
	errNotAccountant = apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("only_accountants"))
	errBadSignature  = apperr.New(apperr.KindUnauthenticated, "invalid_signature", msgs.Text("webhook_bad_signature"))
	errNoAccount     = apperr.NotFound("collection_account", msgs.Text("webhook_no_account"))
)

// MayAccount reports whether u keeps the accounts of agency: its accountant, or an administrator.
func MayAccount(u *org.User, agencyID int64) bool {
	return u != nil && (u.IsAdmin() || (u.Role == org.RoleAccountant && u.AgencyID == agencyID && agencyID != 0))
}

// mayAccountAny refuses whoever keeps no agency's accounts, before anything else is asked.
func mayAccountAny(u *org.User) error {
	switch {
	case u == nil:
		return org.ErrUnauthenticated
	case u.Role != org.RoleAccountant && !u.IsAdmin():
		return errNotAccountant
	}
	return nil
}

// accountsOf is the agency whose accounts actor keeps: agencyCode for an administrator (any),
// an accountant's own agency when agencyCode is empty or theirs.
func (s *Store) accountsOf(ctx context.Context, actor *org.User, agencyCode string) (*org.Agency, error) {
	if err := mayAccountAny(actor); err != nil {
		return nil, err
	}
	if agencyCode == "" {
		agencyCode = actor.AgencyCode
	}
	if agencyCode == "" {
		return nil, apperr.Invalid("invalid_agency", msgs.Text("give_agency"), apperr.Field("agency", msgs.Text("give_agency")))
	}
	ag, err := s.org.Agency(ctx, agencyCode)
	if err != nil {
		return nil, err
	}
	if !MayAccount(actor, ag.ID) {
		return nil, errNotAccountant
	}
	return ag, nil
}

// ImportStatement reads a statement of an agency's collection account (ParseStatement) and
// records each credit (RecordCredit); lines already imported change nothing. Audited.
func (s *Store) ImportStatement(ctx context.Context, actor *org.User, agencyCode, name string, r io.Reader) (*ImportReport, error) {
	ag, err := s.accountsOf(ctx, actor, agencyCode)
	if err != nil {
		return nil, err
	}
	credits, err := ParseStatement(name, r)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Lines: len(credits), Results: []CreditResult{}}
	for _, c := range credits {
		res, err := s.RecordCredit(ctx, ag.ID, c, SourceStatement, actor.ID)
		if err != nil {
			return rep, err
		}
		switch res.Outcome {
		case CreditSettled:
			rep.Settled++
		case CreditAlreadyImported:
			rep.AlreadyImported++
		default:
			rep.Reviewed++
		}
		rep.Results = append(rep.Results, *res)
	}
	err = audit.AppendNow(ctx, s.db, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "payment.statement_import",
		Object: ag.Code, Detail: map[string]any{"file": name, "lines": rep.Lines, "settled": rep.Settled, "reviewed": rep.Reviewed,
			"already_imported": rep.AlreadyImported}})
	return rep, err
}

// RecordCredit records one credit to agencyID's collection account, once per bank transaction,
// and matches it in the same transaction: the VietQR attempt of the agency its description names
// (references) with the same amount is settled through the ledger's settlement (event source
// source); anything else — no reference, several, another amount, an attempt or invoice already
// paid — goes to the review queue. actorID is who imported it (0: the bank's webhook).
func (s *Store) RecordCredit(ctx context.Context, agencyID int64, c Credit, source string, actorID int64) (*CreditResult, error) {
	res := &CreditResult{Credit: c}
	data, _ := json.Marshal(c)
	var by any
	if actorID != 0 {
		by = actorID
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		r, err := tx.Exec(ctx, `INSERT INTO bank_credits (agency_id, bank_txn, booked_at, amount_vnd, description, source, outcome,
			imported_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'unmatched', ?, ?) ON CONFLICT (agency_id, bank_txn) DO NOTHING`,
			agencyID, c.BankTxn, c.BookedAt, c.AmountVND, c.Description, source, by, now)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			res.Outcome = CreditAlreadyImported // and what it named then
			return tx.QueryRow(ctx, `SELECT payment_id FROM bank_credits WHERE agency_id = ? AND bank_txn = ?`, agencyID, c.BankTxn).
				Scan(&res.PaymentID)
		}
		var creditID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM bank_credits WHERE agency_id = ? AND bank_txn = ?`, agencyID, c.BankTxn).
			Scan(&creditID); err != nil {
			return err
		}
		a, detail, err := s.matchCredit(ctx, tx, agencyID, c)
		if err != nil {
			return err
		}
		res.Outcome = CreditUnmatched
		invoiceID := ""
		if a != nil {
			res.PaymentID, invoiceID = a.ID, a.InvoiceID
			switch {
			case a.AmountVND != c.AmountVND:
				res.Outcome = CreditAmountMismatch
				detail = msgs.Text("credit_amount_mismatch", vntext.Thousands(c.AmountVND), a.ID, vntext.Thousands(a.AmountVND))[0]
			case a.Status == StatusPaid || a.Status == StatusFailed:
				res.Outcome = CreditDuplicate
				detail = msgs.Text("credit_attempt_paid", a.ID)[0]
			default:
				err := s.settle(ctx, tx, a.ID, Result{Paid: true, AmountVND: c.AmountVND, TransactionNo: c.BankTxn,
					ResponseCode: "00"}, source, CreditSettled, string(data))
				if err != nil {
					return err
				}
				var counted int
				if err := tx.QueryRow(ctx, `SELECT counted FROM payments WHERE id = ?`, a.ID).Scan(&counted); err != nil {
					return err
				}
				res.Outcome = CreditSettled
				if counted == 0 {
					// The invoice was paid by another attempt: settle queued the refund and its review.
					res.Outcome = CreditDuplicate
					if _, err := tx.Exec(ctx, `UPDATE payment_reviews SET credit_id = ?, agency_id = ? WHERE payment_id = ?
						AND kind = 'duplicate' AND credit_id IS NULL`, creditID, agencyID, a.ID); err != nil {
						return err
					}
				}
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE bank_credits SET outcome = ?, payment_id = ? WHERE id = ?`, res.Outcome, res.PaymentID,
			creditID); err != nil {
			return err
		}
		if res.Outcome == CreditSettled || (res.Outcome == CreditDuplicate && detail == "") {
			return nil
		}
		if err := event(ctx, tx, now, source, res.PaymentID, true, res.Outcome, string(data)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO payment_reviews (kind, payment_id, invoice_id, detail, created_at, agency_id, credit_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, res.Outcome, res.PaymentID, invoiceID, detail, now, agencyID, creditID)
		return err
	})
	if errors.Is(err, db.ErrConflict) {
		res.Outcome = CreditAlreadyImported // imported concurrently: nothing changed here
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// matchCredit finds the one VietQR attempt of agencyID that c's description names; nil with a
// reason for the review queue when none or several do.
func (s *Store) matchCredit(ctx context.Context, tx *db.Tx, agencyID int64, c Credit) (*Attempt, string, error) {
	refs := references(c.Description)
	if len(refs) == 0 {
		return nil, msgs.Text("credit_no_reference")[0], nil
	}
	args := []any{agencyID}
	for _, r := range refs {
		args = append(args, r)
	}
	rows, err := tx.Query(ctx, `SELECT p.id FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.method = 'vietqr'
		AND i.agency_id = ? AND p.id IN (?`+strings.Repeat(", ?", len(refs)-1)+`) ORDER BY p.id`, args...)
	if err != nil {
		return nil, "", err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, "", err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	switch len(ids) {
	case 0:
		return nil, msgs.Text("credit_unknown_reference")[0], nil
	case 1:
		a, err := s.attempt(ctx, tx, ids[0], tx.ForUpdate())
		return a, "", err
	}
	return nil, msgs.Text("credit_ambiguous", strings.Join(ids, ", "))[0], nil
}

// maxReferences bounds the candidates one description is searched for.
const maxReferences = 32

// references are the attempt ids a transfer's description may carry, as banks mangle it:
// diacritics, case, spaces, dots and dashes inside it, and prefixes or suffixes glued to it
// ("MBVCB.3374.tt 2345 abcd..."). Every run "TT" + 14 characters of the alphabet in the text
// with everything but letters and digits removed is a candidate; only those that name an attempt
// count, and two that do make the credit ambiguous, never a guess.
func references(desc string) []string {
	var b strings.Builder
	for _, r := range strings.ToUpper(vntext.Fold(desc)) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	const n = 16 // "TT" and 14 characters (newRef)
	var out []string
	seen := map[string]bool{}
	for i := 0; i+n <= len(s) && len(out) < maxReferences; i++ {
		if s[i] != 'T' || s[i+1] != 'T' {
			continue
		}
		cand := s[i : i+n]
		if strings.Trim(cand[2:], refAlphabet) == "" && !seen[cand] {
			seen[cand] = true
			out = append(out, cand)
		}
	}
	return out
}

// WebhookSignatureHeader carries hex(HMAC-SHA256(secret, body)), optionally "sha256=" first.
const WebhookSignatureHeader = "X-Bank-Signature"

// WebhookBankHeader names the bank (its BIN) whose secret signed the body.
const WebhookBankHeader = "X-Bank-Bin"

// WebhookCredit is the body of a bank's webhook: one credit to one collection account.
type WebhookCredit struct {
	BankBIN string `json:"bank_bin"`
	Account string `json:"account"`
	Credit
}

// ParseBankSecrets reads MOTCUA_BANK_WEBHOOK_SECRET: "BIN=secret,BIN=secret", or one secret for
// every bank.
func ParseBankSecrets(s string) (map[string]string, error) {
	out := map[string]string{}
	s = strings.TrimSpace(s)
	if s == "" {
		return out, nil
	}
	if !strings.Contains(s, "=") {
		out["*"] = s
		return out, nil
	}
	for _, p := range strings.Split(s, ",") {
		bin, secret, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || len(bin) != 6 || strings.Trim(bin, "0123456789") != "" || len(secret) < 16 {
			return nil, fmt.Errorf("bank webhook secret: want BIN=secret (6 digits, a secret of 16 characters or more), got %q", p)
		}
		out[bin] = secret
	}
	return out, nil
}

// SetBankSecrets sets the banks' webhook secrets (ParseBankSecrets); none refuses every call.
func (s *Store) SetBankSecrets(m map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bankSecrets = m
}

// VerifyWebhook checks a webhook body's signature with the secret of bank bin.
func (s *Store) VerifyWebhook(bin, signature string, body []byte) error {
	s.mu.RLock()
	secret, ok := s.bankSecrets[bin]
	if !ok {
		secret, ok = s.bankSecrets["*"]
	}
	s.mu.RUnlock()
	got, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(signature), "sha256="))
	if !ok || secret == "" || err != nil {
		return errBadSignature
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	if !hmac.Equal(m.Sum(nil), got) {
		return errBadSignature
	}
	return nil
}

// Webhook records a bank's notification of one credit, its signature already checked
// (VerifyWebhook): the collection account names the agency; the credit is matched as a
// statement's line is, once per bank transaction.
func (s *Store) Webhook(ctx context.Context, bin string, in WebhookCredit) (*CreditResult, error) {
	var fe apperr.Fields
	if in.BankBIN != bin {
		fe.Add("bank_bin", msgs.Text("webhook_bin_mismatch"))
	}
	if in.BankTxn == "" || len(in.BankTxn) > maxBankTxn {
		fe.Add("transaction_id", msgs.Text("webhook_need_txn"))
	}
	if in.AmountVND <= 0 {
		fe.Add("amount_vnd", msgs.Text("webhook_need_amount"))
	}
	if in.BookedAt.IsZero() {
		fe.Add("booked_at", msgs.Text("webhook_need_booked"))
	}
	if err := fe.Err("invalid_credit", msgs.Text("invalid_credit")); err != nil {
		return nil, err
	}
	var agencyID int64
	err := s.db.QueryRow(ctx, `SELECT agency_id FROM collection_accounts WHERE bank_bin = ? AND account = ?`, in.BankBIN, in.Account).
		Scan(&agencyID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNoAccount
	}
	if err != nil {
		return nil, err
	}
	in.Description = vntext.NFC(in.Description)
	return s.RecordCredit(ctx, agencyID, in.Credit, SourceWebhook, 0)
}
