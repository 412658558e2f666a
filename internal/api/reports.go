package api

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/tabular"
)

// The reports of CONTRACT.md "## Reports" (internal/report): service levels against the city's
// targets, their progress, and the dossier figures, as JSON or exported as CSV or XLSX.

// reportService is the handler's report service; without one the report routes answer 404.
func (h *Handler) reportService() (*report.Service, error) {
	if h.rep == nil {
		return nil, apperr.New(apperr.KindNotFound, "route_not_found", msgs.Text("route_not_found"))
	}
	return h.rep, nil
}

// exportFormat reads ?format=: "" (JSON), "csv" or "xlsx".
func exportFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "json", "csv", "xlsx":
		return f, nil
	}
	return "", badParam("format", msgs.Text("format_must_be_json_csv_or_xlsx"))
}

// writeTable answers a JSON report as v, or its table as CSV or XLSX named name.
func (h *Handler) writeTable(w http.ResponseWriter, r *http.Request, format, name string, v any, t *tabular.Table) {
	var buf bytes.Buffer
	switch format {
	case "csv":
		if err := t.WriteCSV(&buf); err != nil {
			h.error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		w.Write(buf.Bytes())
	case "xlsx":
		if err := t.WriteXLSX(&buf); err != nil {
			h.error(w, r, err)
			return
		}
		writeXLSX(w, name+".xlsx", buf.Bytes())
	default:
		writeJSON(w, http.StatusOK, v)
	}
}

func (h *Handler) serviceLevels(w http.ResponseWriter, r *http.Request) {
	s, err := h.reportService()
	if err != nil {
		h.error(w, r, err)
		return
	}
	rep, err := s.LevelsNow(r.Context(), r.URL.Query().Get("agency"), lang(r))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (h *Handler) levelProgress(w http.ResponseWriter, r *http.Request) {
	s, err := h.reportService()
	if err == nil {
		var format string
		if format, err = exportFormat(r); err == nil {
			months := 12
			if v := r.URL.Query().Get("months"); v != "" {
				if months, err = strconv.Atoi(v); err != nil {
					months = -1 // Progress names the field
				}
			}
			var ms []report.MonthLevels
			if ms, err = s.Progress(r.Context(), r.URL.Query().Get("agency"), months); err == nil {
				h.writeTable(w, r, format, "muc-do-dvc-theo-thang", list[report.MonthLevels]{Items: ms, Total: len(ms)},
					report.ProgressTable(ms, lang(r)))
				return
			}
		}
	}
	h.error(w, r, err)
}

func (h *Handler) reportTargets(w http.ResponseWriter, r *http.Request) {
	s, err := h.reportService()
	if err == nil {
		var out any
		if out, err = listOf(s.Targets(r.Context())); err == nil {
			writeJSON(w, http.StatusOK, out)
			return
		}
	}
	h.error(w, r, err)
}

var setReportTarget = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in report.TargetInput) (any, error) {
	s, err := h.reportService()
	if err != nil {
		return nil, err
	}
	return s.SetTarget(r.Context(), u, r.PathValue("key"), in)
})

// dossierQuery reads the period and filters of a dossier report.
func dossierQuery(r *http.Request) report.DossierQuery {
	q := r.URL.Query()
	return report.DossierQuery{From: q.Get("from"), To: q.Get("to"), Agency: q.Get("agency"), Group: q.Get("group"), Lang: lang(r),
		Viewer: org.UserFrom(r.Context())}
}

func (h *Handler) dossierFigures(w http.ResponseWriter, r *http.Request) {
	s, err := h.reportService()
	if err == nil {
		var format string
		if format, err = exportFormat(r); err == nil {
			var rep *report.DossierReport
			if rep, err = s.Dossiers(r.Context(), dossierQuery(r)); err == nil {
				h.writeTable(w, r, format, "ho-so-"+rep.From+"-"+rep.To, rep, rep.Table(lang(r)))
				return
			}
		}
	}
	h.error(w, r, err)
}

func (h *Handler) transparency(w http.ResponseWriter, r *http.Request) {
	s, err := h.reportService()
	if err == nil {
		var format string
		if format, err = exportFormat(r); err == nil {
			var t *report.Transparency
			if t, err = s.Transparency(r.Context(), dossierQuery(r)); err == nil {
				h.writeTable(w, r, format, "cong-khai-"+t.From+"-"+t.To, t, t.Table(lang(r)))
				return
			}
		}
	}
	h.error(w, r, err)
}
