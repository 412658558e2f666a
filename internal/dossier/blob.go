package dossier

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// BlobStore keeps file contents by their SHA-256: the same bytes are stored once, and a
// stored blob never changes.
type BlobStore interface {
	// Put stores the content r, whose SHA-256 is sum and size is size.
	Put(ctx context.Context, sum string, r io.Reader, size int64) error
	// Open returns the content stored under sum.
	Open(ctx context.Context, sum string) (io.ReadCloser, error)
}

var sumRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ErrBlobNotFound is returned by Open for a missing blob.
var ErrBlobNotFound = errors.New("dossier: blob not found")

// DiskStore keeps blobs as files under Dir, fanned out by the first two hex digits.
type DiskStore struct{ Dir string }

func (s DiskStore) path(sum string) (string, error) {
	if !sumRe.MatchString(sum) {
		return "", fmt.Errorf("dossier: bad blob address %q", sum)
	}
	return filepath.Join(s.Dir, sum[:2], sum), nil
}

// Put writes the blob through a temporary file renamed into place, so a crash never leaves a
// partial blob under its address.
func (s DiskStore) Put(ctx context.Context, sum string, r io.Reader, size int64) error {
	p, err := s.path(sum)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil // content-addressed: already there
	}
	// Directories 0700 and blobs 0600 (os.CreateTemp's mode): only the service reads them.
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r)
	if err == nil && n != size {
		err = fmt.Errorf("dossier: wrote %d bytes, want %d", n, size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// Open opens a stored blob.
func (s DiskStore) Open(ctx context.Context, sum string) (io.ReadCloser, error) {
	p, err := s.path(sum)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrBlobNotFound
	}
	return f, err
}

// S3Store keeps blobs in a bucket of an S3-compatible object store (MinIO, Ceph, AWS, a
// Vietnamese cloud's object storage), for deployments that outgrow one disk.
type S3Store struct {
	client *minio.Client
	bucket string
	prefix string
}

// S3Config locates a bucket.
type S3Config struct {
	Endpoint  string // host:port
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string
	TLS       bool
	Prefix    string // key prefix, e.g. "files/"
}

// NewS3Store connects to the bucket, creating it when missing.
func NewS3Store(ctx context.Context, c S3Config) (*S3Store, error) {
	cl, err := minio.New(c.Endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), Secure: c.TLS, Region: c.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("dossier: s3 client: %w", err)
	}
	ok, err := cl.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("dossier: s3 bucket %s: %w", c.Bucket, err)
	}
	if !ok {
		if err := cl.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{Region: c.Region}); err != nil {
			return nil, fmt.Errorf("dossier: create s3 bucket %s: %w", c.Bucket, err)
		}
	}
	return &S3Store{client: cl, bucket: c.Bucket, prefix: c.Prefix}, nil
}

func (s *S3Store) key(sum string) (string, error) {
	if !sumRe.MatchString(sum) {
		return "", fmt.Errorf("dossier: bad blob address %q", sum)
	}
	return s.prefix + sum[:2] + "/" + sum, nil
}

// Put uploads the blob unless an object with its address exists.
func (s *S3Store) Put(ctx context.Context, sum string, r io.Reader, size int64) error {
	k, err := s.key(sum)
	if err != nil {
		return err
	}
	if _, err := s.client.StatObject(ctx, s.bucket, k, minio.StatObjectOptions{}); err == nil {
		return nil
	}
	_, err = s.client.PutObject(ctx, s.bucket, k, r, size, minio.PutObjectOptions{ContentType: "application/octet-stream"})
	return err
}

// Open downloads the blob.
func (s *S3Store) Open(ctx context.Context, sum string) (io.ReadCloser, error) {
	k, err := s.key(sum)
	if err != nil {
		return nil, err
	}
	if _, err := s.client.StatObject(ctx, s.bucket, k, minio.StatObjectOptions{}); err != nil {
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, ErrBlobNotFound
		}
		return nil, err
	}
	return s.client.GetObject(ctx, s.bucket, k, minio.GetObjectOptions{})
}
