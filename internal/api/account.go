package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
)

// Citizens' accounts: sign-up with an e-mail address or phone number verified by a one-time
// code, and the signed-in user's profile. The rules live in org (identity.go, profile.go).

type signUpRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	FullName string `json:"full_name"`
	Lang     string `json:"lang"` // language of the code's message; default from Accept-Language
}

// verificationSent answers a sign-up or resend: where the code went, not the code.
type verificationSent struct {
	Status      string    `json:"status"` // always "verification_sent"
	Channel     string    `json:"channel"`
	Login       string    `json:"login"`
	ExpiresAt   time.Time `json:"expires_at"`
	ResendAfter time.Time `json:"resend_after"`
}

func sent(p *identity.PendingSignUp) verificationSent {
	return verificationSent{Status: "verification_sent", Channel: string(p.Channel), Login: p.Login,
		ExpiresAt: p.ExpiresAt.In(vnZone), ResendAfter: p.ResendAfter.In(vnZone)}
}

// accountError reports err, adding Retry-After to a rate limit.
func (h *Handler) accountError(w http.ResponseWriter, r *http.Request, err error) {
	if d, ok := identity.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	h.error(w, r, err)
}

// signUp starts a citizen's account and sends the one-time code (202: nothing exists yet). A login
// that has an account gets the same answer; its owner is told instead (identity.Store.SignUp).
func (h *Handler) signUp(w http.ResponseWriter, r *http.Request) {
	var req signUpRequest
	if err := decode(w, r, &req); err != nil {
		h.error(w, r, err)
		return
	}
	switch req.Lang {
	case "vi", "en":
	case "":
		req.Lang = "vi"
		if english(r) {
			req.Lang = "en"
		}
	default:
		h.error(w, r, apperr.Invalid("invalid_signup", msgs.Text("invalid_signup"),
			apperr.Field("lang", msgs.Text("choose_vi_or_en"))))
		return
	}
	p, err := h.id.SignUp(r.Context(), identity.SignUpInput{Login: req.Login, Password: req.Password, FullName: req.FullName, Lang: req.Lang})
	if err != nil {
		h.accountError(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "sign-up: code sent", "channel", p.Channel)
	writeJSON(w, http.StatusAccepted, sent(p))
}

type verifyRequest struct {
	Login string `json:"login"`
	Code  string `json:"code"`
}

// verifySignUp checks the code, creates the account and signs it in with a bearer token.
func (h *Handler) verifySignUp(w http.ResponseWriter, r *http.Request) {
	var req verifyRequest
	if err := decode(w, r, &req); err != nil {
		h.error(w, r, err)
		return
	}
	u, err := h.id.Verify(r.Context(), req.Login, req.Code)
	if err != nil {
		h.error(w, r, err)
		return
	}
	tok, exp, err := h.id.CreateToken(r.Context(), u, "api", identity.TokenTTL)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "sign-up verified", "user_id", u.ID, "channel", "api")
	writeJSON(w, http.StatusOK, tokenResponse{Token: tok, TokenType: "Bearer", ExpiresAt: exp.In(vnZone), User: u})
}

type resendRequest struct {
	Login string `json:"login"`
}

// resendCode sends a new code for a pending sign-up (429 with Retry-After when throttled).
func (h *Handler) resendCode(w http.ResponseWriter, r *http.Request) {
	var req resendRequest
	if err := decode(w, r, &req); err != nil {
		h.error(w, r, err)
		return
	}
	p, err := h.id.ResendCode(r.Context(), req.Login)
	if err != nil {
		h.accountError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, sent(p))
}

func (h *Handler) profile(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	p, err := h.id.Profile(r.Context(), u.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// updateProfile replaces the signed-in user's profile; absent fields are cleared.
func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in identity.ProfileInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	p, err := h.id.UpdateProfile(r.Context(), u, in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
