package news

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"time"

	_ "golang.org/x/image/webp"
	_ "image/gif" // decoders for the accepted uploads

	"golang.org/x/image/draw"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// Blobs keeps file contents by their SHA-256: the file store the dossiers' uploads use
// (dossier.BlobStore, on disk or S3).
type Blobs interface {
	Put(ctx context.Context, sum string, r io.Reader, size int64) error
	Open(ctx context.Context, sum string) (io.ReadCloser, error)
}

// Limits of an uploaded image: its bytes, its pixels before decoding (a small file may
// declare a huge picture), and the width it is resized to.
const (
	MaxImageBytes  = 8 << 20
	MaxImagePixels = 40_000_000
	ImageWidth     = 1200
)

// Image is an article's uploaded image as stored; its address is ImagePath + SHA256.
type Image struct {
	SHA256        string
	ContentType   string
	Size          int64
	Width, Height int
	CreatedAt     time.Time
}

// Path is where the portal serves the image, what an article's Markdown links to.
func (i *Image) Path() string { return ImagePath + i.SHA256 }

var (
	errImageType  = apperr.New(apperr.KindUnsupported, "unsupported_image", msgs.Text("bad_image"))
	errImageLarge = apperr.New(apperr.KindTooLarge, "image_too_large", msgs.Text("image_too_large", MaxImageBytes>>20))
	errNoImage    = apperr.NotFound("image", msgs.Text("image_not_found"))
	errNoBlobs    = errors.New("news: no file store configured")
)

// accepted are the types an upload may be, sniffed from its bytes (never its name): SVG, which
// can carry script, is not among them.
var accepted = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// AddImage stores an image for the article slug, for those who may write it: at most
// MaxImageBytes (413), sniffed (415 unless JPEG, PNG, GIF or WebP), decoded within
// MaxImagePixels, resized to at most ImageWidth pixels wide and re-encoded as JPEG (PNG when
// the original was PNG, for transparency), which drops metadata such as a photo's location.
func (s *Store) AddImage(ctx context.Context, u *org.User, slug string, r io.Reader) (*Image, error) {
	if !Writes(u) {
		return nil, forbidden(u)
	}
	if s.blobs == nil {
		return nil, errNoBlobs
	}
	a, err := s.Get(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	if !MayWrite(u, a.Category) {
		return nil, errNotFound
	}
	raw, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return nil, apperr.New(apperr.KindInvalid, "upload_failed", msgs.Text("bad_image"))
	}
	if len(raw) > MaxImageBytes {
		return nil, errImageLarge
	}
	out, ct, w, h, err := resize(raw)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out)
	img := &Image{SHA256: hex.EncodeToString(sum[:]), ContentType: ct, Size: int64(len(out)), Width: w, Height: h,
		CreatedAt: s.now().In(vntime.Location())}
	if err := s.blobs.Put(ctx, img.SHA256, bytes.NewReader(out), img.Size); err != nil {
		return nil, fmt.Errorf("news: store image: %w", err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO article_images (sha256, article_id, content_type, size, width, height, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`, img.SHA256, a.ID, ct, img.Size, w, h, u.ID, img.CreatedAt)
	if err != nil {
		return nil, err
	}
	return img, nil
}

// resize decodes an accepted image and re-encodes it at most ImageWidth wide.
func resize(raw []byte) (out []byte, ct string, w, h int, err error) {
	if !accepted[http.DetectContentType(raw)] {
		return nil, "", 0, 0, errImageType
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", 0, 0, errImageType
	}
	if cfg.Width*cfg.Height > MaxImagePixels {
		return nil, "", 0, 0, errImageLarge
	}
	src, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, "", 0, 0, errImageType
	}
	w, h = cfg.Width, cfg.Height
	dst := src
	if w > ImageWidth {
		w, h = ImageWidth, max(1, h*ImageWidth/cfg.Width)
		d := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(d, d.Bounds(), src, src.Bounds(), draw.Over, nil)
		dst = d
	}
	var buf bytes.Buffer
	if format == "png" {
		ct, err = "image/png", png.Encode(&buf, dst)
	} else {
		ct, err = "image/jpeg", jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return nil, "", 0, 0, err
	}
	return buf.Bytes(), ct, w, h, nil
}

// OpenImage returns a stored image and its content; anyone may read it (its address is the
// SHA-256 of its bytes, known only from the article that shows it).
func (s *Store) OpenImage(ctx context.Context, sum string) (*Image, io.ReadCloser, error) {
	if s.blobs == nil || len(sum) != 64 {
		return nil, nil, errNoImage
	}
	var img Image
	err := s.db.QueryRow(ctx, "SELECT sha256, content_type, size, width, height, created_at FROM article_images WHERE sha256 = ?", sum).
		Scan(&img.SHA256, &img.ContentType, &img.Size, &img.Width, &img.Height, &img.CreatedAt)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, errNoImage
	}
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, sum)
	if err != nil {
		return nil, nil, err
	}
	return &img, rc, nil
}
