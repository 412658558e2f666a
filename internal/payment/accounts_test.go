package payment_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vntime"
)

// vietqrAttempt submits a fee dossier and starts its VietQR payment.
func (f *fixture) vietqrAttempt(t *testing.T) (code string, st *payment.Started) {
	t.Helper()
	sub := f.submit(t, feeProc)
	st, err := f.ps.Pay(context.Background(), f.users["congdan"], payment.PayInput{Invoice: f.invoice(t, sub.Code).ID,
		Method: payment.MethodVietQR}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return sub.Code, st
}

func (f *fixture) account(t *testing.T) {
	t.Helper()
	if err := f.ps.SetCollectionAccount(context.Background(), "00070", payment.CollectionAccount{BIN: "970415",
		Account: "113000012345", Holder: "UBND PHUONG HOAN KIEM"}); err != nil {
		t.Fatal(err)
	}
}

// mangle is a reference as a bank may pass it on: lower case, split by spaces, glued to a prefix.
func mangle(ref string) string {
	l := strings.ToLower(ref)
	return "MBVCB.3374120.tt" + l[2:6] + " " + l[6:11] + "-" + l[11:] + ".CT tu 0123456789 NGUYEN VAN AN"
}

func outcomes(rep *payment.ImportReport) string {
	var o []string
	for _, r := range rep.Results {
		o = append(o, r.Outcome)
	}
	return strings.Join(o, ",")
}

// A statement's lines, matched: exact and mangled references settle; a wrong amount, an
// unknown reference, a second transfer for a paid attempt go to the review queue; a line
// repeated, and the whole statement imported again, change nothing.
func TestStatementMatching(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		code1, a1 := f.vietqrAttempt(t)
		code2, a2 := f.vietqrAttempt(t)
		code3, a3 := f.vietqrAttempt(t)
		day := f.now.In(vntime.Location()).Format("02/01/2006")
		csv := "SAO KÊ TÀI KHOẢN 113000012345\nTừ ngày;" + day + "\n\n" +
			"STT;Ngày giao dịch;Số giao dịch;Số tiền ghi nợ;Số tiền ghi có;Nội dung\n" +
			"1;" + day + ";FT001;;7.000;" + a1.ID + "\n" +
			"2;" + day + ";FT002;;\"7,000\";" + mangle(a2.ID) + "\n" +
			"3;" + day + ";FT003;;5.000;" + a3.ID + " thanh toan\n" +
			"4;" + day + ";FT004;;7.000;chuyen tien le phi\n" +
			"5;" + day + ";FT001;;7.000;" + a1.ID + "\n" +
			"6;" + day + ";FT006;;7.000;" + a1.ID + " lan 2\n" +
			"7;" + day + ";FT007;10.000;;phi ngan hang\n" +
			"8;" + day + ";FT008;5.000;0,00;phi SMS\n" +
			";;;;;Tổng cộng\n"
		rep, err := f.ps.ImportStatement(ctx, f.users["ketoan"], "", "saoke.csv", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := outcomes(rep), "settled,settled,amount_mismatch,unmatched,already_imported,duplicate"; got != want {
			t.Fatalf("outcomes = %s; want %s", got, want)
		}
		if rep.Settled != 2 || rep.Reviewed != 3 || rep.AlreadyImported != 1 {
			t.Fatalf("report = %+v", rep)
		}
		for code, want := range map[string]dossier.Status{code1: dossier.StatusReceived, code2: dossier.StatusReceived} {
			if inv := f.invoice(t, code); inv.Status != payment.InvoicePaid {
				t.Fatalf("invoice of %s = %s; want paid", code, inv.Status)
			}
			if s := f.status(t, code); s == dossier.StatusPayment {
				t.Fatalf("dossier %s still awaits payment (want %s or later)", code, want)
			}
		}
		if inv := f.invoice(t, code3); inv.Status != payment.InvoiceUnpaid {
			t.Fatalf("invoice with a short transfer = %s; want unpaid", inv.Status)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE source = 'statement' AND payment_id = ?`, a1.ID); n != 2 {
			t.Fatalf("statement events of %s = %d; want 2 (settled, duplicate)", a1.ID, n)
		}
		reviews, err := f.ps.Reviews(ctx, f.users["ketoan"], "", false, 0)
		if err != nil || len(reviews) != 3 {
			t.Fatalf("Reviews = %d, %v; want 3", len(reviews), err)
		}
		// Again: nothing changes.
		before := f.count(t, `SELECT COUNT(*) FROM payment_reviews`) + 100*f.count(t, `SELECT COUNT(*) FROM payment_events`)
		rep, err = f.ps.ImportStatement(ctx, f.users["ketoan"], "00070", "saoke.csv", strings.NewReader(csv))
		if err != nil || rep.AlreadyImported != 6 || rep.Settled+rep.Reviewed != 0 {
			t.Fatalf("re-import = %+v, %v; want 6 already imported", rep, err)
		}
		if after := f.count(t, `SELECT COUNT(*) FROM payment_reviews`) + 100*f.count(t, `SELECT COUNT(*) FROM payment_events`); after != before {
			t.Fatalf("re-import changed the ledger or the queue: %d → %d", before, after)
		}
		// Others may not import, nor see the queue.
		for _, u := range []string{"congdan", "lanhdao", "tiepnhan2"} {
			_, err := f.ps.ImportStatement(ctx, f.users[u], "00070", "saoke.csv", strings.NewReader(csv))
			wantCode(t, err, "forbidden")
			if _, err := f.ps.Reviews(ctx, f.users[u], "00070", false, 0); apperr.KindOf(err) != apperr.KindForbidden {
				t.Fatalf("%s Reviews: %v; want forbidden", u, err)
			}
		}
		if all, err := f.ps.Reviews(ctx, f.users["admin"], "", false, 0); err != nil || len(all) != 3 {
			t.Fatalf("admin Reviews = %d, %v", len(all), err)
		}
	})
}

// An invoice paid another way (VNPay) and then by transfer: the transfer is recorded, not
// counted, refunded and reviewed; a description naming two attempts is never guessed.
func TestStatementAlreadyPaidAndAmbiguous(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		code, q := f.vietqrAttempt(t)
		v := f.pay(t, f.invoice(t, code).ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, v.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN = %+v", r)
		}
		_, q2 := f.vietqrAttempt(t)
		_, q3 := f.vietqrAttempt(t)
		at := f.now
		res, err := f.ps.RecordCredit(ctx, f.ketoanAgency(t), payment.Credit{BankTxn: "A1", BookedAt: at, AmountVND: 7000,
			Description: "ND " + q.ID}, payment.SourceStatement, 0)
		if err != nil || res.Outcome != payment.CreditDuplicate || res.PaymentID != q.ID {
			t.Fatalf("credit for a paid invoice = %+v, %v; want duplicate of %s", res, err, q.ID)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM refunds WHERE payment_id = ?`, q.ID); n != 1 {
			t.Fatalf("refunds of %s = %d; want 1", q.ID, n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE payment_id = ? AND credit_id IS NOT NULL`, q.ID); n != 1 {
			t.Fatalf("reviews of %s = %d; want 1, with its credit", q.ID, n)
		}
		// The accountant refunds it: the refund the ledger queued gains who asked and why.
		rs, err := f.ps.Reviews(ctx, f.users["ketoan"], "", false, 0)
		if err != nil || len(rs) != 1 || rs[0].Credit == nil || rs[0].Credit.BankTxn != "A1" || rs[0].AgencyCode != "00070" {
			t.Fatalf("Reviews = %+v, %v; want the one duplicate with its credit", rs, err)
		}
		if _, err := f.ps.Resolve(ctx, f.users["ketoan"], rs[0].ID, payment.Resolution{Resolution: "refund", Note: "Đã nộp qua VNPay"}); err != nil {
			t.Fatal(err)
		}
		refunds, err := f.ps.Refunds(ctx, q.ID)
		if err != nil || len(refunds) != 1 || refunds[0].RequestedBy != "ketoan" || !strings.HasSuffix(refunds[0].Reason, "Đã nộp qua VNPay") {
			t.Fatalf("refunds of %s = %+v, %v", q.ID, refunds, err)
		}
		if inv := f.invoice(t, code); inv.Status != payment.InvoicePaid || inv.PaymentID != v.ID {
			t.Fatalf("invoice = %+v; want still paid by %s", inv, v.ID)
		}
		res, err = f.ps.RecordCredit(ctx, f.ketoanAgency(t), payment.Credit{BankTxn: "A2", BookedAt: at, AmountVND: 7000,
			Description: q2.ID + " " + q3.ID}, payment.SourceStatement, 0)
		if err != nil || res.Outcome != payment.CreditUnmatched || res.PaymentID != "" {
			t.Fatalf("two references = %+v, %v; want unmatched", res, err)
		}
	})
}

func (f *fixture) ketoanAgency(t *testing.T) int64 {
	return f.users["ketoan"].AgencyID
}

// An XLSX statement with a preamble; a bad cell is named by sheet, row and column.
func TestStatementXLSX(t *testing.T) {
	x := excelize.NewFile()
	rows := [][]any{{"Ngân hàng TMCP Công Thương Việt Nam"}, {}, {"Ngày GD", "Số tham chiếu", "Diễn giải", "Phát sinh có"},
		{"07/12/2026 09:15", "FT1", "TT23456789ABCDEF", 200000}, {"07/12/2026", "FT2", "x", "hai trăm"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := payment.ParseStatement("sk.xlsx", bytes.NewReader(buf.Bytes()))
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, "Sheet1, dòng 5, cột Số tiền ghi có") {
		t.Fatalf("err = %#v; want one field naming Sheet1, row 5, the amount", err)
	}
	if err := x.RemoveRow("Sheet1", 5); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	cs, err := payment.ParseStatement("sk.xlsx", bytes.NewReader(buf.Bytes()))
	if err != nil || len(cs) != 1 || cs[0].AmountVND != 200000 || cs[0].BankTxn != "FT1" || cs[0].BookedAt.Hour() != 9 {
		t.Fatalf("ParseStatement = %+v, %v", cs, err)
	}
	for _, bad := range []string{"no header\n1,2,3\n", "Ngày,Số tiền,Nội dung,Mã GD\n99/99/2026,7000,x,FT\n",
		"Ngày,Số tiền,Nội dung,Mã GD\n01/12/2026,7000,x,\n", "Ngày,Số tiền,Nội dung,Mã GD\n01/12/2026,7.0,x,F\n"} {
		if _, err := payment.ParseStatement("x.csv", strings.NewReader(bad)); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("ParseStatement(%q) = %v; want invalid", bad, err)
		}
	}
	big := "Ngày,Số tiền,Nội dung,Mã GD\n" + strings.Repeat("01/12/2026,7000,x,F\n", payment.MaxStatementRows+30)
	if _, err := payment.ParseStatement("x.csv", strings.NewReader(big)); apperr.KindOf(err) != apperr.KindUnprocessable {
		t.Errorf("a statement of too many rows: %v; want invalid", err)
	}
}

func sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// The bank's webhook: signed per bank, one credit at a time, once per transaction.
func TestWebhook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		code, a := f.vietqrAttempt(t)
		secrets, err := payment.ParseBankSecrets("970415=bank-secret-0123456789,970436=other-secret-0123456789")
		if err != nil {
			t.Fatal(err)
		}
		f.ps.SetBankSecrets(secrets)
		body := []byte(`{"bank_bin":"970415","account":"113000012345","transaction_id":"W1","amount_vnd":7000,"description":"` + a.ID + `"}`)
		if err := f.ps.VerifyWebhook("970415", sign("bank-secret-0123456789", body), body); err != nil {
			t.Fatalf("good signature: %v", err)
		}
		for _, c := range []struct{ bin, sig string }{{"970415", sign("other-secret-0123456789", body)}, {"970436",
			sign("bank-secret-0123456789", body)}, {"970415", "zz"}, {"970499", sign("bank-secret-0123456789", body)},
			{"970415", sign("bank-secret-0123456789", append(body, ' '))}} {
			if err := f.ps.VerifyWebhook(c.bin, c.sig, body); apperr.KindOf(err) != apperr.KindUnauthenticated {
				t.Errorf("VerifyWebhook(%s, %s) = %v; want unauthenticated", c.bin, c.sig, err)
			}
		}
		in := payment.WebhookCredit{BankBIN: "970415", Account: "113000012345", Credit: payment.Credit{BankTxn: "W1",
			BookedAt: f.now, AmountVND: 7000, Description: a.ID}}
		for i, want := range []string{payment.CreditSettled, payment.CreditAlreadyImported} {
			res, err := f.ps.Webhook(ctx, "970415", in)
			if err != nil || res.Outcome != want {
				t.Fatalf("webhook %d = %+v, %v; want %s", i, res, err, want)
			}
		}
		if inv := f.invoice(t, code); inv.Status != payment.InvoicePaid {
			t.Fatalf("invoice = %s; want paid", inv.Status)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE source = 'webhook' AND payment_id = ?`, a.ID); n != 1 {
			t.Fatalf("webhook events = %d; want 1", n)
		}
		in.Account = "999"
		if _, err := f.ps.Webhook(ctx, "970415", in); apperr.KindOf(err) != apperr.KindNotFound {
			t.Fatalf("unknown account: %v", err)
		}
		in.Account, in.BankBIN = "113000012345", "970436"
		wantCode(t, func() error { _, err := f.ps.Webhook(ctx, "970415", in); return err }(), "invalid_credit")
		if _, err := payment.ParseBankSecrets("970415=short"); err == nil {
			t.Fatal("a short secret was accepted")
		}
	})
}

// The accountant works through the queue: an unmatched credit accepted as an invoice's payment,
// a short one refused as payment and refunded, a second transfer refunded, a note required,
// resolved once; refunds with their reasons on the payment; the day's report.
func TestReviewsRefundsReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		kt := f.users["ketoan"]
		_, paid := f.vietqrAttempt(t)
		code, lost := f.vietqrAttempt(t)
		_, short := f.vietqrAttempt(t)
		ag := f.ketoanAgency(t)
		credit := func(txn string, amount int64, desc string) *payment.CreditResult {
			t.Helper()
			r, err := f.ps.RecordCredit(ctx, ag, payment.Credit{BankTxn: txn, BookedAt: f.now, AmountVND: amount, Description: desc},
				payment.SourceStatement, kt.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		credit("B1", 7000, paid.ID)
		credit("B2", 7000, paid.ID+" again")   // a second transfer
		credit("B3", 9000, "chuyen khoan phi") // the reference was lost: 2.000 more than owed
		credit("B4", 5000, short.ID)           // short
		open, err := f.ps.Reviews(ctx, kt, "", false, 0)
		if err != nil || len(open) != 3 {
			t.Fatalf("open reviews = %d, %v; want 3", len(open), err)
		}
		byTxn := map[string]payment.Review{}
		for _, r := range open {
			byTxn[r.Credit.BankTxn] = r
		}
		resolve := func(txn string, in payment.Resolution) (*payment.Review, error) {
			return f.ps.Resolve(ctx, kt, byTxn[txn].ID, in)
		}
		_, err = resolve("B3", payment.Resolution{Resolution: "accept"})
		wantCode(t, err, "invalid_resolution") // no note
		_, err = resolve("B3", payment.Resolution{Resolution: "accept", Note: "Người nộp gọi điện xác nhận"})
		wantCode(t, err, "invalid_resolution") // no invoice
		inv := f.invoice(t, code)
		_, err = resolve("B4", payment.Resolution{Resolution: "accept", Note: "thiếu", Invoice: f.invoice(t, code).ID})
		wantCode(t, err, "invalid_resolution") // 5.000 cannot pay 7.000
		r, err := resolve("B3", payment.Resolution{Resolution: "accept", Note: "Người nộp gọi điện xác nhận", Invoice: inv.ID})
		if err != nil || r.Resolution != "accept" || r.ResolvedBy != "ketoan" || r.ResolvedAt == nil {
			t.Fatalf("accept = %+v, %v", r, err)
		}
		if inv := f.invoice(t, code); inv.Status != payment.InvoicePaid || inv.PaymentID == lost.ID {
			t.Fatalf("accepted invoice = %+v; want paid by a new attempt", inv)
		}
		pd, err := f.ps.AccountPayment(ctx, kt, f.invoice(t, code).PaymentID)
		if err != nil || len(pd.Refunds) != 1 || pd.Refunds[0].AmountVND != 2000 || len(pd.Events) != 1 || pd.Events[0].Source != "statement" {
			t.Fatalf("accepted payment = %+v, %v; want a 2.000 refund of the surplus and its statement event", pd, err)
		}
		_, err = resolve("B3", payment.Resolution{Resolution: "ignore", Note: "x"})
		wantCode(t, err, "review_resolved")
		if _, err := resolve("B4", payment.Resolution{Resolution: "refund", Note: "Chuyển thiếu, hoàn lại để nộp đúng"}); err != nil {
			t.Fatal(err)
		}
		if _, err := resolve("B2", payment.Resolution{Resolution: "refund", Note: "Chuyển trùng"}); err != nil {
			t.Fatal(err)
		}
		// Neither touched the attempt the first transfer paid.
		if n := f.count(t, `SELECT COUNT(*) FROM refunds WHERE payment_id IN (?, ?)`, paid.ID, short.ID); n != 0 {
			t.Fatalf("refunds of the paid and the short attempt = %d; want 0", n)
		}
		if open, _ := f.ps.Reviews(ctx, kt, "", false, 0); len(open) != 0 {
			t.Fatalf("open reviews = %d; want 0", len(open))
		}
		if done, _ := f.ps.Reviews(ctx, kt, "", true, 0); len(done) != 3 {
			t.Fatalf("resolved reviews = %d; want 3", len(done))
		}
		if _, err := f.ps.ReviewByID(ctx, f.users["tiepnhan2"], byTxn["B2"].ID); apperr.KindOf(err) != apperr.KindNotFound {
			t.Fatalf("another agency's review: %v; want not found", err)
		}
		// A refund asked of a paid attempt, with its reason.
		_, err = f.ps.RequestRefund(ctx, kt, paid.ID, payment.RefundInput{})
		wantCode(t, err, "invalid_refund")
		_, err = f.ps.RequestRefund(ctx, kt, short.ID, payment.RefundInput{Reason: "x"})
		wantCode(t, err, "payment_not_paid")
		_, err = f.ps.RequestRefund(ctx, f.users["congdan"], paid.ID, payment.RefundInput{Reason: "x"})
		wantCode(t, err, "payment_not_found")
		rf, err := f.ps.RequestRefund(ctx, kt, paid.ID, payment.RefundInput{Reason: "Hồ sơ bị từ chối do nộp nhầm thủ tục"})
		if err != nil || rf.AmountVND != 7000 || rf.Status != "pending" || rf.RequestedBy != "ketoan" || !strings.Contains(rf.Reason, "nộp nhầm") {
			t.Fatalf("refund = %+v, %v", rf, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('payment.refund', 'payment.review_resolve')`); n != 4 {
			t.Fatalf("audited resolutions and refunds = %d; want 4", n)
		}
		// The day's report: two VietQR fee payments of 7.000, one refund of 7.000 and one of 2.000.
		day := f.now.In(vntime.Location()).Format("2006-01-02")
		rep, err := f.ps.Collections(ctx, kt, day, "")
		if err != nil || len(rep.Rows) != 1 || rep.Count != 2 || rep.TotalVND != 14000 || rep.Rows[0].Method != "vietqr" ||
			rep.Rows[0].Kind != "fee" || rep.Rows[0].Refunds != 9000 || rep.Agency != "00070" {
			t.Fatalf("Collections = %+v, %v", rep, err)
		}
		if other, err := f.ps.Collections(ctx, kt, time.Now().AddDate(0, 0, -3).Format("2006-01-02"), ""); err != nil || other.Count != 0 {
			t.Fatalf("another day = %+v, %v", other, err)
		}
		_, err = f.ps.Collections(ctx, kt, "07/12/2026", "")
		wantCode(t, err, "invalid_date")
		_, err = f.ps.Collections(ctx, f.users["lanhdao"], day, "")
		wantCode(t, err, "forbidden")
		x, err := rep.XLSX()
		if err != nil {
			t.Fatal(err)
		}
		xf, err := excelize.OpenReader(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := xf.GetCellValue(xf.GetSheetName(0), "F3"); v != "14000" {
			t.Fatalf("XLSX F3 = %q; want 14000", v)
		}
	})
}

// The daily reconciliation: statements against the ledger for VietQR, querydr for VNPay; a
// difference is reviewed once.
func TestReconcileDay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		_, q := f.vietqrAttempt(t)
		if _, err := f.ps.RecordCredit(ctx, f.ketoanAgency(t), payment.Credit{BankTxn: "C1", BookedAt: f.now, AmountVND: 7000,
			Description: q.ID}, payment.SourceWebhook, 0); err != nil {
			t.Fatal(err)
		}
		code := f.submit(t, feeProc).Code
		v := f.pay(t, f.invoice(t, code).ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, v.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN = %+v", r)
		}
		day := f.now.In(vntime.Location()).Format("2006-01-02")
		gw := &gateway{answers: map[string]payment.GatewayResult{}}
		for i := range 2 {
			totals, err := f.ps.ReconcileDay(ctx, gw, day)
			if err != nil || len(totals) != 2 {
				t.Fatalf("ReconcileDay = %+v, %v", totals, err)
			}
			for _, tt := range totals {
				if tt.LedgerCount != 1 || tt.LedgerVND != 7000 {
					t.Fatalf("%s ledger = %d, %d; want 1, 7000", tt.Method, tt.LedgerCount, tt.LedgerVND)
				}
				if tt.Method == payment.MethodVietQR && (tt.GatewayCnt != 1 || tt.GatewayVND != 7000) {
					t.Fatalf("vietqr statements = %d, %d; want 1, 7000", tt.GatewayCnt, tt.GatewayVND)
				}
			}
			// VNPay reports nothing paid: one review, not one per run.
			if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'gateway_mismatch' AND agency_id = ?`,
				f.ketoanAgency(t)); n != 1 {
				t.Fatalf("run %d: day reviews = %d; want 1", i, n)
			}
		}
		gw.answers[v.ID] = payment.GatewayResult{Status: payment.GatewayPaid, AmountVND: 7000}
		if _, err := f.ps.ReconcileDay(ctx, gw, day); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'gateway_mismatch'`); n != 1 {
			t.Fatalf("day reviews after agreement = %d; want still 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM reconciliations WHERE day = ?`, day); n != 2 {
			t.Fatalf("reconciliations = %d; want 2", n)
		}
	})
}

var _ = fmt.Sprint
