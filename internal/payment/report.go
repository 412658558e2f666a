package payment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// CollectionRow is one line of the daily collection report: what one payee collected through
// one channel for one kind of invoice.
type CollectionRow struct {
	Agency    string `json:"agency"` // the agency's code; for bills, the biller's
	Name      string `json:"name"`
	Kind      string `json:"kind"`   // fee | bill
	Method    string `json:"method"` // vnpay | vietqr
	Count     int    `json:"count"`
	AmountVND int64  `json:"amount_vnd"`
	Refunds   int64  `json:"refunds_vnd"` // refunds recorded that day for the same payee, kind and channel
}

// Collections is the daily collection report.
type Collections struct {
	Date     string          `json:"date"` // YYYY-MM-DD, Vietnam's day
	Agency   string          `json:"agency,omitempty"`
	Rows     []CollectionRow `json:"rows"`
	TotalVND int64           `json:"total_vnd"`
	Count    int             `json:"count"`
}

var errBadDate = apperr.Invalid("invalid_date", msgs.Text("invalid_date"), apperr.Field("date", msgs.Text("date_format")))

// dayBounds is the day's start and end in Vietnam's time.
func dayBounds(date string) (time.Time, time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", date, vntime.Location())
	if err != nil {
		return time.Time{}, time.Time{}, errBadDate
	}
	return d, d.AddDate(0, 0, 1), nil
}

// Collections is what was collected on date (Vietnam's day), by payee, kind and channel: the
// attempts that paid their invoices (counted), settled that day. An accountant sees their
// agency; an administrator any agency, or everything (bills too) when agencyCode is empty.
func (s *Store) Collections(ctx context.Context, actor *org.User, date, agencyCode string) (*Collections, error) {
	if err := mayAccountAny(actor); err != nil {
		return nil, err
	}
	from, to, err := dayBounds(date)
	if err != nil {
		return nil, err
	}
	where, args := "", []any{from, to}
	out := &Collections{Date: date, Rows: []CollectionRow{}}
	if !actor.IsAdmin() || agencyCode != "" {
		ag, err := s.accountsOf(ctx, actor, agencyCode)
		if err != nil {
			return nil, err
		}
		where, out.Agency = ` AND i.agency_id = ?`, ag.Code
		args = append(args, ag.ID)
	}
	rows, err := s.db.Query(ctx, `SELECT i.payee, COALESCE(ag.name, i.payee), i.kind, p.method, COUNT(*), SUM(p.amount_vnd)
		FROM payments p JOIN invoices i ON i.id = p.invoice_id LEFT JOIN agencies ag ON ag.id = i.agency_id
		WHERE p.counted = 1 AND p.settled_at >= ? AND p.settled_at < ?`+where+`
		GROUP BY i.payee, COALESCE(ag.name, i.payee), i.kind, p.method ORDER BY i.payee, i.kind, p.method`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r CollectionRow
		if err := rows.Scan(&r.Agency, &r.Name, &r.Kind, &r.Method, &r.Count, &r.AmountVND); err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, r)
		out.TotalVND += r.AmountVND
		out.Count += r.Count
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	refunds, err := s.db.Query(ctx, `SELECT i.payee, i.kind, p.method, SUM(f.amount_vnd) FROM refunds f
		JOIN payments p ON p.id = f.payment_id JOIN invoices i ON i.id = p.invoice_id
		WHERE f.created_at >= ? AND f.created_at < ?`+where+` GROUP BY i.payee, i.kind, p.method`, args...)
	if err != nil {
		return nil, err
	}
	defer refunds.Close()
	for refunds.Next() {
		var payee, kind, method string
		var sum int64
		if err := refunds.Scan(&payee, &kind, &method, &sum); err != nil {
			return nil, err
		}
		for i := range out.Rows {
			if r := &out.Rows[i]; r.Agency == payee && r.Kind == kind && r.Method == method {
				r.Refunds = sum
			}
		}
	}
	return out, refunds.Err()
}

// XLSX is the report as a spreadsheet, Vietnamese headers, amounts as numbers.
func (c *Collections) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Thu " + c.Date
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	rows := [][]any{{"Báo cáo thu ngày " + c.Date}, {"Mã đơn vị", "Đơn vị", "Loại", "Kênh", "Số giao dịch", "Số tiền (đồng)",
		"Hoàn tiền (đồng)"}}
	for _, r := range c.Rows {
		kind := "Phí, lệ phí"
		if r.Kind == KindBill {
			kind = "Hóa đơn"
		}
		method := "VNPay"
		if r.Method == MethodVietQR {
			method = "VietQR"
		}
		rows = append(rows, []any{r.Agency, r.Name, kind, method, r.Count, r.AmountVND, r.Refunds})
	}
	rows = append(rows, []any{"Tổng cộng", "", "", "", c.Count, c.TotalVND})
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DailyKind is the name of the daily reconciliation job.
const DailyKind = "payment-daily-reconcile"

// DailyJob is the periodic job kind that reconciles yesterday (Vietnam's day) with gw.
func (s *Store) DailyJob(gw Gateway) job.Kind {
	// The timeout stays within the queue's default lease (which is twice the longest timeout).
	return job.Kind{Name: DailyKind, Every: 24 * time.Hour, Timeout: 4 * time.Minute, MaxAttempts: 3,
		Handle: func(ctx context.Context, _ *job.Job) error {
			_, err := s.ReconcileDay(ctx, gw, s.now().In(vntime.Location()).AddDate(0, 0, -1).Format("2006-01-02"))
			return err
		}}
}

// DayTotals is one agency's and one channel's day: the ledger's count and total against the
// gateway's.
type DayTotals struct {
	AgencyID                int64
	Method                  string
	LedgerCount, GatewayCnt int
	LedgerVND, GatewayVND   int64
}

type dayKey struct {
	agency int64
	method string
}

// ReconcileDay compares, per agency and channel, what the ledger counted paid on date with
// what the gateway reports: VNPay's transaction query for each such attempt (the only API it
// has), the imported statements' settled credits booked that day for VietQR. Each difference
// is a gateway_mismatch in the agency's review queue, once per day and channel unless the
// numbers change; the day's totals are kept in reconciliations.
func (s *Store) ReconcileDay(ctx context.Context, gw Gateway, date string) ([]DayTotals, error) {
	from, to, err := dayBounds(date)
	if err != nil {
		return nil, err
	}
	days := map[dayKey]*DayTotals{}
	get := func(agency int64, method string) *DayTotals {
		k := dayKey{agency, method}
		if days[k] == nil {
			days[k] = &DayTotals{AgencyID: agency, Method: method}
		}
		return days[k]
	}
	rows, err := s.db.Query(ctx, `SELECT p.id, i.agency_id FROM payments p JOIN invoices i ON i.id = p.invoice_id
		WHERE p.counted = 1 AND p.settled_at >= ? AND p.settled_at < ? AND i.agency_id IS NOT NULL ORDER BY p.settled_at`, from, to)
	if err != nil {
		return nil, err
	}
	type paid struct {
		id     string
		agency int64
	}
	var ids []paid
	for rows.Next() {
		var p paid
		if err := rows.Scan(&p.id, &p.agency); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type paidAttempt struct {
		a      *Attempt
		agency int64
	}
	var list []paidAttempt
	for _, p := range ids {
		a, err := s.attempt(ctx, s.db, p.id, "")
		if err != nil {
			return nil, err
		}
		list = append(list, paidAttempt{a, p.agency})
	}
	for _, p := range list {
		d := get(p.agency, p.a.Method)
		d.LedgerCount++
		d.LedgerVND += p.a.AmountVND
		if p.a.Method != MethodVNPay || gw == nil {
			continue
		}
		r, err := gw.Query(ctx, *p.a)
		if err != nil {
			return nil, fmt.Errorf("payment: daily reconciliation: query %s: %w", p.a.ID, err)
		}
		if r.Status == GatewayPaid {
			d.GatewayCnt++
			d.GatewayVND += r.AmountVND
		}
	}
	credits, err := s.db.Query(ctx, `SELECT agency_id, COUNT(*), SUM(amount_vnd) FROM bank_credits WHERE outcome = 'settled'
		AND booked_at >= ? AND booked_at < ? GROUP BY agency_id`, from, to)
	if err != nil {
		return nil, err
	}
	for credits.Next() {
		var agency, sum int64
		var n int
		if err := credits.Scan(&agency, &n, &sum); err != nil {
			credits.Close()
			return nil, err
		}
		d := get(agency, MethodVietQR)
		d.GatewayCnt, d.GatewayVND = n, sum
	}
	credits.Close()
	var out []DayTotals
	for _, d := range days {
		if d.Method == MethodVNPay && gw == nil {
			continue
		}
		if err := s.recordDay(ctx, date, d); err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// recordDay keeps a day's totals and queues a review when they differ and changed.
func (s *Store) recordDay(ctx context.Context, date string, d *DayTotals) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var lc, gc int
		var lv, gv int64
		err := tx.QueryRow(ctx, `SELECT ledger_count, ledger_vnd, gateway_count, gateway_vnd FROM reconciliations
			WHERE day = ? AND agency_id = ? AND method = ?`, date, d.AgencyID, d.Method).Scan(&lc, &lv, &gc, &gv)
		seen := err == nil
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
		same := seen && lc == d.LedgerCount && lv == d.LedgerVND && gc == d.GatewayCnt && gv == d.GatewayVND
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO reconciliations (day, agency_id, method, ledger_count, ledger_vnd, gateway_count,
			gateway_vnd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, agency_id, method) DO UPDATE SET
			ledger_count = excluded.ledger_count, ledger_vnd = excluded.ledger_vnd, gateway_count = excluded.gateway_count,
			gateway_vnd = excluded.gateway_vnd, created_at = excluded.created_at`, date, d.AgencyID, d.Method, d.LedgerCount,
			d.LedgerVND, d.GatewayCnt, d.GatewayVND, now); err != nil {
			return err
		}
		if same || (d.LedgerCount == d.GatewayCnt && d.LedgerVND == d.GatewayVND) {
			return nil
		}
		detail := msgs.Text("day_mismatch", date, d.Method, d.LedgerCount, vntext.Thousands(d.LedgerVND), d.GatewayCnt, vntext.Thousands(d.GatewayVND))[0]
		if err := event(ctx, tx, now, SourceReconcile, "", true, "day_mismatch", detail); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO payment_reviews (kind, detail, created_at, agency_id) VALUES ('gateway_mismatch', ?, ?, ?)`,
			detail, now, d.AgencyID)
		return err
	})
}
