// Package indicators is the Decision 766/QĐ-TTg pages for officers, leaders and administrators
// (no script needed): the month's ranking of the agencies the reader may see, an agency's
// scorecard by group with each indicator's formula and source, and the dossiers behind each
// figure, linking to the back office's dossier page. Every table downloads as CSV or XLSX
// (?dinh-dang=csv|xlsx). The rules are internal/indicators'.
package indicators

import (
	"embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/indicators"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"ind_ranking", "ind_scorecard", "ind_items"}

// HomePath is the ranking; an agency's scorecard is HomePath/{agency}, a figure's dossiers
// HomePath/{agency}/{code}.
const HomePath = "/bao-cao/chi-so-766"

// Deps are the stores the pages use.
type Deps struct {
	Indicators *indicators.Store
}

// Handler serves the pages.
type Handler struct {
	*web.Pages
	site *web.Site
	ind  *indicators.Store
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Indicators == nil {
		return nil, errors.New("indicators: the site and the indicators store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, site: site, ind: d.Indicators}, nil
}

// Register mounts the pages on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+HomePath, h.ranking)
	mux.HandleFunc("GET "+HomePath+"/{agency}", h.scorecard)
	mux.HandleFunc("GET "+HomePath+"/{agency}/{code}", h.items)
}

// mayRead: the indicators are for officers and administrators; which agencies, the store decides.
func mayRead(u *org.User) bool { return u.Role.Officer() || u.IsAdmin() }

// monthOf is ?thang=, the current month by default.
func (h *Handler) monthOf(r *http.Request) string {
	if m := r.URL.Query().Get("thang"); m != "" {
		return m
	}
	return h.ind.CurrentMonth()
}

// month reads ?thang=, the current month by default; a bad one is shown on the month field.
func (h *Handler) month(r *http.Request, v *web.View) (string, bool) {
	m := r.URL.Query().Get("thang")
	if m == "" {
		return h.ind.CurrentMonth(), true
	}
	if err := h.ind.CheckMonth(m); err != nil {
		v.AddError("thang", v.L.T("ind.bad_month"))
		return m, false
	}
	return m, true
}

// row is one table row as shown and downloaded.
type row struct {
	Cells  []string
	Values []any  // the same cells typed (numbers as numbers) for the exports; nil: Cells
	Link   string // the first cell's link, if any
}

// numCell is a nullable figure as an export cell: empty (nil) without data.
func numCell(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// pct formats a rate as a percentage with one decimal, the reader's way.
func pct(v web.Lang, x *float64) string {
	if x == nil {
		return "—"
	}
	return dec(v, *x*100, 1) + " %"
}

// dec formats x with n decimals: a decimal comma in Vietnamese, a point in English.
func dec(l web.Lang, x float64, n int) string {
	s := strconv.FormatFloat(x, 'f', n, 64)
	if !l.EN() {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

type rankingData struct {
	Month  string
	Rows   []row
	Header []string
	Query  string
}

func (h *Handler) ranking(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", HomePath, mayRead)
	if !ok {
		return
	}
	month, ok := h.month(r, v)
	d := rankingData{Month: month, Query: url.Values{"thang": {month}}.Encode(),
		Header: []string{v.L.T("ind.rank"), v.L.T("ind.agency_code"), v.L.T("ind.agency"), v.L.T("ind.total"), v.L.T("ind.max_total")}}
	if !ok {
		v.Data = d
		h.Render(w, r, http.StatusUnprocessableEntity, "ind_ranking", v)
		return
	}
	rk, err := h.ind.Ranking(r.Context(), u, month)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, it := range rk.Items {
		d.Rows = append(d.Rows, row{Link: HomePath + "/" + url.PathEscape(it.Agency) + "?" + d.Query,
			Cells:  []string{strconv.Itoa(it.Rank), it.Agency, it.AgencyName, dec(v.L, it.TotalScore, 2), dec(v.L, it.MaxTotal, 2)},
			Values: []any{it.Rank, it.Agency, it.AgencyName, it.TotalScore, it.MaxTotal}})
	}
	if h.export(w, r, v, "xep-hang-766-"+month, d.Header, d.Rows) {
		return
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "ind_ranking", v)
}

type scoreRow struct {
	indicators.Indicator
	Value, Score, Max string
	Num, Den          string // drill-down links
}

type groupView struct {
	Name string
	Rows []scoreRow
}

type scorecardData struct {
	Month, Query string
	Card         *indicators.Scorecard
	Groups       []groupView
	Total, Max   string
}

func (h *Handler) scorecard(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", HomePath, mayRead)
	if !ok {
		return
	}
	month := h.monthOf(r) // the store validates it: a bad month is a 422 page
	sc, err := h.ind.Scorecard(r.Context(), u, r.PathValue("agency"), month)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d := scorecardData{Month: month, Query: url.Values{"thang": {month}}.Encode(), Card: sc,
		Total: dec(v.L, sc.TotalScore, 2), Max: dec(v.L, sc.MaxTotal, 2)}
	header := []string{v.L.T("ind.code"), v.L.T("ind.name"), v.L.T("ind.value"), v.L.T("ind.numerator"), v.L.T("ind.denominator"),
		v.L.T("ind.score"), v.L.T("ind.max_score"), v.L.T("ind.formula"), v.L.T("ind.source")}
	var rows []row
	for _, g := range indicators.Groups {
		gv := groupView{Name: g.NameVi + " (" + dec(v.L, g.Points, 0) + ")"}
		if v.L.EN() {
			gv.Name = g.NameEn + " (" + dec(v.L, g.Points, 0) + ")"
		}
		for _, in := range sc.Indicators {
			if in.Group != g.Code {
				continue
			}
			if v.L.EN() {
				in.Name, in.Formula, in.Reason = in.NameEn, in.FormulaEn, in.ReasonEn
			}
			sr := scoreRow{Indicator: in, Value: "—", Score: "—", Max: dec(v.L, in.MaxScore, 2)}
			if in.Unit == "days" && in.Value != nil {
				sr.Value = dec(v.L, *in.Value, 2) + " " + v.L.T("ind.days")
			} else if in.Value != nil {
				sr.Value = pct(v.L, in.Value)
			}
			if in.Score != nil {
				sr.Score = dec(v.L, *in.Score, 2)
			}
			if in.Computed {
				base := HomePath + "/" + url.PathEscape(sc.Agency) + "/" + in.Code + "?" + d.Query
				sr.Num, sr.Den = base, base+"&danh-sach=mau-so"
			}
			gv.Rows = append(gv.Rows, sr)
			rows = append(rows, row{Cells: []string{in.Code, in.Name, sr.Value, strconv.Itoa(in.Numerator), strconv.Itoa(in.Denominator),
				sr.Score, sr.Max, in.Formula, in.Source},
				Values: []any{in.Code, in.Name, numCell(in.Value), in.Numerator, in.Denominator, numCell(in.Score), in.MaxScore, in.Formula, in.Source}})
		}
		d.Groups = append(d.Groups, gv)
	}
	if h.export(w, r, v, "chi-so-766-"+sc.Agency+"-"+month, header, rows) {
		return
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "ind_scorecard", v)
}

type itemsData struct {
	Month, Agency, Code, Name, List string
	Page                            *indicators.Page
	Prev, Next, Other, Back         string
	Dossiers                        bool
}

const perPage = 50

func (h *Handler) items(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", HomePath, mayRead)
	if !ok {
		return
	}
	month := h.monthOf(r) // the store validates it: a bad month is a 422 page
	list := "numerator"
	if r.URL.Query().Get("danh-sach") == "mau-so" {
		list = "denominator"
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("trang"))
	page = max(page, 1)
	export := r.URL.Query().Get("dinh-dang")
	n := perPage
	if export != "" {
		page, n = 1, 0 // the whole list; bounded by one agency's month
	}
	agency, code := r.PathValue("agency"), r.PathValue("code")
	p, err := h.ind.Items(r.Context(), u, agency, month, code, list, page, n)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	def, _ := indicators.Lookup(code)
	d := itemsData{Month: month, Agency: p.Agency, Code: code, Name: def.NameVi, List: list, Page: p, Dossiers: p.Kind == "dossier"}
	if v.L.EN() {
		d.Name = def.NameEn
	}
	q := url.Values{"thang": {month}}
	if list == "denominator" {
		q.Set("danh-sach", "mau-so")
	}
	base := HomePath + "/" + url.PathEscape(p.Agency) + "/" + url.PathEscape(code) + "?"
	d.Back = HomePath + "/" + url.PathEscape(p.Agency) + "?thang=" + month
	if page > 1 {
		q.Set("trang", strconv.Itoa(page-1))
		d.Prev = base + q.Encode()
	}
	if page*perPage < p.Total {
		q.Set("trang", strconv.Itoa(page+1))
		d.Next = base + q.Encode()
	}
	oq := url.Values{"thang": {month}}
	if list == "numerator" {
		oq.Set("danh-sach", "mau-so")
	}
	d.Other = base + oq.Encode()
	var rows []row
	for _, it := range p.Items {
		rows = append(rows, row{Cells: []string{it}})
	}
	header := []string{v.L.T("ind.item_dossier")}
	if !d.Dossiers {
		header = []string{v.L.T("ind.item_procedure")}
	}
	if h.export(w, r, v, fmt.Sprintf("chi-so-766-%s-%s-%s-%s", p.Agency, month, code, list), header, rows) {
		return
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "ind_items", v)
}
