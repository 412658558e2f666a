package payment_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
)

// FuzzParseStatement: a bank statement is an accountant's upload, so any bytes must give either
// credits that the matching can trust (a positive amount, a bank transaction id, a booking time,
// valid UTF-8, at most the row limit) or an unprocessable-kind error naming what was wrong,
// never a panic or another kind of error.
func FuzzParseStatement(f *testing.F) {
	f.Add("saoke.csv", "STT;Ngày giao dịch;Số giao dịch;Số tiền ghi nợ;Số tiền ghi có;Nội dung\n1;07/12/2026;FT001;;7.000;TT123\n")
	f.Add("saoke.csv", "Ngày giao dịch,Số giao dịch,Số tiền ghi có,Nội dung\n2026-12-07,FT2,\"7,000.00\",thanh toan TTABC\n,,,Tổng cộng\n")
	f.Add("saoke.csv", "Ngày giao dịch\tSố giao dịch\tSố tiền ghi có\tNội dung\n07/12/2026 10:15\tFT3\t0,00\tphi\n")
	f.Add("saoke.xlsx", "PK\x03\x04 not really a workbook")
	f.Add("saoke.csv", "\xff\xfe;;;\n\"unterminated")
	f.Fuzz(func(t *testing.T, name, data string) {
		credits, err := payment.ParseStatement(name, strings.NewReader(data))
		if err != nil {
			if k := apperr.KindOf(err); k != apperr.KindUnprocessable {
				t.Fatalf("error of kind %v: %v", k, err)
			}
			return
		}
		if len(credits) > payment.MaxStatementRows {
			t.Fatalf("%d credits, more than %d", len(credits), payment.MaxStatementRows)
		}
		for i, c := range credits {
			if c.AmountVND <= 0 || c.BankTxn == "" || c.BookedAt.IsZero() {
				t.Fatalf("credit %d = %+v: want a positive amount, a transaction id and a booking time", i, c)
			}
			if !utf8.ValidString(c.BankTxn) || !utf8.ValidString(c.Description) {
				t.Fatalf("credit %d has invalid UTF-8: %+v", i, c)
			}
		}
	})
}
