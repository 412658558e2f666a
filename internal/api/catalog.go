package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/httpcache"
	"github.com/motcua/motcua/internal/vntime"
)

var vnZone = vntime.Location()

// listProcedures answers a search with summaries (the fields a list of results shows), or
// with whole procedures when asked with ?view=full. Each item's JSON is encoded once per
// catalog generation (issue 15: encoding whole procedures with their form schemas was 78% of a
// search's CPU); the answers of the first pages of common queries are kept whole, with their
// gzip bytes, in a bounded cache (searchJSON).
func (h *Handler) listProcedures(w http.ResponseWriter, r *http.Request) {
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	v := r.URL.Query()
	full := false
	switch v.Get("view") {
	case "", "summary":
	case "full":
		full = true
	default:
		h.error(w, r, badQuery(msgs.Text("invalid_query"), apperr.Field("view", msgs.Text("view_must_be_summary_or_full"))))
		return
	}
	q := catalog.Query{Text: v.Get("q"), Field: v.Get("field"), Level: catalog.Level(v.Get("level")),
		Online: catalog.OnlineLevel(v.Get("online_level")), Status: v.Get("status"), Page: p, PerPage: pp}
	if code := v.Get("agency"); code != "" {
		a, err := h.org.Agency(r.Context(), code)
		if err != nil {
			h.error(w, r, badQuery(msgs.Text("invalid_query.no_such_agency"), apperr.Field("agency", msgs.Text("no_agency_with_code", code))))
			return
		}
		q.Agency = a
	}
	search := func() ([]byte, error) {
		res, err := h.cat.Search(r.Context(), q)
		if err != nil {
			return nil, err
		}
		return h.results(res, full), nil
	}
	if full || pp > keptPerPage || p > keptPages {
		body, err := search()
		if err != nil {
			h.error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body) // compressed, when asked, by the server's middleware
		return
	}
	gen, err := h.cat.Generation(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	a, err := h.searchJSON.Get(searchKey(v), gen, func() (*httpcache.Answer, error) {
		body, err := search()
		if err != nil {
			return nil, err
		}
		return httpcache.New("application/json; charset=utf-8", body), nil
	})
	if err != nil {
		h.error(w, r, err)
		return
	}
	a.Serve(w, r, "public, no-cache")
}

// Which search answers are kept whole: the first pages of at most keptQueries queries (a
// visitor chooses the query, so the count is bounded), of at most keptPerPage summaries each.
// A summary is about 280 bytes: a page of 20 (the default) is about 6 KB and 1.5 KB gzipped,
// and the cache holds at most about 256 × 17 KB, 4.4 MB. Other answers are made for each
// request (a search and the copy of each item's bytes), compressed by the server's middleware.
const (
	keptQueries = 256
	keptPages   = 3
	keptPerPage = 50
)

// searchKey is the parameters that make a search's answer, in a fixed order: two requests with
// the same key have the same answer under one catalog generation.
func searchKey(v url.Values) string {
	var b strings.Builder
	for _, name := range []string{"q", "field", "level", "online_level", "agency", "status", "page", "per_page"} {
		b.WriteString(v.Get(name))
		b.WriteByte(0) // the text guard refuses NUL in a query: no value holds one
	}
	return b.String()
}

// results encodes one page of a search from each item's JSON made once per generation: the
// summary, or with full the procedure's own answer (the bytes GET /procedures/{code} sends).
func (h *Handler) results(res *catalog.Result, full bool) []byte {
	b := make([]byte, 0, 64+300*len(res.Items))
	b = append(b, `{"items":[`...)
	for i, p := range res.Items {
		if i > 0 {
			b = append(b, ',')
		}
		if full {
			b = append(b, bytes.TrimSuffix(h.procedureAnswer(p, res.Gen).Plain, []byte("\n"))...)
		} else {
			b = append(b, h.summaries.get(res.Gen, p)...)
		}
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(res.Total), 10)
	return append(b, "}\n"...)
}

// summary is a procedure in a list of search results: what a result shows (the portal's list
// shows the same), its name, field, level, online level, time and fee. The whole procedure is
// GET /procedures/{code}, or the list with ?view=full.
type summary struct {
	Code                   string              `json:"code"`
	Name                   string              `json:"name"`
	Field                  string              `json:"field"`
	Level                  catalog.Level       `json:"level"`
	OnlineLevel            catalog.OnlineLevel `json:"online_level"`
	ProcessingDays         *int                `json:"processing_days"`
	ProcessingHours        *int                `json:"processing_hours,omitempty"`
	ProcessingCalendarDays *int                `json:"processing_calendar_days,omitempty"`
	FeeVND                 *int64              `json:"fee_vnd"`
	Status                 catalog.Status      `json:"status"`
}

func summaryOf(p *catalog.Procedure) summary {
	return summary{Code: p.Code, Name: p.Name, Field: p.Field, Level: p.Level, OnlineLevel: p.OnlineLevel,
		ProcessingDays: p.ProcessingDays, ProcessingHours: p.ProcessingHours, ProcessingCalendarDays: p.ProcessingCalendarDays,
		FeeVND: p.FeeVND, Status: p.Status}
}

// summaryJSON keeps each procedure's summary encoded under the catalog generation it was made
// in: at most one per procedure code, the catalog's size.
type summaryJSON struct {
	mu  sync.RWMutex
	gen string
	m   map[string][]byte
}

// get returns p's summary of generation gen, encoding it when the one kept is older.
func (c *summaryJSON) get(gen string, p *catalog.Procedure) []byte {
	c.mu.RLock()
	b, ok := c.m[p.Code]
	ok = ok && c.gen == gen
	c.mu.RUnlock()
	if ok {
		return b
	}
	b = encode(summaryOf(p))
	c.mu.Lock()
	if c.gen != gen || c.m == nil {
		c.gen, c.m = gen, map[string][]byte{}
	}
	c.m[p.Code] = b
	c.mu.Unlock()
	return b
}

// encode is v's JSON as writeJSON writes it, without the newline.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("api: encoding " + fmt.Sprintf("%T", v) + ": " + err.Error()) // catalog types always encode
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// procedure answers a procedure from its JSON encoded once per catalog generation (issue 15:
// the busy day's reads decoded the stored row and encoded it again on every request), with its
// gzip encoding made once and an ETag, so that a client that has it gets 304.
func (h *Handler) procedure(w http.ResponseWriter, r *http.Request) {
	p, gen, err := h.cat.Snapshot(r.Context(), r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	// Kept, but asked again: a decision may change it.
	h.procedureAnswer(p, gen).Serve(w, r, "public, no-cache")
}

// procedureAnswer is p's answer of generation gen, made once.
func (h *Handler) procedureAnswer(p *catalog.Procedure, gen string) *httpcache.Answer {
	a, _ := h.procJSON.Get(p.Code, gen, func() (*httpcache.Answer, error) {
		return httpcache.New("application/json; charset=utf-8", append(encode(p), '\n')), nil
	})
	return a
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request) {
	vs, err := h.cat.Versions(r.Context(), r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[catalog.Version]{Items: vs, Total: len(vs)})
}

func (h *Handler) fields(w http.ResponseWriter, r *http.Request) {
	fs, err := h.cat.Fields(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[catalog.FieldCount]{Items: fs, Total: len(fs)})
}

func (h *Handler) listDecisions(w http.ResponseWriter, r *http.Request) {
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	ds, total, err := h.cat.Decisions(r.Context(), p, pp)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if ds == nil {
		ds = []*catalog.Decision{}
	}
	writeJSON(w, http.StatusOK, list[*catalog.Decision]{Items: ds, Total: total})
}

func (h *Handler) decision(w http.ResponseWriter, r *http.Request) {
	d, err := h.cat.DecisionByNumber(r.Context(), r.PathValue("number"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) createDecision(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if !u.CanManageCatalog() {
		// Refuse before reading a possibly large body.
		_, err = h.cat.ApplyDecision(r.Context(), u, &catalog.Decision{})
		h.error(w, r, err)
		return
	}
	var d catalog.Decision
	if err := decode(w, r, &d); err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.cat.ApplyDecision(r.Context(), u, &d)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "decision applied", "number", out.Number, "by", u.Username,
		"published", len(out.Published), "amended", len(out.Amended), "abolished", len(out.Abolished))
	w.Header().Set("Location", "/api/v1/decisions/"+out.Number)
	writeJSON(w, http.StatusCreated, out)
}

func (h *Handler) exportCatalog(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "xlsx" {
		e := apperr.Invalid("invalid_query", msgs.Text("invalid_query.format_must_be_json_or_xlsx"),
			apperr.Field("format", msgs.Text("must_be_json_or_xlsx")))
		e.Kind = apperr.KindInvalid
		h.error(w, r, e)
		return
	}
	ps, err := h.cat.All(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	name := "motcua-catalog-" + time.Now().In(vnZone).Format("20060102")
	if format == "xlsx" {
		err = catalog.EncodeXLSX(&buf, ps)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	} else {
		err = catalog.EncodeJSON(&buf, ps)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	w.Write(buf.Bytes())
}

// importCatalog takes a JSON or XLSX body (raw, or the multipart part "file") and applies it as
// one decision; ?number=, ?signed_on= and ?signer= describe the decision.
func (h *Handler) importCatalog(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if !u.CanManageCatalog() {
		_, err = h.cat.Import(r.Context(), u, nil, catalog.Decision{})
		h.error(w, r, err)
		return
	}
	body, ct, err := uploaded(w, r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var items []catalog.Item
	switch {
	case strings.Contains(ct, "json"):
		items, err = catalog.DecodeJSON(bytes.NewReader(body))
		if path, bad := badText(body); err == nil && bad {
			err = InvalidText(path)
		}
	case strings.Contains(ct, "spreadsheetml") || bytes.HasPrefix(body, []byte("PK\x03\x04")):
		items, err = catalog.DecodeXLSX(bytes.NewReader(body))
	default:
		err = apperr.New(apperr.KindUnsupported, "unsupported_media_type", msgs.Text("unsupported_media_type.file_must_be_json_or_xlsx"))
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	v := r.URL.Query()
	rep, err := h.cat.Import(r.Context(), u, items, catalog.Decision{Number: v.Get("number"), SignedOn: v.Get("signed_on"),
		Signer: v.Get("signer"), Title: v.Get("title")})
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// uploaded returns the request's file: the multipart part "file", or the raw body.
func uploaded(w http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var rd io.Reader = r.Body
	if ct == "multipart/form-data" {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			return nil, "", apperr.New(apperr.KindInvalid, "missing_file", msgs.Text("missing_file"))
		}
		defer f.Close()
		rd, ct = f, hdr.Header.Get("Content-Type")
		if strings.HasSuffix(strings.ToLower(hdr.Filename), ".xlsx") {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		} else if strings.HasSuffix(strings.ToLower(hdr.Filename), ".json") {
			ct = "application/json"
		}
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		return nil, "", apperr.New(apperr.KindTooLarge, "body_too_large", msgs.Text("body_too_large.file_too_large"))
	}
	return b, ct, nil
}

// synonymList is the body of PUT /catalog/synonyms.
type synonymList struct {
	Items []catalog.Synonym `json:"items"`
}

func (h *Handler) synonyms(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.cat.Synonyms(r.Context(), u)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) replaceSynonyms(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if !u.CanManageCatalog() {
		// Refuse before reading the body.
		_, err = h.cat.ReplaceSynonyms(r.Context(), u, nil)
		h.error(w, r, err)
		return
	}
	var body synonymList
	if err := decode(w, r, &body); err != nil {
		h.error(w, r, err)
		return
	}
	if body.Items == nil {
		// {} would otherwise empty the list: emptying takes "items": [].
		h.error(w, r, apperr.Invalid("invalid_synonyms", msgs.Text("synonyms_items_required"),
			apperr.Field("items", msgs.Text("synonyms_items_required"))))
		return
	}
	out, err := h.cat.ReplaceSynonyms(r.Context(), u, body.Items)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "search synonyms replaced", "version", out.Version, "by", u.Username, "count", out.Total)
	writeJSON(w, http.StatusOK, out)
}
