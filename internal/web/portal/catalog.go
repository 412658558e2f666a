package portal

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/pagecache"
)

// localCodeRe is a localised procedure code, which the procedure page redirects to its
// national code.
var localCodeRe = regexp.MustCompile(`^([0-9]\.[0-9]{6})(\.[0-9A-Z]{1,4}){1,5}$`)

// onlineLevels lists the levels of Decree 42/2022 Art. 11 in the order pages show them.
var onlineLevels = []catalog.OnlineLevel{catalog.OnlineFull, catalog.OnlinePartial, catalog.OnlineNone}

type homeData struct {
	Fields []catalog.FieldCount
	Total  int // procedures in force
	Online []levelCount
}

type levelCount struct {
	Level catalog.OnlineLevel
	Count int
}

// home is the front page: the search box, the fields (lĩnh vực) with counts, the online
// levels explained, and the way to the publication decisions. It shows the catalog alone, so
// visitors who are not signed in get it from memory, made once per language and catalog
// generation.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		h.NotFound(w, r)
		return
	}
	ctx := r.Context()
	fill := func(v *web.View) error {
		d, err := h.homeData(ctx)
		v.Data = d
		return err
	}
	gen, err := h.catalog.Generation(ctx)
	if err != nil {
		h.Fail(w, r, h.NewView(w, r), err)
		return
	}
	h.pages.Serve(h.Pages, w, r, "/", gen, "home", fill) // made for the visitor when signed in
}

// homeData is the front page's, from the catalog's index.
func (h *Handler) homeData(ctx context.Context) (homeData, error) {
	fields, err := h.catalog.Fields(ctx)
	if err != nil {
		return homeData{}, err
	}
	d := homeData{Fields: fields}
	for _, f := range fields {
		d.Total += f.Count
	}
	for _, o := range onlineLevels {
		res, err := h.catalog.Search(ctx, catalog.Query{Online: o, PerPage: 1})
		if err != nil {
			return homeData{}, err
		}
		d.Online = append(d.Online, levelCount{o, res.Total})
	}
	return d, nil
}

type searchData struct {
	// The parameters as given, made safe to show again.
	Q, Field, Level, Online, Status, Agency string
	Fields                                  []catalog.FieldCount // options of the field filter
	Agencies                                web.AgencyOptions    // options of the agency filter
	AgencyOther                             *web.AgencyOption    // the chosen agency, when not among Agencies
	Filtered                                bool                 // any parameter was given
	FiltersOpen                             bool                 // a filter is set or wrong: show them

	Items            []*catalog.Procedure
	Total            int
	Page, Pages      int
	From, To         int
	PrevURL, NextURL string
	Failed           bool // the parameters were bad; no results are shown
}

// searchInputs are the ids of the search form's inputs and the query parameters that page links
// keep, named like the parameters that catalog.Search reports in its field errors.
var searchInputs = []string{"q", "field", "level", "online_level", "status", "agency"}

// search lists procedures matching the query string, with filters and pages. Any query
// string answers 200 or, for a bad parameter, 400 with an error summary. Without a query (the
// whole catalog's first page) it shows the catalog and the agencies alone, so visitors who are
// not signed in get it from memory, made once per language, catalog generation and list of
// agencies.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	agencies, err := h.Agencies(ctx)
	if err != nil {
		h.Fail(w, r, h.NewView(w, r), err)
		return
	}
	if pagecache.Cacheable(r) {
		gen, err := h.catalog.Generation(ctx)
		if err != nil {
			h.Fail(w, r, h.NewView(w, r), err)
			return
		}
		h.pages.Serve(h.Pages, w, r, "/thu-tuc", gen+"|"+agencies.Generation(), "search", func(v *web.View) error {
			_, err := h.searchView(ctx, v, url.Values{}, agencies)
			return err
		})
		return
	}
	v := h.NewView(w, r)
	status, err := h.searchView(ctx, v, r.URL.Query(), agencies)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	h.Render(w, r, status, "search", v)
}

// searchView fills v with the search page for the query string qs and tells its status.
func (h *Handler) searchView(ctx context.Context, v *web.View, qs url.Values, agencies *web.AgencyList) (int, error) {
	l := v.L
	d := searchData{
		Q: web.Shown(qs.Get("q")), Field: web.Shown(qs.Get("field")), Level: web.Shown(qs.Get("level")),
		Online: web.Shown(qs.Get("online_level")), Status: web.Shown(qs.Get("status")), Agency: web.Shown(qs.Get("agency")),
	}
	for _, k := range searchInputs {
		if qs.Get(k) != "" {
			d.Filtered = true
		}
	}
	page, ok := web.PageParam(qs.Get("page"))
	if !ok {
		v.AddError("", l.T("err.page"))
	}
	q := catalog.Query{
		Text: qs.Get("q"), Field: qs.Get("field"), Level: catalog.Level(qs.Get("level")),
		Online: catalog.OnlineLevel(qs.Get("online_level")), Status: qs.Get("status"), Page: page, PerPage: web.PerPage,
	}
	d.Agencies = agencies.Options[l.Lang]
	if code := qs.Get("agency"); code != "" {
		a, ok := agencies.ByCode[code]
		if !ok {
			v.AddError("agency", l.T("search.err.agency"))
		} else {
			q.Agency = a
			if a.Kind != org.KindDepartment && a.Kind != org.KindWard && a.Kind != org.KindCommune && a.Kind != org.KindSpecialZone {
				d.AgencyOther = &web.AgencyOption{Code: a.Code, Name: a.Name}
				if l.EN() && a.NameEn != "" {
					d.AgencyOther.Name = a.NameEn
				}
				d.AgencyOther.VI = l.EN() && a.NameEn == ""
			}
		}
	}
	res, err := h.catalog.Search(ctx, q)
	if e, isApp := apperr.As(err); isApp && e.Kind == apperr.KindInvalid {
		v.AddFieldErrors(e, searchInputs...)
	} else if err != nil {
		return 0, err
	}
	fields, err := h.catalog.Fields(ctx)
	if err != nil {
		return 0, err
	}
	d.Fields = fields
	if d.Field != "" && !slices.ContainsFunc(fields, func(f catalog.FieldCount) bool { return f.Name == d.Field }) {
		d.Fields = append([]catalog.FieldCount{{Name: d.Field}}, fields...)
	}
	for _, k := range []string{"field", "level", "online_level", "status", "agency"} {
		if qs.Get(k) != "" || v.FieldErrors[k] != "" {
			d.FiltersOpen = true
		}
	}
	status := http.StatusOK
	if len(v.Errors) > 0 {
		d.Failed = true
		status = http.StatusBadRequest
	} else {
		d.Items, d.Total, d.Page = res.Items, res.Total, page
		d.Pages = (res.Total + web.PerPage - 1) / web.PerPage
		if len(res.Items) > 0 {
			d.From = (page-1)*web.PerPage + 1
			d.To = d.From + len(res.Items) - 1
		}
		link := func(p int) string {
			u := url.Values{}
			for _, k := range searchInputs {
				if s := qs.Get(k); s != "" {
					u.Set(k, s)
				}
			}
			if p > 1 {
				u.Set("page", strconv.Itoa(p))
			}
			if len(u) == 0 {
				return "/thu-tuc"
			}
			return "/thu-tuc?" + u.Encode()
		}
		if page > 1 && d.Pages > 0 {
			d.PrevURL = link(min(page-1, d.Pages))
		}
		if page < d.Pages {
			d.NextURL = link(page + 1)
		}
		v.Prev, v.Next = d.PrevURL, d.NextURL
	}
	v.Data = d
	return status, nil
}

type procedureData struct {
	P        *catalog.Procedure
	Decision *catalog.Decision // the decision that made the current version, when found
	// Requirements are the components as citizens read them, alternatives grouped ("one of").
	Requirements []catalog.Requirement
	// Editor is set for catalog administrators, who also see the editors' notes and the source
	// of each figure; citizens read the plain statements only.
	Editor bool
	// Quotes are what one dossier costs today, filed each way the procedure offers, and
	// Claimable the reductions an applicant may claim.
	Quotes    []filedQuote
	Claimable []catalog.Reduction
	// Articles are the portal's published articles about the procedure, newest first.
	Articles []*news.Article
}

// filedQuote is the amount owed for one dossier filed online or on paper.
type filedQuote struct {
	Online bool
	Q      catalog.FeeQuote
}

// quotes are p's quotes for a typical dossier (one copy, no case, no category) filed each way
// p offers on the day of now; none when p states no fee at all.
func quotes(p *catalog.Procedure, now time.Time) []filedQuote {
	if len(p.Fees) == 0 {
		return nil
	}
	var out []filedQuote
	online := p.OnlineLevel != catalog.OnlineNone
	paper := len(p.Channels) == 0 || slices.ContainsFunc(p.Channels, func(c string) bool { return c != "online" })
	for _, on := range []bool{true, false} {
		if on && online || !on && paper {
			out = append(out, filedQuote{Online: on, Q: p.Quote(catalog.FeeInput{Online: on, On: now})})
		}
	}
	return out
}

// procedure shows everything a citizen needs to know about one procedure, in force or
// abolished, from the catalog's index. Visitors who are not signed in get it from memory, made
// once per language and generation of what it shows: the catalog's, the day (a fee's
// reductions hold between dates) and the news's (the articles about it).
func (h *Handler) procedure(w http.ResponseWriter, r *http.Request) {
	code, ok := h.procedureCode(w, r, "")
	if !ok {
		return
	}
	ctx := r.Context()
	p, gen, err := h.catalog.Snapshot(ctx, code)
	if err != nil {
		h.Fail(w, r, h.NewView(w, r), err)
		return
	}
	now := h.now()
	fill := func(v *web.View) error { return h.procedureView(ctx, v, p, now) }
	gen += "|" + now.In(vntime.Location()).Format(time.DateOnly)
	if h.news != nil {
		ng, err := h.news.Generation(ctx)
		if err != nil {
			h.Fail(w, r, h.NewView(w, r), err)
			return
		}
		gen += "|" + ng
	}
	h.pages.Serve(h.Pages, w, r, "/thu-tuc/"+code, gen, "procedure", fill) // made for the visitor when signed in
}

// procedureView fills v with p's page as of now.
func (h *Handler) procedureView(ctx context.Context, v *web.View, p *catalog.Procedure, now time.Time) error {
	d := procedureData{P: p, Requirements: catalog.Requirements(p), Editor: v.User.CanManageCatalog(),
		Quotes: quotes(p, now), Claimable: p.Claimable()}
	if p.DecisionNo != "" {
		dec, err := h.catalog.DecisionByNumber(ctx, p.DecisionNo)
		switch {
		case err == nil:
			d.Decision = dec
		case apperr.KindOf(err) != apperr.KindNotFound:
			h.Log().WarnContext(ctx, "web: decision of procedure", "code", p.Code, "decision", p.DecisionNo, "err", err)
		}
	}
	if h.news != nil {
		var err error
		if d.Articles, err = h.news.ForProcedure(ctx, p.Code); err != nil {
			return err
		}
	}
	v.Data = d
	return nil
}

// procedureCode returns the {code} of the request when it is a national code. A localised
// code is redirected to its national code's page (suffix is the rest of that page's path);
// anything else is answered with the 404 page.
func (h *Handler) procedureCode(w http.ResponseWriter, r *http.Request, suffix string) (string, bool) {
	code := r.PathValue("code")
	if web.ProcedureCodeRe.MatchString(code) {
		return code, true
	}
	if m := localCodeRe.FindStringSubmatch(code); m != nil {
		http.Redirect(w, r, "/thu-tuc/"+m[1]+suffix, http.StatusMovedPermanently)
		return "", false
	}
	h.NotFound(w, r)
	return "", false
}

type historyData struct {
	Code, Name string
	Abolished  bool
	Versions   []catalog.Version // newest first
}

// history lists every version of a procedure with the decision that made it.
func (h *Handler) history(w http.ResponseWriter, r *http.Request) {
	code, ok := h.procedureCode(w, r, "/lich-su")
	if !ok {
		return
	}
	v := h.NewView(w, r)
	vs, err := h.catalog.Versions(r.Context(), code)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	slices.Reverse(vs)
	d := historyData{Code: code, Versions: vs, Abolished: vs[0].Status == catalog.StatusAbolished}
	if vs[0].Procedure != nil {
		d.Name = vs[0].Procedure.Name
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "history", v)
}

type decisionsData struct {
	Decisions        []*catalog.Decision
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
}

// decisions lists the publication decisions, newest first, a page at a time.
func (h *Handler) decisions(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	page, ok := web.PageParam(r.URL.Query().Get("page"))
	if !ok {
		v.AddError("", v.L.T("err.page"))
		v.Data = decisionsData{}
		h.Render(w, r, http.StatusBadRequest, "decisions", v)
		return
	}
	ds, total, err := h.catalog.Decisions(r.Context(), page, web.PerPage)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d := decisionsData{Decisions: ds, Total: total, Page: page, Pages: (total + web.PerPage - 1) / web.PerPage}
	link := func(p int) string {
		if p <= 1 {
			return "/quyet-dinh"
		}
		return "/quyet-dinh?page=" + strconv.Itoa(p)
	}
	if page > 1 && d.Pages > 0 {
		d.PrevURL = link(min(page-1, d.Pages))
	}
	if page < d.Pages {
		d.NextURL = link(page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	v.Data = d
	h.Render(w, r, http.StatusOK, "decisions", v)
}
