package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// uploadFile streams the multipart part "file" into the file store without buffering it.
func (h *Handler) uploadFile(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		h.error(w, r, apperr.New(apperr.KindUnsupported, "unsupported_media_type",
			msgs.Text("unsupported_media_type.send_file_as_multipart_form_data")))
		return
	}
	// The store enforces the per-file limit; the route bounds the whole request a little above it.
	mr, err := r.MultipartReader()
	if err != nil {
		h.error(w, r, malformedMultipart(err))
		return
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			h.error(w, r, partError(err))
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		if !vntext.Storable(part.FileName()) {
			part.Close()
			h.error(w, r, InvalidText("file"))
			return
		}
		f, err := h.dos.Upload(r.Context(), u, part.FileName(), part)
		part.Close()
		if err != nil {
			h.error(w, r, uploadError(err))
			return
		}
		w.Header().Set("Location", "/api/v1/files/"+f.ID)
		writeJSON(w, http.StatusCreated, f)
		return
	}
	h.error(w, r, apperr.Invalid("missing_file", msgs.Text("missing_file"),
		apperr.Field("file", msgs.Text("choose_file"))))
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.New(apperr.KindTooLarge, "file_too_large", msgs.Text("file_too_large"))
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return apperr.New(apperr.KindTooLarge, "file_too_large", msgs.Text("file_too_large"))
	}
	return err
}

// partError is uploadError for the multipart reader's own failures, which are the body's.
func partError(err error) error {
	if e := uploadError(err); e != err {
		return e
	}
	return malformedMultipart(err)
}

// malformedMultipart is the 400 for a multipart body the reader could not parse.
func malformedMultipart(err error) error {
	e := apperr.New(apperr.KindInvalid, "malformed_multipart", msgs.Text("malformed_multipart", err.Error()))
	e.Err = err
	return e
}

func (h *Handler) downloadFile(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	f, err := h.dos.File(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	rc, err := h.dos.OpenFile(r.Context(), f)
	if err != nil {
		h.error(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	// A personal file: kept by no cache, as the web edge does (issue 10).
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, rc)
}

// newDossier adapts a submission (online or at the counter): the Idempotency-Key header goes
// to the domain, and a new dossier answers 201 with its Location.
func newDossier[T any](call func(h *Handler, r *http.Request, u *org.User, in T, key string) (*dossier.Submitted, error)) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		u, err := requireUser(r)
		var in T
		if err == nil {
			err = decode(w, r, &in)
		}
		var out *dossier.Submitted
		if err == nil {
			out, err = call(h, r, u, in, r.Header.Get("Idempotency-Key"))
		}
		if err != nil {
			h.error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/dossiers/"+out.Code)
		writeJSON(w, http.StatusCreated, out)
	}
}

var submitDossier = newDossier(func(h *Handler, r *http.Request, u *org.User, in dossier.SubmitInput, key string) (*dossier.Submitted, error) {
	return h.dos.Submit(r.Context(), u, in, key)
})

var registerDossier = newDossier(func(h *Handler, r *http.Request, u *org.User, in dossier.RegisterInput, key string) (*dossier.Submitted, error) {
	return h.dos.Register(r.Context(), u, in, key)
})

// listDossiers answers ?mine=1 with the caller's own dossiers.
func (h *Handler) listDossiers(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if r.URL.Query().Get("mine") != "1" && u.Role != org.RoleCitizen {
		h.error(w, r, badParam("mine", msgs.Text("officers_find_dossiers_awaiting_them_at")))
		return
	}
	ds, total, err := h.dos.Mine(r.Context(), u, p, pp)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*dossierJSON]{Items: dossiersOut(ds), Total: total})
}

// track is the public tracking endpoint; it is rate-limited per client address so dossier codes
// cannot be enumerated.
func (h *Handler) track(w http.ResponseWriter, r *http.Request) {
	if !h.trackLimit.Allow(clientIP(r)) {
		w.Header().Set("Retry-After", "60")
		h.error(w, r, apperr.New(apperr.KindRateLimited, "rate_limited", msgs.Text("rate_limited")))
		return
	}
	t, err := h.dos.Track(r.Context(), r.PathValue("code"), r.URL.Query().Get("proof"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, trackingOut(t))
}

func (h *Handler) saveDraft(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in dossier.SubmitInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	id := r.PathValue("id")
	d, err := h.dos.SaveDraft(r.Context(), u, id, in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	status := http.StatusOK
	if id == "" {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/drafts/"+d.ID)
	}
	writeJSON(w, status, d)
}

func (h *Handler) deleteDraft(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if err := h.dos.DeleteDraft(r.Context(), u, r.PathValue("id")); err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// clientIP is the address the request came from. Behind a reverse proxy every request would
// share one address; deployments there must limit at the proxy (README).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

var getDossier = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	d, err := h.wf.Get(r.Context(), u, r.PathValue("code"))
	return dossierOut(d), err
})

var listDrafts = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return listOf(h.dos.Drafts(r.Context(), u))
})

var getDraft = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return h.dos.Draft(r.Context(), u, r.PathValue("id"))
})

var documents = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return listOf(h.dos.Documents(r.Context(), u))
})
