package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

var vnZone = vntime.Location()

func (h *Handler) listProcedures(w http.ResponseWriter, r *http.Request) {
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	v := r.URL.Query()
	q := catalog.Query{Text: v.Get("q"), Field: v.Get("field"), Level: catalog.Level(v.Get("level")),
		Online: catalog.OnlineLevel(v.Get("online_level")), Status: v.Get("status"), Page: p, PerPage: pp}
	if code := v.Get("agency"); code != "" {
		a, err := h.org.Agency(r.Context(), code)
		if err != nil {
			e := apperr.Invalid("invalid_query", msgs.Text("invalid_query.no_such_agency"),
				apperr.Field("agency", msgs.Text("no_agency_with_code", code)))
			e.Kind = apperr.KindInvalid
			h.error(w, r, e)
			return
		}
		q.Agency = a
	}
	res, err := h.cat.Search(r.Context(), q)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// procedure answers a procedure from its JSON encoded once per catalog generation (issue 15:
// the busy day's reads decoded the stored row and encoded it again on every request), with an
// ETag so that a client that has it gets 304.
func (h *Handler) procedure(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	p, gen, err := h.cat.Snapshot(r.Context(), code)
	if err != nil {
		h.error(w, r, err)
		return
	}
	a := h.procJSON.get(code, gen, p)
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "public, no-cache") // kept, but asked again: a decision may change it
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(a.body)
}

// answers keeps each procedure's encoded answer under the catalog generation it was made in;
// it holds at most one answer per procedure code, so it is bounded by the catalog's size.
type answers struct {
	mu sync.RWMutex
	m  map[string]answer
}

type answer struct {
	gen, etag string
	body      []byte
}

// get returns code's answer of generation gen, encoding p when the one kept is older.
func (c *answers) get(code, gen string, p *catalog.Procedure) answer {
	c.mu.RLock()
	a, ok := c.m[code]
	c.mu.RUnlock()
	if ok && a.gen == gen {
		return a
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as writeJSON
	if err := enc.Encode(p); err != nil {
		panic("api: encoding a procedure: " + err.Error()) // a Procedure always encodes
	}
	sum := sha256.Sum256(buf.Bytes())
	a = answer{gen: gen, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, body: buf.Bytes()}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]answer{}
	}
	c.m[code] = a
	c.mu.Unlock()
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
