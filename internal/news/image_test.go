package news_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/ratelimit"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		m.Set(x, x*h/w, color.NRGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a PNG header declaring a 20,000 × 20,000 picture, with no pixels.
func bomb() []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 20000)
	binary.BigEndian.PutUint32(ihdr[4:], 20000)
	ihdr[8], ihdr[9] = 8, 2
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestImages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.s = news.NewStore(news.Config{DB: d, Blobs: dossier.DiskStore{Dir: t.TempDir()}, CommentLimit: ratelimit.New(5, 5)})
		a := f.create(t, article("Ảnh Bộ phận Một cửa"))
		img, err := f.s.AddImage(ctx, f.users["bientap"], a.Slug, bytes.NewReader(pngOf(t, 2400, 1000)))
		if err != nil {
			t.Fatal(err)
		}
		if img.Width != news.ImageWidth || img.Height != 500 || img.ContentType != "image/png" || !strings.HasPrefix(img.Path(), news.ImagePath) {
			t.Errorf("AddImage = %+v; want resized to 1200 × 500 PNG", img)
		}
		got, rc, err := f.s.OpenImage(ctx, img.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 1200 || int64(len(b)) != got.Size {
			t.Errorf("stored image: %v, %v", cfg, err)
		}
		// The Markdown may show it; the sanitiser keeps its address.
		if html := string(news.HTML("![Quầy](" + img.Path() + ")")); !strings.Contains(html, `src="`+img.Path()+`"`) {
			t.Errorf("HTML = %s", html)
		}
		for name, tc := range map[string]struct {
			body []byte
			want apperr.Kind
		}{
			"svg":   {[]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>`), apperr.KindUnsupported},
			"pdf":   {[]byte("%PDF-1.4\n1 0 obj<<>>endobj\n"), apperr.KindUnsupported},
			"bomb":  {bomb(), apperr.KindTooLarge},
			"empty": {nil, apperr.KindUnsupported},
		} {
			if _, err := f.s.AddImage(ctx, f.users["bientap"], a.Slug, bytes.NewReader(tc.body)); kind(err) != tc.want {
				t.Errorf("AddImage(%s) = %v; want kind %v", name, err, tc.want)
			}
		}
		if _, err := f.s.AddImage(ctx, f.users["congdan"], a.Slug, bytes.NewReader(pngOf(t, 10, 10))); kind(err) != apperr.KindForbidden {
			t.Errorf("AddImage(citizen) = %v; want 403", err)
		}
		if _, _, err := f.s.OpenImage(ctx, strings.Repeat("0", 64)); kind(err) != apperr.KindNotFound {
			t.Errorf("OpenImage(unknown) = %v; want 404", err)
		}
	})
}
