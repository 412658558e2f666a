package payment_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
)

// anyBill owes 50,000 đồng for any bill id, so each payment of the benchmark has its own invoice.
type anyBill struct{}

func (anyBill) Owed(ctx context.Context, payer *org.User, ref string) (int64, string, string, error) {
	return 50000, "EVNHN", "Tiền điện " + ref, nil
}
func (anyBill) Paid(ctx context.Context, tx *db.Tx, ref, paymentID string, at time.Time) error {
	return nil
}

// BenchmarkPayAndIPN is a payment end to end in the domain, from 16 concurrent payers: the
// bill's invoice raised, the attempt created with its signed VNPay URL, then the IPN verified
// and settled (attempt, event, invoice, audit entry) — against the engine's raw limit for the
// same writes, the same statements in the same transactions with nothing else, run after it on
// the same database for as many payments: it reports that ratio as ratio-to-raw (target ≥ 0.5).
//
//	MOTCUA_TEST_POSTGRES=… go test ./internal/payment -run '^$' -bench PayAndIPN -benchtime 3s -count 3
func BenchmarkPayAndIPN(b *testing.B) {
	eachEngine(b, func(b *testing.B, d *db.DB) {
		f := setup(b, d)
		f.ps.Register(payment.KindBill, anyBill{})
		u := f.users["congdan"]
		ctx := context.Background()
		var n atomic.Int64
		b.SetParallelism(8)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				bill := fmt.Sprintf("B%d", n.Add(1))
				st, err := f.ps.Pay(ctx, u, payment.PayInput{Bill: bill, Method: payment.MethodVNPay}, "203.0.113.9", "vn")
				if err != nil {
					b.Error(err)
					return
				}
				q := url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {st.ID}, "vnp_Amount": {"5000000"},
					"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {strconv.FormatInt(n.Load(), 10)}}
				h, _ := vnpay.SignQuery(secret, q)
				q.Set("vnp_SecureHash", h)
				if r := f.ps.IPN(ctx, q); r.RspCode != "00" {
					b.Errorf("IPN = %+v", r)
					return
				}
			}
		})
		b.StopTimer()
		rate := float64(b.N) / b.Elapsed().Seconds()
		b.ReportMetric(rate, "payments/s")
		// The same number of raw writes on the same database, after: the ratio of record.
		start := time.Now()
		if err := rawWrites(d, u.ID, fmt.Sprintf("R%d-", b.N), b.N); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rate/(float64(b.N)/time.Since(start).Seconds()), "ratio-to-raw")
	})
}

// BenchmarkRawPaymentWrites is the engine's limit for BenchmarkPayAndIPN's writes alone.
func BenchmarkRawPaymentWrites(b *testing.B) {
	eachEngine(b, func(b *testing.B, d *db.DB) {
		f := setup(b, d)
		b.ResetTimer()
		if err := rawWrites(d, f.users["congdan"].ID, "B", b.N); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "payments/s")
	})
}

// rawWrites makes n payments' writes from 16 goroutines, as BenchmarkPayAndIPN's payers do: the
// invoice, the attempt, then in one transaction the locked read, the event, the attempt's and
// the invoice's updates, the receipt's number, row and job, and the audit entry, with no
// checks, signatures or reads around them.
func rawWrites(d *db.DB, uid int64, prefix string, n int) error {
	ctx := context.Background()
	now := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range 16 {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				if err := rawPayment(ctx, d, uid, fmt.Sprintf("%s%d", prefix, i), now); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

func rawPayment(ctx context.Context, d *db.DB, uid int64, key string, now time.Time) error {
	inv, pay := "HDRAW"+key, "TTRAW"+key
	err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO invoices (id, kind, ref, payee, payer_id, description, amount_vnd, lines, status, created_at)
			VALUES (?, 'bill', ?, 'EVNHN', ?, 'Tiền điện', 50000, '[{"name":"Tiền điện","amount_vnd":50000}]', 'unpaid', ?)`, inv, inv, uid, now)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `INSERT INTO payments (id, invoice_id, method, amount_vnd, payer_id, status, created_at, expires_at)
		VALUES (?, ?, 'vnpay', 50000, ?, 'pending', ?, ?)`, pay, inv, uid, now, now.Add(15*time.Minute)); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT p.status FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.id = ?`+tx.ForUpdate(), pay).Scan(&status); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO payment_events (at, source, payment_id, verified, outcome, data) VALUES (?, 'ipn', ?, 1, '00', ?)`,
			now, pay, "vnp_Amount=5000000&vnp_TxnRef="+pay); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'paid', counted = 1, settled_at = ?, gateway_txn = '1', response_code = '00' WHERE id = ?`, now, pay); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE invoices SET status = 'paid', paid_at = ?, payment_id = ? WHERE id = ?`, now, pay, inv); err != nil {
			return err
		}
		// The e-receipt's number from the issuer's counter, its row and its job.
		var template, symbol string
		if err := tx.QueryRow(ctx, `SELECT template, symbol FROM receipt_series WHERE issuer = ?`, "bill:EVNHN").Scan(&template, &symbol); err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
		var n int64
		if err := tx.QueryRow(ctx, `INSERT INTO receipt_counters (issuer, template, symbol, last) VALUES ('bill:EVNHN', 'T', 'S', 1)
			ON CONFLICT (issuer, template, symbol) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last`).Scan(&n); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO payment_receipts (payment_id, issuer, template, symbol, number, created_at)
			VALUES (?, 'bill:EVNHN', 'T', 'S', ?, ?)`, pay, n, now); err != nil {
			return err
		}
		if _, err := job.Enqueue(ctx, tx, payment.ReceiptKind, map[string]string{"payment": pay}); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{Action: "payment.paid", Object: pay, Detail: map[string]any{"invoice": inv}})
	})
}

func eachEngine(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
}
