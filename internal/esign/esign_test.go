package esign_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/esign/esigntest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/paperwork"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

const base = "https://dichvucong.example.vn"

type fixture struct {
	d     *db.DB
	org   *org.Store
	dos   *dossier.Store
	sign  *esign.Store
	keys  *esign.Demo
	ward  *org.Agency // 00070
	other *org.Agency // 00004
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, org: org.NewStore(d)}
	ids, cat := identity.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), f.org, ids, cat); err != nil {
		t.Fatal(err)
	}
	cal := calendar.NewStore(d, nil)
	f.dos = dossier.NewStore(dossier.Config{DB: d, Catalog: cat, Org: f.org, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()}})
	wf := workflow.NewStore(workflow.Config{DB: d, Dossiers: f.dos, Catalog: cat, Org: f.org, Calendar: cal})
	f.keys = &esign.Demo{DB: d, Org: f.org}
	f.sign = esign.NewStore(esign.Config{DB: d, Org: f.org, Dossiers: f.dos, Workflow: wf, Keys: f.keys, BaseURL: base + "/"})
	var err error
	if f.ward, err = f.org.Agency(ctx, "00070"); err != nil {
		t.Fatal(err)
	}
	if f.other, err = f.org.Agency(ctx, "00004"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) user(t *testing.T, name string) *org.User {
	t.Helper()
	u, err := f.org.User(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// samplePDF is a result notice as the workflow lays it out, with its verification QR code.
func samplePDF(t *testing.T, verifyURL string) []byte {
	t.Helper()
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, vntime.Location())
	b, err := paperwork.ResultPDF(paperwork.Result{Agency: "UBND Phường Hoàn Kiếm", Code: "070.00.30.H26-261207-0001",
		Procedure: "Đăng ký khai sinh", ApplicantName: "Nguyễn Văn An", ReceivedAt: at.Add(-48 * time.Hour), DecidedAt: at,
		Outcome: "Đồng ý", Signer: paperwork.Signatory{Title: "CHỦ TỊCH"}, VerifyURL: verifyURL})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantValid(t *testing.T, pdf []byte, cn string) {
	t.Helper()
	rep := esigntest.PDFSig(t, pdf)
	if !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Total document signed") || strings.Contains(rep, "Syntax Error") {
		t.Fatalf("pdfsig does not find the signature valid over the whole file:\n%s", rep)
	}
	if !strings.Contains(rep, "Signer Certificate Common Name: "+cn) {
		t.Errorf("pdfsig names another signer than %q:\n%s", cn, rep)
	}
}

// TestSignDemo signs with the demo CA's key of an agency: pdfsig finds the signature valid, the
// signer's CN is the agency's name; a byte changed in the signed range makes it invalid.
func TestSignDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		s, err := f.keys.SignerFor(ctx, f.ward)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Chain[0].Subject.CommonName; got != f.ward.Name {
			t.Errorf("certificate CN = %q; want the agency's name %q", got, f.ward.Name)
		}
		if got := s.Chain[0].Subject.Organization; len(got) != 1 || !strings.Contains(got[0], "Hà Nội") {
			t.Errorf("certificate O = %q; want the agency's province", got)
		}
		if got := s.Chain[1].Subject.CommonName; got != esign.DemoCAName {
			t.Errorf("issuer CN = %q; want %q", got, esign.DemoCAName)
		}
		if err := s.Chain[0].CheckSignatureFrom(s.Chain[1]); err != nil {
			t.Errorf("agency certificate not signed by the demo CA: %v", err)
		}
		pdf := samplePDF(t, base+"/xac-thuc/X")
		signed, err := esign.SignPDF(pdf, s, esign.SignInfo{Name: f.ward.Name, Reason: "Kết quả", Location: "Hà Nội"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		wantValid(t, signed, f.ward.Name)

		// Tampered: a byte of the original content changed.
		i := bytes.Index(signed, []byte("/Producer"))
		if i < 0 {
			i = len(pdf) / 2
		}
		bad := bytes.Clone(signed)
		bad[i+1] ^= 0x20
		if rep := esigntest.PDFSig(t, bad); strings.Contains(rep, "Signature is Valid") {
			t.Errorf("pdfsig finds a tampered file valid:\n%s", rep)
		}

		// Another replica reads the same keys from the database; another agency has its own.
		again, err := (&esign.Demo{DB: d, Org: f.org}).SignerFor(ctx, f.ward)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Chain[0].Equal(s.Chain[0]) || !again.Chain[1].Equal(s.Chain[1]) {
			t.Error("a second Demo on the same database made new keys; want the stored ones")
		}
		o, err := f.keys.SignerFor(ctx, f.other)
		if err != nil {
			t.Fatal(err)
		}
		if o.Chain[0].Equal(s.Chain[0]) || !o.Chain[1].Equal(s.Chain[1]) {
			t.Error("another agency shares the ward's certificate, or has another CA")
		}
	})
}

// TestSignInfoUnicode: a Vietnamese name whose UTF-16 holds a parenthesis byte (ĩ is U+0129) still
// gives a signature dictionary pdfsig reads.
func TestSignInfoUnicode(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	a := *f.ward
	a.Name = "UBND Xã Kĩ Sơn (thử)"
	signed, err := f.sign.Seal(context.Background(), &a, samplePDF(t, ""), esign.SignInfo{Name: a.Name, Reason: "Lĩnh vực hộ tịch", Location: "Hà Nội"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Unescaped, the dictionary's strings break: pdfsig reports syntax errors around them.
	if rep := esigntest.PDFSig(t, signed); !strings.Contains(rep, "Signature is Valid") || strings.Contains(rep, "Syntax Error") {
		t.Fatalf("pdfsig:\n%s", rep)
	}
}

// register signs a notice and registers it as the ward's result, as approval does.
func (f *fixture) register(t *testing.T, owner *org.User) (*esign.Document, []byte) {
	t.Helper()
	ctx := context.Background()
	serial := esign.NewSerial()
	signed, err := f.sign.Seal(ctx, f.ward, samplePDF(t, f.sign.VerifyURL(serial)), esign.SignInfo{Name: f.ward.Name}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	file, err := f.dos.Prepare(ctx, owner, "ket-qua.pdf", bytes.NewReader(signed))
	if err != nil {
		t.Fatal(err)
	}
	err = f.d.InTx(ctx, func(tx *db.Tx) error {
		if err := f.dos.Record(ctx, tx, file); err != nil {
			return err
		}
		return esign.Register(ctx, tx, esign.Issue{Serial: serial, Kind: esign.KindResult, AgencyID: f.ward.ID, File: file, IssuedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := f.sign.BySerial(ctx, serial)
	if err != nil {
		t.Fatal(err)
	}
	return doc, signed
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// TestVerifyAndRevoke: a registered file verifies by its hash (either case), an unknown hash is
// not authentic, a malformed one is 400; revocation is for the issuing agency's leader or an
// administrator, with a reason, once, audited; then the file verifies as revoked.
func TestVerifyAndRevoke(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		leader := f.user(t, "lanhdao")
		doc, signed := f.register(t, leader)
		v, err := f.sign.Verify(ctx, strings.ToUpper(sum(signed)))
		if err != nil || !v.Authentic || v.Document.Serial != doc.Serial || v.Document.Revoked() || v.Document.AgencyName != f.ward.Name {
			t.Fatalf("Verify(registered) = %+v, %v; want authentic, not revoked, by %s", v, err, f.ward.Name)
		}
		if v.Document.IssuedAt.Location() != vntime.Location() {
			t.Errorf("IssuedAt in %v; want Vietnam's zone", v.Document.IssuedAt.Location())
		}
		if v, err := f.sign.Verify(ctx, sum([]byte("another file"))); err != nil || v.Authentic {
			t.Errorf("Verify(unknown) = %+v, %v; want not authentic", v, err)
		}
		for _, bad := range []string{"", "abc", strings.Repeat("z", 64), sum(signed) + "00"} {
			if _, err := f.sign.Verify(ctx, bad); apperr.KindOf(err) != apperr.KindInvalid {
				t.Errorf("Verify(%q) = %v; want Invalid", bad, err)
			}
		}
		if _, err := f.sign.BySerial(ctx, "nope"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("BySerial(nope) = %v; want NotFound", err)
		}

		for _, c := range []struct {
			who, reason string
			want        apperr.Kind
		}{
			{"congdan", "x", apperr.KindForbidden},
			{"chuyenvien", "x", apperr.KindForbidden},
			{"tiepnhan2", "x", apperr.KindNotFound}, // another agency's officer
			{"lanhdao", "  ", apperr.KindUnprocessable},
			{"lanhdao", strings.Repeat("ư", esign.MaxReason+1), apperr.KindUnprocessable},
		} {
			if _, err := f.sign.Revoke(ctx, f.user(t, c.who), doc.Serial, c.reason); apperr.KindOf(err) != c.want {
				t.Errorf("Revoke by %s (%d characters) = %v; want %v", c.who, len([]rune(c.reason)), err, c.want)
			}
		}
		got, err := f.sign.Revoke(ctx, leader, doc.Serial, " Cấp nhầm người ")
		if err != nil || !got.Revoked() || got.Reason != "Cấp nhầm người" || got.RevokedBy != "lanhdao" {
			t.Fatalf("Revoke by the leader = %+v, %v", got, err)
		}
		if _, err := f.sign.Revoke(ctx, f.user(t, "admin"), doc.Serial, "again"); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("second Revoke = %v; want Conflict", err)
		}
		v, err = f.sign.Verify(ctx, sum(signed))
		if err != nil || !v.Authentic || !v.Document.Revoked() {
			t.Errorf("Verify(revoked) = %+v, %v; want authentic and revoked", v, err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'document.revoke' AND object = ?`, doc.Serial).Scan(&n); err != nil || n != 1 {
			t.Errorf("audit entries of the revocation = %d, %v; want 1", n, err)
		}
		if _, err := audit.Verify(ctx, d); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

// TestOpen: the owner and the agency's officers read the original; others get NotFound.
func TestOpen(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	doc, signed := f.register(t, f.user(t, "congdan"))
	for who, ok := range map[string]bool{"congdan": true, "tiepnhan": true, "admin": true, "congdan2": false, "tiepnhan2": false} {
		rc, err := f.sign.Open(ctx, f.user(t, who), doc)
		if !ok {
			if apperr.KindOf(err) != apperr.KindNotFound {
				t.Errorf("Open by %s = %v; want NotFound", who, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Open by %s: %v", who, err)
			continue
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, signed) {
			t.Errorf("Open by %s read %d bytes; want the signed file", who, len(b))
		}
	}
}

// TestReceipt: an e-receipt is laid out with the contents the law requires, signed by the
// collecting agency, registered as a receipt with a QR code to its page, kept in the payer's
// documents, and issued once per payment.
func TestReceipt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		payer := f.user(t, "congdan")
		in := esign.ReceiptInput{PaymentID: "PAY-0001", Reference: "VNP14226112", AgencyCode: "00070", Number: 12,
			Payer:    esign.Payer{UserID: payer.ID, Name: "Nguyễn Văn An", Address: "Phường Hoàn Kiếm"},
			Items:    []paperwork.FeeItem{{Name: "Lệ phí đăng ký kết hôn", AmountVND: 1250000, Basis: "Nghị quyết HĐND"}, {Name: "Phí cấp bản sao", AmountVND: 8000}},
			TotalVND: 1258000, Method: "Thanh toán trực tuyến qua VNPay", PaidAt: time.Date(2026, 12, 7, 10, 0, 0, 0, vntime.Location())}
		doc, err := f.sign.Receipt(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != esign.KindReceipt || doc.Reference != "PAY-0001" || doc.AgencyID != f.ward.ID {
			t.Errorf("receipt = %+v", doc)
		}
		again, err := f.sign.Receipt(ctx, in)
		if err != nil || again.Serial != doc.Serial {
			t.Errorf("second Receipt = %v, %v; want the first (%s)", again, err, doc.Serial)
		}
		rc, err := f.sign.Open(ctx, payer, doc)
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(rc)
		rc.Close()
		wantValid(t, pdf, f.ward.Name)
		text := esigntest.Text(t, pdf)
		for _, want := range []string{paperwork.FeeReceiptTitle, "01BLP0-001", "MC26E", "0000012", f.ward.Name, "Nguyễn Văn An",
			"Lệ phí đăng ký kết hôn", "1.250.000", "1.258.000", "Một triệu hai trăm năm mươi tám nghìn đồng", "VNPay", "VNP14226112"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt text lacks %q:\n%s", want, text)
			}
		}
		if got := esigntest.QRCodes(t, pdf); len(got) != 1 || got[0] != base+"/xac-thuc/"+doc.Serial {
			t.Errorf("receipt QR codes = %q; want the verification page", got)
		}
		docs, err := f.dos.Documents(ctx, payer)
		if err != nil || len(docs) == 0 || docs[0].SHA256 != doc.SHA256 {
			t.Errorf("payer's documents = %v, %v; want the receipt", docs, err)
		}
		bad := in
		bad.PaymentID, bad.TotalVND = "PAY-0002", 1
		if _, err := f.sign.Receipt(ctx, bad); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("Receipt with a wrong total = %v; want Unprocessable", err)
		}
		if _, err := f.sign.ReceiptOf(ctx, "PAY-0002"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("ReceiptOf(refused payment) = %v; want NotFound", err)
		}
	})
}

// TestP12: a PKCS#12 file's key and chain sign every agency's documents.
func TestP12(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	s, err := f.keys.SignerFor(ctx, f.ward)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pkcs12.Modern.Encode(s.Key, s.Chain[0], s.Chain[1:], "mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := esign.ParseP12(b, "sai"); err == nil {
		t.Error("ParseP12 with a wrong password succeeded")
	}
	p, err := esign.ParseP12(b, "mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.SignerFor(ctx, f.other)
	if err != nil || len(got.Chain) != 2 || !got.Chain[0].Equal(s.Chain[0]) {
		t.Fatalf("P12 signer = %+v, %v", got, err)
	}
	signed, err := esign.SignPDF(samplePDF(t, ""), got, esign.SignInfo{Name: "Trung tâm"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wantValid(t, signed, f.ward.Name)
}
