package dossier

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// File is an uploaded document: a scan, a photo or a form.
type File struct {
	ID          string    `json:"id"`
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	Name        string    `json:"name"`
	CreatedAt   time.Time `json:"created_at"`
	OwnerID     int64     `json:"-"`
}

// Accepted content types, as sniffed from the bytes (never from the name).
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// DefaultMaxUpload is the default per-file limit.
const DefaultMaxUpload = 20 << 20

var (
	errTooLarge = func(max int64) error {
		return apperr.New(apperr.KindTooLarge, "file_too_large",
			msgs.Text("file_too_large", max>>20))
	}
	errUnsupported = apperr.New(apperr.KindUnsupported, "unsupported_file_type",
		msgs.Text("unsupported_file_type"))
	errFileNotFound = apperr.NotFound("file", msgs.Text("file_not_found"))
)

// Sniff returns the content type of b judged from its bytes, or "" when it is not an
// accepted type. A DOCX is a ZIP holding word/document.xml; any other ZIP is refused.
func Sniff(b []byte, size int64, open func() (io.ReaderAt, error)) string {
	switch ct := http.DetectContentType(b); {
	case ct == TypePDF:
		return TypePDF
	case ct == TypeJPEG:
		return TypeJPEG
	case ct == TypePNG:
		return TypePNG
	case ct == "application/zip" || bytes.HasPrefix(b, []byte("PK\x03\x04")):
		ra, err := open()
		if err != nil {
			return ""
		}
		zr, err := zip.NewReader(ra, size)
		if err != nil {
			return ""
		}
		var doc, types bool
		for _, f := range zr.File {
			doc = doc || f.Name == "word/document.xml"
			types = types || f.Name == "[Content_Types].xml"
		}
		if doc && types {
			return TypeDOCX
		}
	}
	return ""
}

// Prepare checks and stores the bytes of a file for owner without recording it: it reads at
// most MaxUpload bytes (413 beyond), sniffs the type (415 unless PDF, JPEG, PNG or DOCX), hashes
// it and puts it in the blob store. A blob never recorded is unreachable, so a failure leaves
// nothing anyone can see.
func (s *Store) Prepare(ctx context.Context, owner *org.User, name string, r io.Reader) (*File, error) {
	if owner == nil {
		return nil, org.ErrUnauthenticated
	}
	// Spool to a temporary file: uploads can be large and must not sit in memory.
	tmp, err := os.CreateTemp("", "motcua-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, s.MaxUpload+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTooLarge(s.MaxUpload)
		}
		return nil, apperr.New(apperr.KindInvalid, "upload_failed", msgs.Text("upload_failed"))
	}
	if n > s.MaxUpload {
		return nil, errTooLarge(s.MaxUpload)
	}
	if n == 0 {
		return nil, apperr.Invalid("empty_file", msgs.Text("empty_file"), apperr.Field("file", msgs.Text("empty_file")))
	}
	head := make([]byte, 512)
	k, _ := tmp.ReadAt(head, 0)
	ct := Sniff(head[:k], n, func() (io.ReaderAt, error) { return tmp, nil })
	if ct == "" {
		return nil, errUnsupported
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if err := s.blobs.Put(ctx, sum, tmp, n); err != nil {
		return nil, fmt.Errorf("dossier: store blob: %w", err)
	}
	return &File{ID: newID(), SHA256: sum, Size: n, ContentType: ct, Name: cleanName(name, ct), CreatedAt: s.now().In(vnZone), OwnerID: owner.ID}, nil
}

// Upload stores a file for owner (see Prepare) and records it.
func (s *Store) Upload(ctx context.Context, owner *org.User, name string, r io.Reader) (*File, error) {
	f, err := s.Prepare(ctx, owner, name, r)
	if err != nil {
		return nil, err
	}
	if err := s.Record(ctx, s.db, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Record writes a prepared file's row, inside a caller's transaction when q is one: a document
// generated during an action is recorded with the action or not at all.
func (s *Store) Record(ctx context.Context, q db.Querier, f *File) error {
	_, err := q.Exec(ctx, `INSERT INTO files (id, owner_id, sha256, size, content_type, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.OwnerID, f.SHA256, f.Size, f.ContentType, f.Name, f.CreatedAt)
	return err
}

// cleanName keeps a display name: the base name, NFC, without control characters, with the
// extension of the sniffed type.
func cleanName(name, ct string) string {
	name = vntext.NFC(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == "" {
		name = "tep"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	ext := map[string]string{TypePDF: ".pdf", TypeJPEG: ".jpg", TypePNG: ".png", TypeDOCX: ".docx"}[ct]
	if e := strings.ToLower(filepath.Ext(name)); e != ext && !(ext == ".jpg" && e == ".jpeg") {
		name += ext
	}
	return name
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

const fileCols = `f.id, f.sha256, f.size, f.content_type, f.name, f.created_at, f.owner_id`

func scanFile(sc interface{ Scan(...any) error }) (*File, error) {
	var f File
	err := sc.Scan(&f.ID, &f.SHA256, &f.Size, &f.ContentType, &f.Name, &f.CreatedAt, &f.OwnerID)
	f.CreatedAt = f.CreatedAt.In(vnZone)
	return &f, err
}

// File returns a file the caller may read: their own, one attached to their dossier (but not an
// officers' working file), or one attached to a dossier of the officer's agency. Anything else
// is not found.
func (s *Store) File(ctx context.Context, actor *org.User, id string) (*File, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	f, err := scanFile(s.db.QueryRow(ctx, `SELECT `+fileCols+` FROM files f WHERE f.id = ?`, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errFileNotFound
	}
	if err != nil {
		return nil, err
	}
	if f.OwnerID == actor.ID {
		return f, nil
	}
	var n int
	err = s.db.QueryRow(ctx, `SELECT COUNT(*) FROM dossier_attachments a JOIN dossiers d ON d.id = a.dossier_id
		WHERE a.file_id = ? AND ((d.applicant_id = ? AND a.kind <> 'internal') OR (? AND d.agency_id = ?))`,
		id, actor.ID, actor.Role.Officer(), actor.AgencyID).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errFileNotFound
	}
	return f, nil
}

// OpenFile returns the file's content.
func (s *Store) OpenFile(ctx context.Context, f *File) (io.ReadCloser, error) {
	return s.blobs.Open(ctx, f.SHA256)
}
