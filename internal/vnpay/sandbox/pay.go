package sandbox

import (
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

//go:embed templates static
var files embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"dong": func(n int64) string { return vntext.Thousands(n) + " đồng" },
	"when": func(t time.Time) string { return t.In(vntime.Location()).Format("15:04 02/01/2006") },
}).ParseFS(files, "templates/*.html"))

// A test bank the payer may pick; the IPN reports it as vnp_BankCode and vnp_CardType.
type bank struct{ Code, CardType, Label string }

var banks = []bank{
	{"NCB", "ATM", "Thẻ ATM nội địa – Ngân hàng NCB (thẻ thử nghiệm)"},
	{"VNPAYQR", "QRCODE", "Ứng dụng ngân hàng quét mã VNPAY-QR"},
	{"VISA", "VISA", "Thẻ quốc tế Visa (thẻ thử nghiệm)"},
}

func bankByCode(code string) (bank, bool) {
	for _, b := range banks {
		if b.Code == code {
			return b, true
		}
	}
	return bank{}, false
}

type payView struct {
	Style, Action string
	Merchant      string
	Req           vnpay.PayRequest
	Query         string // the signed pay query, sent back with the form
	Banks         []bankChoice
}

type bankChoice struct {
	bank
	Checked bool
}

type errorView struct {
	Style   string
	Code    string // VNPay's code for the failure, when it has one
	Message string
	Fields  []string
}

// payPage checks the pay URL and shows the confirmation page.
func (s *Sandbox) payPage(w http.ResponseWriter, r *http.Request) {
	if s.down() {
		s.errorPage(w, http.StatusServiceUnavailable, errorView{Message: "Cổng thanh toán đang bảo trì. Xin vui lòng thử lại sau."})
		return
	}
	now := s.now()
	p, err := s.gw.VerifyPay(r.URL.Query(), now)
	if err != nil {
		s.refuse(w, err)
		return
	}
	var t txn
	err = s.db.InTx(r.Context(), func(tx *db.Tx) error {
		t, err = s.open(r.Context(), tx, p, now)
		return err
	})
	if err != nil {
		s.log.ErrorContext(r.Context(), "sandbox: record attempt", "txn_ref", p.TxnRef, "err", err)
		s.errorPage(w, http.StatusInternalServerError, errorView{Code: "99", Message: "Lỗi hệ thống. Xin vui lòng thử lại."})
		return
	}
	if !t.sameAttempt(p) || t.Status != statusPending {
		s.refuse(w, errExists)
		return
	}
	v := payView{Style: s.stylePath(), Action: s.confirmPath(), Merchant: s.name, Req: p, Query: r.URL.RawQuery}
	for i, b := range banks {
		v.Banks = append(v.Banks, bankChoice{b, b.Code == p.BankCode || p.BankCode == "" && i == 0})
	}
	if _, ok := bankByCode(p.BankCode); !ok {
		v.Banks[0].Checked = true
	}
	s.render(w, http.StatusOK, "pay.html", v)
}

// errExists: the reference is VNPay's already, for another attempt or a finished one.
var errExists = errors.New("sandbox: transaction exists")

// refuse shows why a pay request is refused, with the codes of VNPay's answers (vnp_ResponseCode
// 01, 02, 03, 11, 97; messages as VNPay words them).
func (s *Sandbox) refuse(w http.ResponseWriter, err error) {
	var se *vnpay.SignatureError
	var ie *vnpay.InputError
	switch {
	case errors.As(err, &se):
		s.errorPage(w, http.StatusBadRequest, errorView{Code: "97", Message: "Chữ ký không hợp lệ: dữ liệu thanh toán không do đơn vị bán hàng tạo hoặc đã bị thay đổi."})
	case err == vnpay.ErrWrongTerminal:
		s.errorPage(w, http.StatusBadRequest, errorView{Code: "02", Message: "Đơn vị chấp nhận thanh toán không hợp lệ (kiểm tra lại vnp_TmnCode)."})
	case err == errExists:
		s.errorPage(w, http.StatusConflict, errorView{Code: "01", Message: "Giao dịch đã tồn tại. Xin vui lòng tạo giao dịch mới từ trang của đơn vị bán hàng."})
	case errors.As(err, &ie):
		v := errorView{Code: "03", Message: "Dữ liệu gửi sang không đúng định dạng."}
		for _, f := range ie.Fields {
			if f.Code == "expired" {
				s.errorPage(w, http.StatusBadRequest, errorView{Code: "11", Message: "Đã hết hạn chờ thanh toán. Xin vui lòng thực hiện lại giao dịch."})
				return
			}
			v.Fields = append(v.Fields, f.Field+": "+f.Code)
		}
		s.errorPage(w, http.StatusBadRequest, v)
	default:
		s.errorPage(w, http.StatusBadRequest, errorView{Code: "99", Message: "Giao dịch không hợp lệ."})
	}
}

// confirm records the payer's choice, queues the IPN and returns the payer to the merchant.
// The form carries the merchant's signed query, checked again here, so the amount cannot be
// changed in the browser; a second submission finds the result recorded and changes nothing.
func (s *Sandbox) confirm(w http.ResponseWriter, r *http.Request) {
	if s.down() {
		s.errorPage(w, http.StatusServiceUnavailable, errorView{Message: "Cổng thanh toán đang bảo trì. Xin vui lòng thử lại sau."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, http.StatusBadRequest, errorView{Code: "03", Message: "Dữ liệu gửi sang không đúng định dạng."})
		return
	}
	q, err := url.ParseQuery(r.PostForm.Get("q"))
	if err != nil {
		s.refuse(w, &vnpay.SignatureError{Reason: vnpay.ReasonNoHash})
		return
	}
	// Zero now: expiry is not refused here but recorded as the result (11), as VNPay does.
	p, err := s.gw.VerifyPay(q, time.Time{})
	if err != nil {
		s.refuse(w, err)
		return
	}
	action := r.PostForm.Get("action")
	b, ok := bankByCode(r.PostForm.Get("bank"))
	if action != "confirm" && action != "cancel" || action == "confirm" && !ok {
		s.errorPage(w, http.StatusBadRequest, errorView{Code: "03", Message: "Xin vui lòng chọn ngân hàng rồi bấm Xác nhận hoặc Hủy."})
		return
	}
	now := s.now()
	f := s.Faults()
	var t txn
	err = s.db.InTx(r.Context(), func(tx *db.Tx) error {
		if t, err = s.open(r.Context(), tx, p, now); err != nil {
			return err
		}
		if !t.sameAttempt(p) {
			return errExists
		}
		if t.Status != statusPending {
			return nil // already finished: the payer goes back with the result recorded
		}
		t.Status, t.BankCode, t.CardType, t.PayDate = statusFailed, b.Code, b.CardType, now
		switch {
		case action == "cancel":
			t.ResponseCode = "24" // the customer cancelled
		case !now.Before(t.ExpireAt):
			t.ResponseCode = "11" // payment timed out
		case f.Decline != "":
			t.ResponseCode = f.Decline
		default:
			t.ResponseCode, t.Status = "00", statusPaid
		}
		fresh, err := s.finish(r.Context(), tx, &t)
		if err != nil || !fresh {
			return err
		}
		return s.enqueueIPNs(r.Context(), tx, t, f, now)
	})
	switch {
	case err == errExists:
		s.refuse(w, err)
		return
	case err != nil:
		s.log.ErrorContext(r.Context(), "sandbox: confirm", "txn_ref", p.TxnRef, "err", err)
		s.errorPage(w, http.StatusInternalServerError, errorView{Code: "99", Message: "Lỗi hệ thống. Xin vui lòng thử lại."})
		return
	}
	sep := "?"
	if strings.Contains(t.ReturnURL, "?") {
		sep = "&"
	}
	http.Redirect(w, r, t.ReturnURL+sep+s.gw.Notification(t.payment()).Encode(), http.StatusSeeOther)
}

func (s *Sandbox) errorPage(w http.ResponseWriter, status int, v errorView) {
	v.Style = s.stylePath()
	s.render(w, status, "error.html", v)
}

func (s *Sandbox) render(w http.ResponseWriter, status int, name string, v any) {
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, v); err != nil {
		s.log.Error("sandbox: render", "page", name, "err", err)
		http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

func (s *Sandbox) style(w http.ResponseWriter, r *http.Request) {
	css, _ := files.ReadFile("static/sandbox.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(css)
}
