package payment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/xlsxread"
)

// Bounds of a bank statement: a day's credits of one account fit well within them.
const (
	MaxStatementBytes = 4 << 20
	MaxStatementRows  = 5000
	maxHeaderScan     = 20  // rows of a bank's preamble before the header
	maxCreditText     = 500 // runes of a transfer's description kept
	maxBankTxn        = 64
)

// Credit is one credit to a collection account, as the bank reports it.
type Credit struct {
	BankTxn     string    `json:"transaction_id"`
	BookedAt    time.Time `json:"booked_at"`
	AmountVND   int64     `json:"amount_vnd"`
	Description string    `json:"description"`
}

// The columns a statement must have, each known by the headers of common Vietnamese bank exports
// (folded: no diacritics, no case) and English ones.
var statementColumns = []struct {
	name    string // as errors name it
	headers []string
}{
	{"Ngày giao dịch", []string{"ngay giao dich", "ngay gd", "ngay hach toan", "ngay", "ngay hieu luc", "date", "transaction date",
		"booking date", "value date"}},
	{"Số tiền ghi có", []string{"so tien ghi co", "ghi co", "phat sinh co", "so tien co", "so tien", "credit", "credit amount",
		"amount"}},
	{"Nội dung", []string{"noi dung", "noi dung giao dich", "noi dung chuyen khoan", "dien giai", "mo ta", "description",
		"transaction details", "details", "remark"}},
	{"Số giao dịch", []string{"so giao dich", "ma giao dich", "so tham chieu", "so but toan", "ma gd", "so gd", "so ct",
		"transaction id", "transaction no", "reference", "reference no", "ref no"}},
}

// statementSheet bounds an XLSX statement: a bank's export is a few columns wide.
var statementSheet = xlsxread.Limits{Unzipped: 64 << 20, Rows: MaxStatementRows + maxHeaderScan, Columns: 64}

// ParseStatement reads a collection account's statement, CSV (comma, semicolon or tab; UTF-8)
// or XLSX (the first sheet), into its credits: the header row is the first with the four
// columns, found among the first rows; rows without a credit amount (debits, totals) are
// skipped. Errors name the sheet, the row and the column.
func ParseStatement(name string, r io.Reader) ([]Credit, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxStatementBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxStatementBytes {
		return nil, statementErr(msgs.Text("statement_too_big", MaxStatementBytes>>20))
	}
	var rows [][]string
	sheet := "CSV"
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		f, err := xlsxread.Open(bytes.NewReader(data), statementSheet)
		if err != nil {
			return nil, statementErr(msgs.Text("statement_unreadable"))
		}
		defer f.Close()
		sheet = f.GetSheetName(0)
		rows, err = xlsxread.Rows(f, sheet, statementSheet)
		var re *xlsxread.RowError
		switch {
		case errors.Is(err, xlsxread.ErrTooManyRows):
			return nil, statementErr(msgs.Text("statement_too_many_rows", MaxStatementRows))
		case errors.As(err, &re):
			return nil, statementErr(msgs.Text("statement_too_wide", sheet, re.Row, statementSheet.Columns))
		case err != nil:
			return nil, statementErr(msgs.Text("statement_unreadable"))
		}
	} else {
		if rows, err = readCSV(data); err != nil {
			return nil, err
		}
	}
	if len(rows) > MaxStatementRows+maxHeaderScan {
		return nil, statementErr(msgs.Text("statement_too_many_rows", MaxStatementRows))
	}
	head, cols := -1, []int(nil)
	for i := 0; i < len(rows) && i < maxHeaderScan && head < 0; i++ {
		if c, ok := headerColumns(rows[i]); ok {
			head, cols = i, c
		}
	}
	if head < 0 {
		return nil, statementErr(msgs.Text("statement_no_header", sheet))
	}
	var out []Credit
	var fe apperr.Fields
	for i := head + 1; i < len(rows) && fe.Len() < 20; i++ {
		row := rows[i]
		cell := func(c int) string {
			if cols[c] < len(row) {
				return strings.TrimSpace(row[cols[c]])
			}
			return ""
		}
		amountText := cell(1)
		if amountText == "" || amountText == "-" {
			continue // a debit, a blank or a total line
		}
		at := func(c int, key string, args ...any) {
			what := msgs.Text(key, args...)
			fe.Add("statement", msgs.TextFunc("statement_cell", func(l i18n.Lang) []any {
				return []any{sheet, i + 1, statementColumns[c].name, what[l]}
			}))
		}
		amount, ok := parseAmount(amountText)
		if !ok {
			at(1, "statement_bad_amount", amountText)
			continue
		}
		if amount == 0 {
			continue // a debit shown with 0 (or 0,00) credited
		}
		booked, ok := parseBooked(cell(0))
		if !ok {
			at(0, "statement_bad_date", cell(0))
			continue
		}
		txn := cell(3)
		if txn == "" || len(txn) > maxBankTxn || !utf8.ValidString(txn) {
			at(3, "statement_bad_txn")
			continue
		}
		desc := vntext.NFC(cell(2))
		if utf8.RuneCountInString(desc) > maxCreditText {
			desc = string([]rune(desc)[:maxCreditText])
		}
		out = append(out, Credit{BankTxn: txn, BookedAt: booked, AmountVND: amount, Description: desc})
	}
	if fe.Len() > 0 {
		return nil, fe.Err("invalid_statement", msgs.Text("invalid_statement"))
	}
	if len(out) > MaxStatementRows {
		return nil, statementErr(msgs.Text("statement_too_many_rows", MaxStatementRows))
	}
	return out, nil
}

func statementErr(t i18n.Text) error {
	return apperr.Invalid("invalid_statement", msgs.Text("invalid_statement"), apperr.Field("statement", t))
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, statementErr(msgs.Text("statement_not_utf8"))
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	// The separator is the one most used on a line of the preamble and header.
	best := 0
	for i, line := range bytes.SplitN(data, []byte("\n"), maxHeaderScan+1) {
		if i == maxHeaderScan {
			break
		}
		for _, d := range []rune{',', ';', '\t'} {
			if n := bytes.Count(line, []byte(string(d))); n > best {
				best, r.Comma = n, d
			}
		}
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, statementErr(msgs.Text("statement_bad_csv", line))
		}
		if len(rows) > MaxStatementRows+maxHeaderScan {
			return nil, statementErr(msgs.Text("statement_too_many_rows", MaxStatementRows))
		}
		rows = append(rows, rec)
	}
}

// headerColumns finds the four columns in a row, by the first header naming each.
func headerColumns(row []string) ([]int, bool) {
	cols := []int{-1, -1, -1, -1}
	for i, cell := range row {
		h := strings.Join(strings.Fields(strings.Trim(vntext.Fold(cell), " :*()")), " ")
		for c, col := range statementColumns {
			if cols[c] >= 0 {
				continue
			}
			for _, name := range col.headers {
				if h == name {
					cols[c] = i
					break
				}
			}
			if cols[c] == i {
				break
			}
		}
	}
	for _, c := range cols {
		if c < 0 {
			return nil, false
		}
	}
	return cols, true
}

var (
	groupedAmount = regexp.MustCompile(`^\d{1,3}([.,]\d{3})+$`)
	plainAmount   = regexp.MustCompile(`^\d+$`)
)

// parseAmount reads whole đồng as banks print them: 200000, 200.000, 200,000, 200,000.00,
// with or without "VND"/"đ"; zero is a debit's line.
func parseAmount(s string) (int64, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "VND"), "Đ"), "VNĐ")
	s = strings.TrimPrefix(s, "+")
	for _, cents := range []string{".00", ",00"} {
		if t := strings.TrimSuffix(s, cents); t != s && (plainAmount.MatchString(t) || groupedAmount.MatchString(t)) {
			s = t
			break
		}
	}
	if groupedAmount.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "").Replace(s)
	}
	if !plainAmount.MatchString(s) || len(s) > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

var bookedLayouts = []string{"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2/1/2006 15:04:05", "2/1/2006 15:04",
	"2/1/2006", "02/01/06", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02", "02-01-2006 15:04:05",
	"02-01-2006", "01-02-06", time.RFC3339} // the last but one: excelize's rendering of a date cell (mm-dd-yy)

// parseBooked reads a booking date, day first as Vietnamese banks print it, in Vietnam's time.
func parseBooked(s string) (time.Time, bool) {
	for _, l := range bookedLayouts {
		if t, err := time.ParseInLocation(l, s, vntime.Location()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
