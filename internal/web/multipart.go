package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/vntext"
)

// Reading a multipart post as a stream, for the forms that carry files.

const (
	// maxFieldBytes bounds one text part of a multipart form.
	maxFieldBytes = 64 << 10
	// uploadsPerPost is how many files at the size limit one post may carry.
	uploadsPerPost = 5
)

// MultipartForm is a multipart post read as a stream: text fields kept, each file handed to
// upload as it arrives, so no upload is held in memory.
type MultipartForm struct {
	Values url.Values
	Errors []ViewError // by input id
	Status int         // the status of the first error
}

// Fail records an error for the input id, the post answering with status unless an earlier
// error set one.
func (m *MultipartForm) Fail(id, msg string, status int) {
	m.Errors = append(m.Errors, ViewError{ID: id, Message: msg})
	if m.Status == 0 {
		m.Status = status
	}
}

// ReadMultipart streams r's multipart body, each file at most maxUpload bytes. upload is
// called for every file part with a name; it returns an error for the part's input.
func ReadMultipart(w http.ResponseWriter, r *http.Request, l Lang, maxUpload int64, upload func(field, name string, part io.Reader) error) *MultipartForm {
	m := &MultipartForm{Values: url.Values{}}
	// The store limits each file; this bounds the whole post a little above a few of them.
	r.Body = http.MaxBytesReader(w, r.Body, uploadsPerPost*maxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		m.Fail("", l.T("apply.err.form"), http.StatusBadRequest)
		return m
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) || errors.Is(err, multipart.ErrMessageTooLarge) {
				m.Fail("", l.T("apply.err.post_too_large", maxUpload>>20), http.StatusRequestEntityTooLarge)
			} else {
				m.Fail("", l.T("apply.err.form"), http.StatusBadRequest)
			}
			break
		}
		name := part.FormName()
		_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if _, isFile := params["filename"]; isFile {
			// A file input: empty when no file was chosen.
			if !vntext.Storable(part.FileName()) || !vntext.Storable(name) { // either is passed on
				m.Fail(storableID(name), l.T("apply.err.text"), http.StatusBadRequest)
			} else if part.FileName() != "" {
				if err := upload(name, part.FileName(), part); err != nil {
					m.Fail(name, uploadMessage(l, maxUpload, part.FileName(), err), uploadStatus(err))
				}
			}
			part.Close()
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		part.Close()
		if err != nil || len(b) > maxFieldBytes {
			m.Fail("", l.T("apply.err.form"), http.StatusBadRequest)
			break
		}
		if !vntext.Storable(name) || !vntext.Storable(string(b)) {
			m.Fail(storableID(name), l.T("apply.err.text"), http.StatusBadRequest)
			continue
		}
		if len(m.Values) < 2000 {
			m.Values.Add(name, string(b))
		}
	}
	return m
}

// storableID is the input id of a field named name, none when the name itself is bad text.
func storableID(name string) string {
	if vntext.Storable(name) {
		return name
	}
	return ""
}

// uploadMessage says why a file was refused, naming it.
func uploadMessage(l Lang, maxUpload int64, name string, err error) string {
	name = vntext.NFC(name)
	switch apperr.KindOf(err) {
	case apperr.KindTooLarge:
		return l.T("apply.err.too_large", name, maxUpload>>20)
	case apperr.KindUnsupported:
		return l.T("apply.err.file_type", name)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return l.T("apply.err.too_large", name, maxUpload>>20)
	}
	if e, ok := apperr.As(err); ok && e.Code == "empty_file" {
		return l.T("apply.err.empty_file", name)
	}
	return l.T("apply.err.upload", name)
}

func uploadStatus(err error) int {
	if k := apperr.KindOf(err); k != apperr.KindInternal {
		return apperr.Status(k)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}
