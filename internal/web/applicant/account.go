package applicant

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/web"
)

// A citizen's account: sign-up with an e-mail address or a mobile number and a one-time code
// (identity.Store.SignUp, Verify, ResendCode), and the profile (identity.Store.Profile, UpdateProfile).
//
//	/dang-ky             the sign-up form
//	/dang-ky/xac-minh    enter the code (or ask for another); the right code signs in
//	/tai-khoan           the profile, to read and change

const (
	verifyPath  = "/dang-ky/xac-minh"
	profilePath = "/tai-khoan"
)

// The sign-up.

type signUpData struct {
	Fields []*web.FieldView
}

func (h *Handler) signUpForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	h.renderSignUp(w, r, v, http.StatusOK, map[string]string{})
}

func (h *Handler) renderSignUp(w http.ResponseWriter, r *http.Request, v *web.View, status int, typed map[string]string) {
	l := v.L
	v.Data = signUpData{Fields: v.Inputs(
		web.Input{Name: "login", ID: "login", Title: l.T("signup.login"), Hint: l.T("signup.login_hint"), Required: true,
			Width: "medium", MaxLength: 254, Autocomplete: "username", Value: typed["login"]},
		web.Input{Name: "full_name", ID: "full_name", Title: l.T("signup.full_name"), Hint: l.T("signup.full_name_hint"), Required: true,
			MaxLength: 200, Autocomplete: "name", Value: typed["full_name"]},
		web.Input{Name: "password", ID: "password", Type: "password", Title: l.T("signup.password"),
			Hint: l.T("signup.password_hint", identity.MinPasswordLen), Required: true, Width: "medium", MaxLength: identity.MaxPasswordLen,
			Autocomplete: "new-password"},
		web.Input{Name: "password2", ID: "password2", Type: "password", Title: l.T("signup.password2"), Required: true, Width: "medium",
			Autocomplete: "new-password"},
	)}
	h.Render(w, r, status, "signup", v)
}

// signUp starts an account (identity.Store.SignUp), which sends a code to the e-mail address or by
// SMS, and goes on to the page where the code is entered. A login that has an account goes the
// same way (its owner is told instead of receiving a code), so the page tells no one who has one.
func (h *Handler) signUp(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	l := v.L
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("login", l.T("signin.err.form"))
		h.renderSignUp(w, r, v, http.StatusBadRequest, map[string]string{})
		return
	}
	typed := map[string]string{"login": web.Shown(r.PostForm.Get("login")), "full_name": web.Shown(r.PostForm.Get("full_name"))}
	pw := r.PostForm.Get("password")
	// The confirmation is the form's own check; the rules of a password are the store's.
	if pw2 := r.PostForm.Get("password2"); pw2 != pw {
		v.AddError("password2", l.T("signup.err.mismatch"))
		h.renderSignUp(w, r, v, http.StatusUnprocessableEntity, typed)
		return
	}
	pending, err := h.identity.SignUp(r.Context(), identity.SignUpInput{Login: r.PostForm.Get("login"), Password: pw,
		FullName: r.PostForm.Get("full_name"), Lang: v.Lang})
	if err != nil {
		e, isApp := apperr.As(err)
		if !isApp || e.Kind == apperr.KindInternal {
			h.Fail(w, r, v, err)
			return
		}
		status := apperr.Status(e.Kind)
		if wait, ok := identity.RetryAfter(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
			v.AddError("", l.T("signup.err.wait", int(wait/time.Second)))
		} else if len(e.Fields) == 0 {
			v.AddError("login", web.FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		} else {
			v.AddErrors(e, func(path string) string { return path }) // login, password, full_name: the inputs' own ids
		}
		h.renderSignUp(w, r, v, status, typed)
		return
	}
	h.Log().InfoContext(r.Context(), "web: sign-up started", "channel", pending.Channel)
	h.SetSignUpCookie(w, pending.Login)
	http.Redirect(w, r, verifyPath, http.StatusSeeOther)
}

// signUpLogin is the login the last code went to, from the cookie.
func signUpLogin(r *http.Request) string {
	if c, err := r.Cookie(web.SignUpCookie); err == nil {
		return web.Shown(c.Value)
	}
	return ""
}

// The code.

type verifyData struct {
	Login  string // where the code went, when known
	Fields []*web.FieldView
	Resent bool
}

func (h *Handler) verifyForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	h.renderVerify(w, r, v, http.StatusOK, signUpLogin(r), r.URL.Query().Get("da_gui") == "1")
}

func (h *Handler) renderVerify(w http.ResponseWriter, r *http.Request, v *web.View, status int, login string, resent bool) {
	l := v.L
	v.Data = verifyData{Login: login, Resent: resent, Fields: v.Inputs(
		web.Input{Name: "login", ID: "login", Title: l.T("verify.login"), Hint: l.T("verify.login_hint"), Required: true, Width: "medium",
			MaxLength: 254, Autocomplete: "username", Value: login},
		web.Input{Name: "code", ID: "code", Title: l.T("verify.code"), Hint: l.T("verify.code_hint", int(identity.CodeTTL/time.Minute)),
			Required: true, Width: "short", MaxLength: 6, InputMode: "numeric", Autocomplete: "one-time-code"},
	)}
	h.Render(w, r, status, "verify", v)
}

// verify checks the code (identity.Store.Verify): the right one creates the account and signs it in
// like the sign-in page does; "Gửi lại mã" asks for another code (identity.Store.ResendCode), at
// most once a minute, and says how long to wait.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	l := v.L
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("code", l.T("signin.err.form"))
		h.renderVerify(w, r, v, http.StatusBadRequest, signUpLogin(r), false)
		return
	}
	login := web.Shown(strings.TrimSpace(r.PostForm.Get("login")))
	refused := func(err error) {
		e, isApp := apperr.As(err)
		if !isApp || e.Kind == apperr.KindInternal {
			h.Fail(w, r, v, err)
			return
		}
		if wait, ok := identity.RetryAfter(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
			v.AddError("", l.T("signup.err.wait", int(wait/time.Second)))
		} else if len(e.Fields) == 0 {
			v.AddError("", web.FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		} else {
			v.AddErrors(e, func(path string) string { return path }) // login, code
		}
		h.renderVerify(w, r, v, apperr.Status(e.Kind), login, false)
	}
	if r.PostForm.Get("_action") == "resend" {
		pending, err := h.identity.ResendCode(ctx, login)
		if err != nil {
			refused(err)
			return
		}
		h.SetSignUpCookie(w, pending.Login)
		http.Redirect(w, r, verifyPath+"?da_gui=1", http.StatusSeeOther)
		return
	}
	u, err := h.identity.Verify(ctx, login, r.PostForm.Get("code"))
	if err != nil {
		refused(err)
		return
	}
	if err := h.StartSession(w, r, u); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: web.SignUpCookie, Path: web.SignUpPath, MaxAge: -1, HttpOnly: true, Secure: h.secure,
		SameSite: http.SameSiteLaxMode})
	h.Log().InfoContext(ctx, "web: account created", "user", u.Username)
	http.Redirect(w, r, profilePath+"?moi=1", http.StatusSeeOther)
}

// The profile.

type profileData struct {
	P       *identity.Profile
	Fields  []*web.FieldView // before the commune
	Address *web.FieldView
	Units   []unitGroup
	UnitErr string
	Unit    string // the commune chosen
	Saved   bool
	Welcome bool // just signed up
}

// unitGroup is a province and its communes, for the commune select.
type unitGroup struct {
	Name  string
	Units []unitOption
}

type unitOption struct {
	Code, Name string
	Selected   bool
}

// provinceUnits holds the provinces' communes, sorted, read once from org's embedded list.
var provinceUnits = sync.OnceValues(func() (map[string]unitGroup, error) {
	ps, err := org.Provinces()
	if err != nil {
		return nil, err
	}
	out := make(map[string]unitGroup, len(ps))
	for _, p := range ps {
		g := unitGroup{Name: p.FullName}
		for _, u := range p.Units {
			g.Units = append(g.Units, unitOption{Code: u.Code, Name: u.FullName})
		}
		slices.SortFunc(g.Units, func(a, b unitOption) int { return vntext.Compare(a.Name, b.Name) })
		out[p.Code] = g
	}
	return out, nil
})

func (h *Handler) profileForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", profilePath, web.Anyone)
	if !ok {
		return
	}
	p, err := h.identity.Profile(r.Context(), u.ID)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	in := identity.ProfileInput{FullName: p.FullName, IDNumber: p.IDNumber, BirthDate: p.BirthDate, Phone: localPhone(p.Phone),
		Email: p.Email, UnitCode: p.UnitCode, AddressLine: p.AddressLine}
	q := r.URL.Query()
	h.renderProfile(w, r, v, http.StatusOK, p, in, q.Get("da_luu") == "1", q.Get("moi") == "1")
}

// localPhone shows a stored E.164 Vietnamese number as people write it: +84912345678 is
// 0912345678.
func localPhone(e164 string) string {
	if rest, ok := strings.CutPrefix(e164, "+84"); ok {
		return "0" + rest
	}
	return e164
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, v *web.View, status int, p *identity.Profile, in identity.ProfileInput, saved, welcome bool) {
	l := v.L
	groups, err := provinceUnits()
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d := profileData{P: p, Saved: saved, Welcome: welcome, Unit: in.UnitCode, UnitErr: v.FieldErrors["unit_code"]}
	// The profile offers the communes of the provinces the organisation tree serves; a
	// profile's commune elsewhere is offered too, so that saving keeps it.
	served, err := h.org.ServedProvinces(r.Context())
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	home := map[string]bool{}
	var codes []string
	for _, p := range served {
		home[p.Code] = true
		codes = append(codes, p.Code)
	}
	if len(in.UnitCode) == 5 {
		for code, g := range groups {
			if !home[code] && slices.ContainsFunc(g.Units, func(u unitOption) bool { return u.Code == in.UnitCode }) {
				codes = append(codes, code)
			}
		}
	}
	for _, code := range codes {
		g := groups[code]
		units := make([]unitOption, 0, len(g.Units))
		for _, u := range g.Units {
			if !home[code] && u.Code != in.UnitCode {
				continue
			}
			u.Selected = u.Code == in.UnitCode
			units = append(units, u)
		}
		d.Units = append(d.Units, unitGroup{Name: g.Name, Units: units})
	}
	verified := func(ok bool, value string) string {
		switch {
		case value == "":
			return ""
		case ok:
			return l.T("profile.verified")
		}
		return l.T("profile.unverified")
	}
	d.Fields = v.Inputs(
		web.Input{Name: "full_name", ID: "full_name", Title: l.T("profile.full_name"), Required: true, MaxLength: 200,
			Autocomplete: "name", Value: in.FullName},
		web.Input{Name: "id_number", ID: "id_number", Title: l.T("profile.id_number"), Hint: l.T("profile.id_number_hint"),
			Width: "medium", MaxLength: 12, InputMode: "numeric", Autocomplete: "off", Value: in.IDNumber},
		web.Input{Kind: web.KindDate, Name: "birth_date", ID: "birth_date", Title: l.T("profile.birth_date"), Autocomplete: "bday",
			Value: in.BirthDate},
		web.Input{Name: "phone", ID: "phone", Type: "tel", Title: l.T("profile.phone"), Hint: verified(p.PhoneVerified && localPhone(p.Phone) == in.Phone, in.Phone),
			Width: "medium", MaxLength: 20, Autocomplete: "tel", Value: in.Phone},
		web.Input{Kind: web.KindEmail, Name: "email", ID: "email", Title: l.T("profile.email"), Hint: verified(p.EmailVerified && p.Email == in.Email, in.Email),
			Width: "medium", MaxLength: 254, Autocomplete: "email", Value: in.Email},
	)
	d.Address = v.Inputs(web.Input{Kind: web.KindTextarea, Name: "address_line", ID: "address_line", Title: l.T("profile.address_line"),
		Hint: l.T("profile.address_line_hint"), MaxLength: 300, Value: in.AddressLine})[0]
	v.Data = d
	h.Render(w, r, status, "profile", v)
}

// profileInputs are the profile's inputs in page order, for the error summary.
var profileInputs = []string{"full_name", "id_number", "birth_date", "birth_date-month", "birth_date-year", "phone", "email", "unit_code", "address_line"}

// saveProfile replaces the profile (identity.Store.UpdateProfile), every bad field reported beside
// its input.
func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", profilePath, web.Anyone)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	p, err := h.identity.Profile(ctx, u.ID)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("", l.T("signin.err.form"))
		h.renderProfile(w, r, v, http.StatusBadRequest, p, identity.ProfileInput{}, false, false)
		return
	}
	f := r.PostForm
	birth, birthErr := web.ReadDate(l, f, "birth_date", l.T("profile.birth_date"))
	in := identity.ProfileInput{FullName: f.Get("full_name"), IDNumber: f.Get("id_number"), BirthDate: birth,
		Phone: f.Get("phone"), Email: f.Get("email"), UnitCode: f.Get("unit_code"), AddressLine: f.Get("address_line")}
	// A date that does not read is kept as typed, which UpdateProfile refuses with the other
	// fields' errors; the page says which box is wrong rather than the store's message.
	if _, err := h.identity.UpdateProfile(ctx, u, in); err != nil {
		e, isApp := apperr.As(err)
		if !isApp || e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindInvalid {
			h.Fail(w, r, v, err)
			return
		}
		var errs []web.ViewError
		for _, fe := range e.Fields {
			if fe.Path == "birth_date" && birthErr != nil {
				fe.Path, fe.Message, fe.MessageEn = birthErr.ID, birthErr.Message, birthErr.Message
			}
			errs = append(errs, web.ViewError{ID: fe.Path, Message: web.FieldMessage(l, fe)})
		}
		if len(errs) == 0 {
			errs = append(errs, web.ViewError{Message: web.FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})})
		}
		v.AddInOrder(errs, profileInputs...)
		h.renderProfile(w, r, v, apperr.Status(e.Kind), p, in, false, false)
		return
	}
	http.Redirect(w, r, profilePath+"?da_luu=1", http.StatusSeeOther)
}
