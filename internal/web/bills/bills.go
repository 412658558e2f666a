// Package bills is the citizen's pages of the bill-payment hub: the billers by category, a
// customer code typed or picked from the saved ones, its bills, and for each unpaid bill the
// form that pays it through the ledger's page (POST /thanh-toan, fields bill and method); saving
// and forgetting customer codes. Phone first, no script needed.
package bills

import (
	"embed"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	hub "github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/web"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"bills_home", "bills_biller"}

// Paths of the pages; PayPath is the ledger's page that starts a payment.
const (
	HomePath   = "/hoa-don"
	forgetPath = HomePath + "/ma-da-luu/xoa"
	PayPath    = "/thanh-toan"
)

// Methods are the payment methods offered, in order (the ledger's, CONTRACT.md "Payments").
var Methods = []string{"vnpay", "vietqr"}

// Deps are what the pages use.
type Deps struct {
	Bills *hub.Store
}

// Handler serves the bills pages.
type Handler struct {
	*web.Pages
	bills *hub.Store
}

// New parses the pages with the site's layout; it fails when a page or a message is missing.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Bills == nil {
		return nil, errors.New("web/bills: the site and the bills store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, bills: d.Bills}, nil
}

// Register mounts the pages on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+HomePath, h.home)
	mux.HandleFunc("GET "+HomePath+"/{biller}", h.biller)
	mux.HandleFunc("POST "+HomePath+"/{biller}/luu", h.save)
	mux.HandleFunc("POST "+forgetPath, h.forget)
}

// category is a category's billers, as the home page lists them.
type category struct {
	Key, Label string
	Billers    []hub.Info
}

// method is a payment method with its label.
type method struct{ Value, Label string }

func methods(l web.Lang) []method {
	out := make([]method, len(Methods))
	for i, m := range Methods {
		out[i] = method{m, l.T("bills.method." + m)}
	}
	return out
}

// savedView is a saved code with its biller's name and the link that shows its bills.
type savedView struct {
	hub.Saved
	BillerName string
	URL        string
}

type homeData struct {
	Categories []category
	Saved      []savedView
	Forgot     bool
}

func billerURL(biller, customer string) string {
	u := HomePath + "/" + url.PathEscape(biller)
	if customer != "" {
		u += "?" + url.Values{"ma": {customer}}.Encode()
	}
	return u
}

// home lists the billers by category, and the signed-in citizen's saved codes.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	d := homeData{Forgot: r.URL.Query().Get("da_xoa") == "1"}
	infos := h.bills.Registry().Billers()
	for _, c := range hub.Categories {
		cat := category{Key: string(c), Label: v.L.T("bills.category." + string(c))}
		for _, in := range infos {
			if in.Category == c {
				cat.Billers = append(cat.Billers, in)
			}
		}
		if len(cat.Billers) > 0 {
			d.Categories = append(d.Categories, cat)
		}
	}
	if v.User != nil {
		saved, err := h.saved(r, v, "")
		if err != nil {
			h.Fail(w, r, v, err)
			return
		}
		d.Saved = saved
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "bills_home", v)
}

// saved is the signed-in user's saved codes, of one biller when biller is not "".
func (h *Handler) saved(r *http.Request, v *web.View, biller string) ([]savedView, error) {
	list, err := h.bills.Saved(r.Context(), v.User)
	if err != nil {
		return nil, err
	}
	var out []savedView
	for _, s := range list {
		b, ok := h.bills.Registry().Biller(s.Biller)
		if !ok || biller != "" && s.Biller != biller {
			continue
		}
		out = append(out, savedView{Saved: s, BillerName: b.Info().Name, URL: billerURL(s.Biller, s.Customer)})
	}
	return out, nil
}

type billerData struct {
	Info      hub.Info
	Category  string // the category's label
	Label     string // what the biller calls the customer code, in the page's language
	Hint      string
	Sample    string // demo mode: a code with an unpaid bill
	Customer  string // as typed
	Fetched   bool   // the bills below are Customer's
	Bills     []hub.Bill
	Unpaid    int
	Saved     []savedView
	IsSaved   bool
	JustSaved bool
	SaveLabel string
	Methods   []method
	PayPath   string
	SavePath  string
}

// biller shows a biller's form for the customer code; with ?ma= it fetches the bills (signed in
// only) and offers to pay each unpaid one and to save the code.
func (h *Handler) biller(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	b, ok := h.bills.Registry().Biller(r.PathValue("biller"))
	if !ok {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	d := h.billerData(r, v, b.Info(), strings.TrimSpace(q.Get("ma")))
	d.JustSaved = q.Get("da_luu") == "1"
	if d.Customer == "" {
		if err := h.withSaved(r, v, &d); err != nil {
			h.Fail(w, r, v, err)
			return
		}
		v.Data = d
		h.Render(w, r, http.StatusOK, "bills_biller", v)
		return
	}
	if _, ok := h.Require(w, r, v, "citizen", HomePath, web.Anyone); !ok {
		return
	}
	h.show(w, r, v, d, http.StatusOK)
}

func (h *Handler) billerData(r *http.Request, v *web.View, in hub.Info, customer string) billerData {
	d := billerData{Info: in, Label: in.CustomerLabel.In(v.L.Lang), Hint: in.CustomerHint.In(v.L.Lang), Customer: web.Shown(customer),
		Category: v.L.T("bills.category." + string(in.Category)), Methods: methods(v.L), PayPath: PayPath, SavePath: billerURL(in.Code, "") + "/luu"}
	if samples, err := h.bills.Samples(r.Context()); err == nil {
		d.Sample = samples[in.Code]
	}
	return d
}

func (h *Handler) withSaved(r *http.Request, v *web.View, d *billerData) error {
	if v.User == nil {
		return nil
	}
	saved, err := h.saved(r, v, d.Info.Code)
	d.Saved = saved
	for _, s := range saved {
		if s.Customer == hub.Normalize(d.Customer) {
			d.IsSaved = true
		}
	}
	return err
}

// show fetches and renders the customer's bills; a code the biller does not know or that is
// malformed is an error on the ma input.
func (h *Handler) show(w http.ResponseWriter, r *http.Request, v *web.View, d billerData, status int) {
	bs, err := h.bills.Fetch(r.Context(), v.User, d.Info.Code, d.Customer)
	switch kind := apperr.KindOf(err); {
	case err == nil:
		d.Fetched, d.Bills, d.Customer = true, bs, hub.Normalize(d.Customer)
		for _, b := range bs {
			if b.Status == hub.Unpaid {
				d.Unpaid++
			}
		}
	case kind == apperr.KindNotFound:
		v.AddError("ma", v.L.T("bills.err.unknown", d.Label, d.Customer))
		status = http.StatusNotFound
	case kind == apperr.KindUnprocessable:
		v.AddError("ma", v.L.T("bills.err.form", d.Label, d.Hint))
		status = http.StatusUnprocessableEntity
	default:
		h.Fail(w, r, v, err)
		return
	}
	if err := h.withSaved(r, v, &d); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	v.NoStore = true
	v.Data = d
	h.Render(w, r, status, "bills_biller", v)
}

// save keeps the customer code (form fields ma and label) for the signed-in citizen.
func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	b, ok := h.bills.Registry().Biller(r.PathValue("biller"))
	if !ok {
		h.NotFound(w, r)
		return
	}
	u, ok := h.Require(w, r, v, "citizen", billerURL(b.Info().Code, ""), web.Anyone)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("bills.err.form_body")))
		return
	}
	customer, label := r.PostForm.Get("ma"), r.PostForm.Get("label")
	if _, err := h.bills.Save(r.Context(), u, b.Info().Code, customer, label); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindInternal {
			h.Fail(w, r, v, err)
			return
		}
		d := h.billerData(r, v, b.Info(), strings.TrimSpace(customer))
		d.SaveLabel = web.Shown(label)
		if e.Code == "too_many_saved" {
			v.AddError("label", v.L.T("bills.err.too_many", hub.MaxSaved))
		} else {
			v.AddFieldErrors(e, "label")
		}
		h.show(w, r, v, d, apperr.Status(e.Kind))
		return
	}
	http.Redirect(w, r, billerURL(b.Info().Code, hub.Normalize(customer))+"&da_luu=1", http.StatusSeeOther)
}

// forget removes a saved code (form fields biller and ma) and goes back to the list.
func (h *Handler) forget(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", HomePath, web.Anyone)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("bills.err.form_body")))
		return
	}
	if err := h.bills.Forget(r.Context(), u, r.PostForm.Get("biller"), r.PostForm.Get("ma")); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, HomePath+"?da_xoa=1", http.StatusSeeOther)
}
