package directives

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/web"
)

// cell is one figure of the overview with its drill-down link.
type cell struct {
	N    int
	Link string
}

// line is a row of the overview: its total and one cell per state.
type line struct {
	Key, Name, Number, Link string
	Total                   cell
	States                  []cell
	Share                   string
}

type overviewData struct {
	All          line
	States       []directive.State
	Agencies     []line
	Directives   []line
	Filter       directive.Filter
	MayRecord    bool
	XLSX         string
	DirectiveURL string
}

// share writes the done share of the due tasks as a percentage with one decimal.
func share(c directive.Counts, en bool) string {
	s := strconv.FormatFloat(c.DoneShare()*100, 'f', 1, 64)
	if !en {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " %"
}

func makeLine(key, name string, c directive.Counts, agency string, dir int64, en bool) line {
	l := line{Key: key, Name: name, Total: cell{c.Total, tasksURL(agency, dir, "")}, Share: share(c, en)}
	for _, st := range directive.States {
		l.States = append(l.States, cell{c.Of(st), tasksURL(agency, dir, string(st))})
	}
	return l
}

// overview is the office's view: every task by state, per agency and per directive, each
// figure a link to its tasks.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "other", Path, follows)
	if !ok {
		return
	}
	ctx := r.Context()
	en := v.L.EN()
	f := directive.Filter{}
	all, err := h.dir.Summary(ctx, u, f)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d := overviewData{All: makeLine("", "", all, "", 0, en), States: directive.States, MayRecord: directive.MayRecord(u), XLSX: XLSXPath}
	agencies, err := h.dir.ByAgency(ctx, u, f)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, a := range agencies {
		name, _ := h.site.AgencyName(ctx, v.L, a.Key)
		d.Agencies = append(d.Agencies, makeLine(a.Key, name, a.Counts, a.Key, 0, en))
	}
	dirs, err := h.dir.ByDirective(ctx, u, f)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, x := range dirs {
		n, _ := strconv.ParseInt(x.Key, 10, 64)
		l := makeLine(x.Key, x.Name, x.Counts, "", n, en)
		l.Number, l.Link = x.Number, strings.Replace(DirPath, "{id}", x.Key, 1)
		d.Directives = append(d.Directives, l)
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "overview", v)
}

// xlsx downloads the workbook for the committee's meeting.
func (h *Handler) xlsx(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", Path, seesTasks)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := h.dir.WriteXLSX(r.Context(), &buf, u, directive.Filter{}, v.L.Lang); err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="nhiem-vu-chi-dao.xlsx"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
}

// row is one task row of the recording form, as typed.
type row struct {
	N                     int // from 1, for people
	Agency, Title, DueOn  string
	AgencyID, TitleID, ID string
	Due                   *web.FieldView // the due date's three boxes
}

type recordData struct {
	In       directive.Input
	Signed   *web.FieldView // the signing date's three boxes
	Rows     []row
	Agencies web.AgencyOptions
}

func rowIDs(i int) (agency, title, due string) {
	p := "tasks-" + strconv.Itoa(i) + "-"
	return p + "agency_code", p + "title", p + "due_on"
}

func (h *Handler) recordForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	if _, ok := h.site.Require(w, r, v, "other", RecordPath, directive.MayRecord); !ok {
		return
	}
	h.renderRecord(w, r, v, http.StatusOK, directive.Input{}, make([]row, TaskRows))
}

func (h *Handler) renderRecord(w http.ResponseWriter, r *http.Request, v *web.View, status int, in directive.Input, rows []row) {
	al, err := h.site.Agencies(r.Context())
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	l := v.L
	for i := range rows {
		rows[i].N = i + 1
		rows[i].AgencyID, rows[i].TitleID, rows[i].ID = rowIDs(i)
		rows[i].Due = v.Inputs(web.Input{Kind: web.KindDate, Name: rows[i].ID, ID: rows[i].ID, Title: l.T("directives.due_on"),
			Hint: l.T("directives.date_hint"), Value: rows[i].DueOn})[0]
	}
	signed := v.Inputs(web.Input{Kind: web.KindDate, Name: "signed_on", ID: "signed_on", Title: l.T("directives.signed_on"),
		Hint: l.T("directives.date_hint"), Value: in.SignedOn})[0]
	v.Data = recordData{In: in, Signed: signed, Rows: rows, Agencies: al.Options[l.Lang]}
	h.Render(w, r, status, "record", v)
}

// record records the posted directive; a refusal shows the form again with every problem
// linked to its input, the rows as typed.
func (h *Handler) record(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "other", RecordPath, directive.MayRecord)
	if !ok {
		return
	}
	ctx := r.Context()
	var doc string
	m := web.ReadMultipart(w, r, v.L, h.dos.MaxUpload, func(field, name string, part io.Reader) error {
		if field != "document" {
			return nil
		}
		f, err := h.dos.Upload(ctx, u, name, part)
		if err == nil {
			doc = f.ID
		}
		return err
	})
	val := func(k string) string { return strings.TrimSpace(m.Values.Get(k)) }
	// A date the boxes do not make is refused here, in the boxes' words; the domain gets it as
	// typed and refuses it too, so nothing is recorded.
	var dateErrs []web.ViewError
	date := func(name, title string) string {
		d, verr := web.ReadDate(v.L, m.Values, name, title)
		if verr != nil {
			dateErrs = append(dateErrs, *verr)
		}
		return d
	}
	in := directive.Input{Number: val("number"), SignedOn: date("signed_on", v.L.T("directives.signed_on")), Signer: val("signer"),
		Title: val("title"), Summary: val("summary"), Document: doc}
	rows := make([]row, TaskRows)
	var formRow []int // the form's row of each task sent
	for i := range rows {
		a, t, d := rowIDs(i)
		rows[i] = row{Agency: val(a), Title: val(t), DueOn: date(d, v.L.T("directives.due_on"))}
		if rows[i].Agency != "" || rows[i].Title != "" || rows[i].DueOn != "" {
			in.Tasks = append(in.Tasks, directive.TaskInput{AgencyCode: rows[i].Agency, Title: rows[i].Title, DueOn: rows[i].DueOn})
			formRow = append(formRow, i)
		}
	}
	if len(m.Errors) > 0 {
		v.AddInOrder(m.Errors, "document")
		h.renderRecord(w, r, v, m.Status, in, rows)
		return
	}
	d, err := h.dir.Record(ctx, u, in)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindConflict) {
			h.site.Fail(w, r, v, err)
			return
		}
		h.addErrors(v, e, formRow, dateErrs)
		status := http.StatusUnprocessableEntity
		if e.Kind == apperr.KindConflict {
			status = http.StatusConflict
		}
		h.renderRecord(w, r, v, status, in, rows)
		return
	}
	http.Redirect(w, r, strings.Replace(DirPath, "{id}", strconv.FormatInt(d.ID, 10), 1)+"?da-ghi=1", http.StatusSeeOther)
}

// addErrors links the domain's field paths (tasks[1].agency_code) to the form's inputs
// (tasks-3-agency_code: the form's row of the second task sent), in the form's order; a date
// the boxes did not make keeps the boxes' message instead of the domain's.
func (h *Handler) addErrors(v *web.View, e *apperr.Error, formRow []int, dateErrs []web.ViewError) {
	ids := []string{"number", "signed_on", "signed_on-month", "signed_on-year", "signer", "title", "summary", "document"}
	for i := range TaskRows {
		a, t, d := rowIDs(i)
		ids = append(ids, a, t, d, d+"-month", d+"-year")
	}
	errs := dateErrs
	bad := map[string]bool{}
	for _, de := range dateErrs {
		bad[strings.TrimSuffix(strings.TrimSuffix(de.ID, "-month"), "-year")] = true
	}
	for _, f := range e.Fields {
		msg := f.Message
		if v.L.EN() && f.MessageEn != "" {
			msg = f.MessageEn
		}
		id := f.Path
		if rest, ok := strings.CutPrefix(f.Path, "tasks["); ok {
			n, field, _ := strings.Cut(rest, "].")
			if i, err := strconv.Atoi(n); err == nil && i < len(formRow) {
				id = "tasks-" + strconv.Itoa(formRow[i]) + "-" + field
			}
		}
		if id == "tasks" {
			id = "tasks-0-agency_code"
		}
		if !bad[id] {
			errs = append(errs, web.ViewError{ID: id, Message: msg})
		}
	}
	if len(e.Fields) == 0 {
		msg := e.Message
		if v.L.EN() && e.MessageEn != "" {
			msg = e.MessageEn
		}
		errs = append(errs, web.ViewError{ID: "number", Message: msg})
	}
	v.AddInOrder(errs, ids...)
}

// directive shows a directive and the tasks the reader may see.
func (h *Handler) directive(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", Path, seesTasks)
	if !ok {
		return
	}
	d, err := h.dir.Directive(r.Context(), u, id(r))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	v.Data = struct {
		D        *directive.Directive
		Recorded bool
		Follows  bool
		FileURL  string
	}{d, r.URL.Query().Get("da-ghi") == "1", directive.MayFollow(u), fileURL(d.Document)}
	h.Render(w, r, http.StatusOK, "directive", v)
}

func fileURL(id string) string {
	if id == "" {
		return ""
	}
	return strings.Replace(FilePath, "{id}", id, 1)
}
