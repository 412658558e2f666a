package dossier_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/motcua/motcua/internal/dossier"
)

// TestBlobStores runs the same checks on the disk store and on an S3-compatible store (an
// in-memory S3 server speaking the real protocol over HTTP).
func TestBlobStores(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	s3, err := dossier.NewS3Store(ctx, dossier.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "motcua-test",
		AccessKey: "test", SecretKey: "test-secret", Region: "us-east-1", Prefix: "files/"})
	if err != nil {
		t.Fatal(err)
	}
	stores := map[string]dossier.BlobStore{"disk": dossier.DiskStore{Dir: t.TempDir()}, "s3": s3}
	for name, st := range stores {
		t.Run(name, func(t *testing.T) {
			content := []byte("%PDF-1.4 giấy chứng sinh")
			h := sha256.Sum256(content)
			sum := hex.EncodeToString(h[:])
			for range 2 { // a second put of the same content is a no-op
				if err := st.Put(ctx, sum, bytes.NewReader(content), int64(len(content))); err != nil {
					t.Fatal(err)
				}
			}
			rc, err := st.Open(ctx, sum)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, content) {
				t.Errorf("read back %q; want %q", got, content)
			}
			missing := strings.Repeat("0", 64)
			if _, err := st.Open(ctx, missing); !errors.Is(err, dossier.ErrBlobNotFound) {
				t.Errorf("Open(missing) = %v; want ErrBlobNotFound", err)
			}
			if err := st.Put(ctx, "../../etc/passwd", bytes.NewReader(nil), 0); err == nil {
				t.Error("a bad address was accepted")
			}
		})
	}
}

// TestDiskStoreModes: stored files are the service's alone, 0600 in 0700 directories (issue 10).
func TestDiskStoreModes(t *testing.T) {
	root := t.TempDir()
	s := dossier.DiskStore{Dir: root}
	content := []byte("%PDF-1.4 private")
	h := sha256.Sum256(content)
	sum := hex.EncodeToString(h[:])
	if err := s.Put(context.Background(), sum, bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(root, sum[:2]), filepath.Join(root, sum[:2], sum)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m&0o077 != 0 {
			t.Errorf("mode of %s = %v; want none for group and others", p, m)
		}
	}
}
