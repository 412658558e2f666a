package dossier_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

type fixture struct {
	d       *db.DB
	s       *dossier.Store
	org     *org.Store
	cat     *catalog.Store
	citizen *org.User
	other   *org.User
	officer *org.User
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, org: os, cat: cs,
		s: dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: calendar.NewStore(d, nil), Blobs: dossier.DiskStore{Dir: t.TempDir()},
			Links: dossier.Links{Track: "https://motcua.example/tra-cuu?ma={code}"}, MaxUpload: 1 << 20})}
	user := func(name string) *org.User {
		u, err := os.User(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.citizen, f.other, f.officer = user("congdan"), user("congdan2"), user("tiepnhan")
	// Give the citizen contacts so notifications have somewhere to go.
	if _, err := d.Exec(ctx, `UPDATE users SET email = 'an@example.vn', phone = '+84912345678' WHERE id = ?`, f.citizen.ID); err != nil {
		t.Fatal(err)
	}
	f.citizen = user("congdan")
	return f
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func (f *fixture) upload(t *testing.T, u *org.User, name string, b []byte) *dossier.File {
	t.Helper()
	file, err := f.s.Upload(context.Background(), u, name, bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Upload(%s): %v", name, err)
	}
	return file
}

// application builds a complete online application for khai sinh (1.001193) at Hoàn Kiếm.
func (f *fixture) application(t *testing.T, u *org.User) dossier.SubmitInput {
	t.Helper()
	p, err := f.cat.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form}
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: f.upload(t, u, c.ID+".pdf", pdf).ID})
		}
	}
	return in
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUploadSniffsAndLimits(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	ctx := context.Background()
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(n)
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	var zipOnly bytes.Buffer
	zw = zip.NewWriter(&zipOnly)
	w, _ := zw.Create("evil.exe")
	w.Write([]byte("MZ"))
	zw.Close()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name string
		body []byte
		want string // content type, or the error code
	}{
		{"giay-chung-sinh.pdf", pdf, dossier.TypePDF},
		{"anh.png", png, dossier.TypePNG},
		{"to-khai.docx", docx.Bytes(), dossier.TypeDOCX},
		{"virus.pdf", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 100)...), "unsupported_file_type"},
		{"archive.docx", zipOnly.Bytes(), "unsupported_file_type"},
		{"big.pdf", append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 1<<20)...), "file_too_large"},
		{"empty.pdf", nil, "empty_file"},
	}
	for _, tt := range tests {
		file, err := f.s.Upload(ctx, f.citizen, tt.name, bytes.NewReader(tt.body))
		got := ""
		if err != nil {
			e, _ := apperr.As(err)
			got = e.Code
		} else {
			got = file.ContentType
			if len(file.SHA256) != 64 || file.Size != int64(len(tt.body)) {
				t.Errorf("%s: sha %q size %d", tt.name, file.SHA256, file.Size)
			}
		}
		if got != tt.want {
			t.Errorf("Upload(%s) = %s; want %s", tt.name, got, tt.want)
		}
	}
	if n := count(t, f.d, "files"); n != 3 {
		t.Errorf("%d files recorded; want 3 (rejected uploads leave nothing)", n)
	}
	// Another citizen's file is not found; the owner reads it back byte for byte.
	file := f.upload(t, f.citizen, "x.pdf", pdf)
	if _, err := f.s.File(ctx, f.other, file.ID); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("other citizen reading a file: %v; want not found", err)
	}
	got, err := f.s.File(ctx, f.citizen, file.ID)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := f.s.OpenFile(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(b, pdf) {
		t.Error("stored content differs")
	}
}

var codeRe = regexp.MustCompile(`^070\.00\.30\.H26-\d{6}-\d{4}$`)

func TestSubmit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.citizen)
		out, err := f.s.Submit(ctx, f.citizen, in, "key-1")
		if err != nil {
			t.Fatal(err)
		}
		if !codeRe.MatchString(out.Code) || out.Status != dossier.StatusSubmitted || out.StatusCode != 1 {
			t.Fatalf("Submit = %+v", out)
		}
		// The same key answers the same; a different request under it is refused.
		again, err := f.s.Submit(ctx, f.citizen, in, "key-1")
		if err != nil || again.Code != out.Code {
			t.Errorf("retry = %+v, %v; want %s", again, err, out.Code)
		}
		changed := in
		changed.AgencyCode = "00004"
		if _, err := f.s.Submit(ctx, f.citizen, changed, "key-1"); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("reused key: %v; want 422", err)
		}
		if n := count(t, d, "dossiers"); n != 1 {
			t.Errorf("%d dossiers; want 1", n)
		}
		got, err := f.s.Get(ctx, f.citizen, out.Code)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.History) != 1 || got.History[0].To != dossier.StatusSubmitted || len(got.Attachments) != len(in.Attachments) ||
			got.Applicant.Email != "an@example.vn" || got.ProcedureName == "" {
			t.Errorf("Get = %+v", got)
		}
		// Notified by e-mail and SMS in the same transaction.
		if n := count(t, d, "outbox"); n != 2 {
			t.Errorf("%d notifications; want 2", n)
		}
		// Who may see it: the owner, officers of Hoàn Kiếm; not another citizen or another ward.
		if _, err := f.s.Get(ctx, f.other, out.Code); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("other citizen: %v; want not found", err)
		}
		if _, err := f.s.Get(ctx, f.officer, out.Code); err != nil {
			t.Errorf("officer of the agency: %v", err)
		}
		other, _ := f.org.User(ctx, "tiepnhan2")
		if _, err := f.s.Get(ctx, other, out.Code); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("officer of another ward: %v; want not found", err)
		}
		mine, total, err := f.s.Mine(ctx, f.citizen, 1, 20)
		if err != nil || total != 1 || mine[0].Code != out.Code {
			t.Errorf("Mine = %d, %v", total, err)
		}
		// Tracking: status for anyone, details with the right proof only.
		tr, err := f.s.Track(ctx, out.Code, "")
		if err != nil || tr.Details != nil || tr.StatusCode != 1 {
			t.Errorf("Track without proof = %+v, %v", tr, err)
		}
		withProof, _ := f.s.Track(ctx, out.Code, "0912 345 678")
		if withProof.Details == nil {
			t.Error("Track with the phone number gave no details")
		}
		// Without proof only the status columns are read (issue 15); they say what the whole
		// read says.
		public := *withProof
		public.Details = nil
		if !reflect.DeepEqual(*tr, public) || tr.Procedure == "" || tr.Agency == "" || tr.SubmittedAt.Location() != vntime.Location() {
			t.Errorf("Track without proof = %+v\nwith proof, its public part = %+v", *tr, public)
		}
		wrong, _ := f.s.Track(ctx, out.Code, "0999999999")
		if wrong.Details != nil {
			t.Error("Track with a wrong phone gave details")
		}
		if !reflect.DeepEqual(*wrong, public) {
			t.Errorf("Track with a wrong proof = %+v; want the public part %+v", *wrong, public)
		}
		if _, err := f.s.Track(ctx, "000.00.00.H26-260101-9999", ""); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Track of an unknown code: %v; want not found", err)
		}
	})
}

func TestSubmitRejects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		good := f.application(t, f.citizen)
		othersFile := f.upload(t, f.other, "x.pdf", pdf)
		abolish := &catalog.Decision{Number: "99/QĐ-UBND", SignedOn: "2026-11-01", Abolish: []string{"1.004884"}}
		if _, err := f.cat.ApplyDecision(ctx, &org.User{Role: org.RoleCatalogAdmin}, abolish); err != nil {
			t.Fatal(err)
		}
		var docx bytes.Buffer
		zw := zip.NewWriter(&docx)
		for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
			w, _ := zw.Create(n)
			w.Write([]byte("<x/>"))
		}
		zw.Close()
		word := f.upload(t, f.citizen, "giay-chung-sinh.docx", docx.Bytes()) // giấy chứng sinh takes PDF, JPG, PNG
		tests := []struct {
			name  string
			edit  func(in *dossier.SubmitInput)
			kind  apperr.Kind
			paths []string
		}{
			{"unknown procedure", func(in *dossier.SubmitInput) { in.ProcedureCode = "9.999999" }, apperr.KindUnprocessable, []string{"procedure_code"}},
			{"abolished procedure", func(in *dossier.SubmitInput) { in.ProcedureCode = "1.004884" }, apperr.KindUnprocessable, []string{"procedure_code"}},
			{"province procedure at a ward", func(in *dossier.SubmitInput) { in.ProcedureCode = "3.000333"; in.Form = json.RawMessage(`{}`) }, apperr.KindUnprocessable, []string{"agency_code"}},
			{"unknown agency", func(in *dossier.SubmitInput) { in.AgencyCode = "99999" }, apperr.KindUnprocessable, []string{"agency_code"}},
			{"form breaks the schema", func(in *dossier.SubmitInput) { in.Form = json.RawMessage(`{"nguoi_yeu_cau": {"so_dinh_danh": "12"}}`) }, apperr.KindUnprocessable, []string{"form.nguoi_yeu_cau.so_dinh_danh"}},
			{"form not an object", func(in *dossier.SubmitInput) { in.Form = json.RawMessage(`[1]`) }, apperr.KindUnprocessable, []string{"form"}},
			{"missing required component", func(in *dossier.SubmitInput) { in.Attachments = nil }, apperr.KindUnprocessable, []string{"attachments"}},
			{"unknown component", func(in *dossier.SubmitInput) {
				in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: "khong-co", File: in.Attachments[0].File})
			}, apperr.KindUnprocessable, []string{"].component"}},
			{"another citizen's file", func(in *dossier.SubmitInput) { in.Attachments[0].File = othersFile.ID }, apperr.KindNotFound, nil},
			{"a format the component refuses", func(in *dossier.SubmitInput) { in.Attachments[0].File = word.ID }, apperr.KindUnprocessable, []string{"attachments[0].file"}},
		}
		for _, tt := range tests {
			in := good
			in.Attachments = append([]dossier.AttachmentInput{}, good.Attachments...)
			tt.edit(&in)
			_, err := f.s.Submit(ctx, f.citizen, in, "")
			e, ok := apperr.As(err)
			if !ok || e.Kind != tt.kind {
				t.Errorf("%s: %v; want kind %d", tt.name, err, tt.kind)
				continue
			}
			var paths []string
			for _, fe := range e.Fields {
				paths = append(paths, fe.Path)
			}
			for _, p := range tt.paths {
				if !strings.Contains(strings.Join(paths, " "), p) {
					t.Errorf("%s: fields %v lack %s", tt.name, paths, p)
				}
			}
		}
		if _, err := f.s.Submit(ctx, f.officer, good, ""); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("officer submitting online: %v; want forbidden", err)
		}
		if _, err := f.s.Submit(ctx, nil, good, ""); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("anonymous: %v; want unauthenticated", err)
		}
		for _, table := range []string{"dossiers", "dossier_events", "dossier_attachments", "outbox", "idempotency_keys", "dossier_sequences"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("after rejected submissions %s has %d rows", table, n)
			}
		}
	})
}

// TestCodesUnderConcurrency submits in parallel and expects one unbroken daily sequence.
func TestCodesUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.citizen)
		const n = 40
		codes := make([]string, n)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				out, err := f.s.Submit(ctx, f.citizen, in, fmt.Sprintf("k%d", i))
				if err != nil {
					errs <- err
					return
				}
				codes[i] = out.Code
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if seen[c[len(c)-4:]] {
				t.Errorf("number %s given twice in %v", c[len(c)-4:], codes)
			}
			seen[c[len(c)-4:]] = true
		}
		for i := 1; i <= n; i++ {
			if !seen[fmt.Sprintf("%04d", i)] {
				t.Errorf("sequence %04d missing from %v", i, codes)
			}
		}
		if last := sequenceLast(t, d); last != n {
			t.Errorf("the day's sequence stands at %d after %d submissions; want %d", last, n, n)
		}
	})
}

// sequenceLast is the last number handed out at any agency on any day (the tests use one).
func sequenceLast(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COALESCE(MAX(last), 0) FROM dossier_sequences`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCodeGap: a submission that fails after taking its number leaves that number unused and
// the next one takes the following number (the gap policy, dossier.Store.nextCode); a retry
// with the Idempotency-Key of a submission that succeeded answers its code and takes no
// number; a retry of the failed one under its key is a new submission.
func TestCodeGap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.citizen)
		number := func(code string) string { return code[len(code)-4:] }
		first, err := f.s.Submit(ctx, f.citizen, in, "first")
		if err != nil {
			t.Fatal(err)
		}
		// The fee point fails once, after the number was taken and the dossier written.
		boom := errors.New("the fee point fails")
		f.s.OnSubmit = func(context.Context, *db.Tx, *dossier.Dossier) (dossier.Status, error) { return "", boom }
		if _, err := f.s.Submit(ctx, f.citizen, in, "failed"); !errors.Is(err, boom) {
			t.Fatalf("Submit with a failing fee point = %v; want %v", err, boom)
		}
		f.s.OnSubmit = nil
		if n := count(t, d, "dossiers"); n != 1 {
			t.Errorf("%d dossiers after the failed submission; want 1", n)
		}
		if last := sequenceLast(t, d); last != 2 {
			t.Errorf("the sequence stands at %d after the failed submission; want 2 (its number is used up)", last)
		}
		next, err := f.s.Submit(ctx, f.citizen, in, "next")
		if err != nil {
			t.Fatal(err)
		}
		if number(first.Code) != "0001" || number(next.Code) != "0003" {
			t.Errorf("codes %s, %s; want numbers 0001 and 0003 (0002 unused)", first.Code, next.Code)
		}
		again, err := f.s.Submit(ctx, f.citizen, in, "first")
		if err != nil || again.Code != first.Code {
			t.Errorf("retry of the first = %+v, %v; want %s", again, err, first.Code)
		}
		retried, err := f.s.Submit(ctx, f.citizen, in, "failed")
		if err != nil || number(retried.Code) != "0004" {
			t.Errorf("retry of the failed one = %+v, %v; want number 0004", retried, err)
		}
		if last := sequenceLast(t, d); last != 4 {
			t.Errorf("the sequence stands at %d; want 4 (the retry of the first took no number)", last)
		}
		if n := count(t, d, "dossiers"); n != 3 {
			t.Errorf("%d dossiers; want 3", n)
		}
	})
}

func TestCounterDraftsDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		// A reception officer registers a paper dossier with scans, for a citizen with an account.
		in := f.application(t, f.officer)
		reg := dossier.RegisterInput{SubmitInput: in, Channel: dossier.ChannelCounter,
			Applicant: dossier.ApplicantInput{Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "+84912345678"}}
		out, err := f.s.Register(ctx, f.officer, reg, "quay-1")
		if err != nil {
			t.Fatal(err)
		}
		if out.Channel != dossier.ChannelCounter || !codeRe.MatchString(out.Code) {
			t.Errorf("Register = %+v", out)
		}
		// A double click at the counter files one dossier.
		if again, err := f.s.Register(ctx, f.officer, reg, "quay-1"); err != nil || again.Code != out.Code {
			t.Errorf("repeated registration = %+v, %v; want %s", again, err, out.Code)
		}
		// Contacts are normalised for notifications, or refused by field.
		odd := reg
		odd.Applicant.Phone, odd.Applicant.Email = "0912 345 67", "not-an-address"
		_, err = f.s.Register(ctx, f.officer, odd, "")
		if e, _ := apperr.As(err); e == nil || len(e.Fields) != 2 || e.Fields[0].Path != "applicant.phone" {
			t.Errorf("bad contacts = %v; want phone and e-mail errors", err)
		}
		mine, _, _ := f.s.Mine(ctx, f.citizen, 1, 20)
		if len(mine) != 1 || mine[0].Code != out.Code {
			t.Error("the paper dossier is not among the citizen's own")
		}
		bad := reg
		bad.AgencyCode, bad.Applicant = "00004", dossier.ApplicantInput{IDNumber: "12"}
		_, err = f.s.Register(ctx, f.officer, bad, "")
		e, _ := apperr.As(err)
		if e == nil || len(e.Fields) < 3 {
			t.Errorf("bad registration = %v; want agency, name, id number and contact errors", err)
		}
		if _, err := f.s.Register(ctx, f.citizen, reg, ""); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("citizen registering at the counter: %v; want forbidden", err)
		}

		// Drafts resume anywhere; only their owner sees them.
		draft, err := f.s.SaveDraft(ctx, f.citizen, "", dossier.SubmitInput{ProcedureCode: "1.001193", AgencyCode: "00070", Form: json.RawMessage(`{"ghi_chu":"đang soạn"}`)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, draft.ID, dossier.SubmitInput{ProcedureCode: "1.001193", Form: json.RawMessage(`{"a":1}`)}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Draft(ctx, f.citizen, draft.ID)
		if err != nil || string(got.Form) != `{"a":1}` {
			t.Errorf("Draft = %+v, %v", got, err)
		}
		if _, err := f.s.Draft(ctx, f.other, draft.ID); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("other's draft: %v; want not found", err)
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", dossier.SubmitInput{ProcedureCode: "nope", Form: json.RawMessage(`"x"`)}); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("bad draft: %v; want 422", err)
		}
		if err := f.s.DeleteDraft(ctx, f.citizen, draft.ID); err != nil {
			t.Fatal(err)
		}

		// Once-only: the officer's scans of the paper dossier are now the citizen's documents,
		// and can be attached to a new application without uploading.
		docs, err := f.s.Documents(ctx, f.citizen)
		if err != nil || len(docs) == 0 {
			t.Fatalf("Documents = %d, %v", len(docs), err)
		}
		again := f.application(t, f.citizen)
		for _, doc := range docs {
			if doc.Component == again.Attachments[0].Component {
				again.Attachments[0].File = doc.ID
			}
		}
		if _, err := f.s.Submit(ctx, f.citizen, again, ""); err != nil {
			t.Errorf("submit with a stored document: %v", err)
		}
	})
}
