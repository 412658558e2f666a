package api

import (
	"net/http"

	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenResponse struct {
	Token     string    `json:"token"`
	TokenType string    `json:"token_type"`
	ExpiresAt time.Time `json:"expires_at"`
	User      *org.User `json:"user"`
}

// maxTokenBody bounds the token request: a login and a password within their bounds
// (identity.MaxLoginChars, MaxPasswordChars), JSON-escaped, fit many times over.
const maxTokenBody = 16 << 10

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if err := decode(w, r, &req); err != nil {
		h.error(w, r, err)
		return
	}
	var fe apperr.Fields
	if req.Username == "" {
		fe.Add("username", msgs.Text("username_is_required"))
	}
	if req.Password == "" {
		fe.Add("password", msgs.Text("password_is_required"))
	}
	if err := fe.Err("invalid_credentials_request", msgs.Text("invalid_credentials_request")); err != nil {
		h.error(w, r, err)
		return
	}
	u, err := h.id.Authenticate(r.Context(), req.Username, req.Password)
	if err != nil {
		if apperr.KindOf(err) != apperr.KindUnprocessable { // an oversized login is not logged
			h.log.InfoContext(r.Context(), "sign-in failed", "username", req.Username, "channel", "api")
		}
		h.accountError(w, r, err) // 429 with Retry-After when throttled
		return
	}
	tok, exp, err := h.id.CreateToken(r.Context(), u, "api", identity.TokenTTL)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "sign-in", "username", u.Username, "channel", "api")
	writeJSON(w, http.StatusOK, tokenResponse{Token: tok, TokenType: "Bearer", ExpiresAt: exp.In(vnZone), User: u})
}

// revokeToken revokes the bearer token that authenticates the request.
func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	tok, ok := BearerToken(r)
	if !ok || org.UserFrom(r.Context()) == nil {
		h.error(w, r, org.ErrUnauthenticated)
		return
	}
	if err := h.id.RevokeToken(r.Context(), tok); err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (h *Handler) agencies(w http.ResponseWriter, r *http.Request) {
	as, err := h.org.Agencies(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*org.Agency]{Items: as, Total: len(as)})
}

// BearerToken returns the token of an "Authorization: Bearer …" header.
func BearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

func requireUser(r *http.Request) (*org.User, error) {
	u := org.UserFrom(r.Context())
	if u == nil {
		return nil, org.ErrUnauthenticated
	}
	return u, nil
}
