package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/paperwork"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

type fixture struct {
	*webtest.Demo
	h    *Handler
	sign *esign.Store
	doc  *esign.Document
	pdf  []byte
}

// newFixture serves the verification pages on the demo city with one signed e-receipt issued
// to congdan by the ward 00070.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		f.sign = esign.NewStore(esign.Config{DB: d.DB, Org: d.Org, Dossiers: d.Dossiers, Workflow: d.Workflow,
			Keys: &esign.Demo{DB: d.DB, Org: d.Org}, BaseURL: "https://dichvucong.example.vn"})
		h, err := New(site, Deps{Esign: f.sign})
		f.h = h
		return []webtest.Routes{h}, err
	})
	ctx := context.Background()
	payer := webtest.MustUser(t, f.Org, "congdan")
	doc, err := f.sign.Receipt(ctx, esign.ReceiptInput{PaymentID: "PAY-1", AgencyCode: "00070", Number: 1,
		Payer: esign.Payer{UserID: payer.ID, Name: "Nguyễn Văn An"}, Items: []paperwork.FeeItem{{Name: "Lệ phí", AmountVND: 8000}},
		TotalVND: 8000, Method: "VNPay", PaidAt: time.Date(2026, 12, 7, 9, 0, 0, 0, vntime.Location())})
	if err != nil {
		t.Fatal(err)
	}
	rc, err := f.sign.Open(ctx, payer, doc)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	f.doc = doc
	f.pdf, _ = io.ReadAll(rc)
	return f
}

func TestMessages(t *testing.T) {
	f := newFixture(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

// TestDocumentPage: the QR code's page says the document is authentic, by which agency, when;
// the download link shows to its owner only, and the file downloads for them alone; an unknown
// serial is a 404 page saying so.
func TestDocumentPage(t *testing.T) {
	f := newFixture(t)
	page := "/xac-thuc/" + f.doc.Serial
	anon := f.Browser(t)
	body := anon.Page(page, http.StatusOK)
	webtest.MustContain(t, page, body, "Văn bản hợp lệ", "UBND Phường Hoàn Kiếm", "Biên lai thu phí, lệ phí", f.doc.SHA256)
	if strings.Contains(body, page+"/tai-ve") || strings.Contains(body, "/thu-hoi") {
		t.Errorf("an anonymous visitor is offered the download or the revocation:\n%s", body)
	}
	if res, _ := anon.Get(page + "/tai-ve"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous download = %d; want 303 to sign in", res.StatusCode)
	}

	owner := f.Browser(t)
	owner.SignIn("congdan")
	webtest.MustContain(t, page, owner.Page(page, http.StatusOK), page+"/tai-ve")
	res, got := owner.Get(page + "/tai-ve")
	if res.StatusCode != http.StatusOK || got != string(f.pdf) || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("owner's download = %d %s, %d bytes; want the signed PDF", res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}
	other := f.Browser(t)
	other.SignIn("congdan2")
	if res, _ := other.Get(page + "/tai-ve"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another citizen's download = %d; want 404", res.StatusCode)
	}

	body = anon.Page("/xac-thuc/AAAAAAAAAAAAAAAAAAAAAAAAAA", http.StatusNotFound)
	webtest.MustContain(t, "unknown serial", body, "Không tìm thấy văn bản")
	anon.Page("/xac-thuc/nope", http.StatusNotFound)
}

// TestCheck: the form checks an uploaded file (hashed, never stored) or a pasted SHA-256.
func TestCheck(t *testing.T) {
	f := newFixture(t)
	b := f.Browser(t)
	webtest.MustContain(t, "/xac-thuc", b.Page("/xac-thuc", http.StatusOK), `enctype="multipart/form-data"`, `name="sha256"`)

	webtest.MustContain(t, "by hash", b.Page("/xac-thuc?sha256="+strings.ToUpper(f.doc.SHA256), http.StatusOK),
		"Văn bản hợp lệ", "/xac-thuc/"+f.doc.Serial)
	h := sha256.Sum256([]byte("something else"))
	webtest.MustContain(t, "unknown hash", b.Page("/xac-thuc?sha256="+hex.EncodeToString(h[:]), http.StatusOK), "Không xác thực được")
	webtest.MustContain(t, "bad hash", b.Page("/xac-thuc?sha256=abc", http.StatusBadRequest), `href="#sha256"`)

	res, body := b.Multipart("/xac-thuc", nil, webtest.Upload{Field: "tep", Name: "bien-lai.pdf", Data: f.pdf})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST the signed file = %d\n%s", res.StatusCode, body)
	}
	webtest.CheckHTML(t, "POST /xac-thuc", body)
	webtest.MustContain(t, "upload", body, "Văn bản hợp lệ", f.doc.SHA256)
	tampered := append([]byte{}, f.pdf...)
	tampered[len(tampered)/2] ^= 1
	_, body = b.Multipart("/xac-thuc", nil, webtest.Upload{Field: "tep", Name: "bien-lai.pdf", Data: tampered})
	webtest.MustContain(t, "tampered upload", body, "Không xác thực được")
	res, body = b.Multipart("/xac-thuc", url.Values{"x": {"1"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#tep"`) {
		t.Errorf("POST without a file = %d; want 422 linking to the file input\n%s", res.StatusCode, body)
	}
	var n int
	if err := f.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM files`).Scan(&n); err != nil || n != 1 {
		t.Errorf("files stored = %d, %v; want only the receipt (uploads to check are never kept)", n, err)
	}
}

// TestRevokePage: the issuing agency's leader revokes with a reason from the page; a citizen
// may not; the page then says the document is revoked, with the reason.
func TestRevokePage(t *testing.T) {
	f := newFixture(t)
	page := "/xac-thuc/" + f.doc.Serial
	cit := f.Browser(t)
	cit.SignIn("congdan")
	if res, _ := cit.Post(page+"/thu-hoi", url.Values{"reason": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("citizen revokes = %d; want 403", res.StatusCode)
	}
	leader := f.Browser(t)
	leader.SignIn("lanhdao")
	webtest.MustContain(t, page, leader.Page(page, http.StatusOK), `action="`+page+`/thu-hoi"`)
	res, body := leader.Post(page+"/thu-hoi", url.Values{"reason": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) {
		t.Errorf("revoke without a reason = %d; want 422 linking to the reason\n%s", res.StatusCode, body)
	}
	webtest.CheckHTML(t, "revoke without a reason", body)
	res, _ = leader.Post(page+"/thu-hoi", url.Values{"reason": {"Thu sai số tiền"}})
	webtest.Location(t, res, http.StatusSeeOther, page)
	body = f.Browser(t).Page(page, http.StatusOK)
	webtest.MustContain(t, page, body, "Văn bản đã bị thu hồi", "Thu sai số tiền")
	if res, _ := leader.Post(page+"/thu-hoi", url.Values{"reason": {"again"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("second revocation = %d; want 409", res.StatusCode)
	}
}
