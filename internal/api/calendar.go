package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntime"
)

type namedDay struct {
	Date string `json:"date"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type holidaysResponse struct {
	Year     int        `json:"year"`
	Holidays []namedDay `json:"holidays"`
	// Weekend days made working days by an official schedule or an override.
	WorkingDaysOffWeekend []namedDay `json:"working_days_off_weekend"`
}

func badParam(name string, msg i18n.Text) error {
	e := apperr.Invalid("invalid_parameter", msgs.Text("invalid_parameter", name),
		apperr.Field(name, msg))
	e.Kind = apperr.KindInvalid
	return e
}

func (h *Handler) holidays(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		h.error(w, r, badParam("year", msgs.Text("year_must_be_yyyy_1900_to")))
		return
	}
	cal, err := h.cal.Calendar(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	days, err := cal.Days(year)
	if err != nil {
		h.error(w, r, calendar.AsAppError(err))
		return
	}
	res := holidaysResponse{Year: year, Holidays: []namedDay{}, WorkingDaysOffWeekend: []namedDay{}}
	en := english(r)
	for _, d := range days {
		name := d.NameVI
		if en && d.NameEN != "" {
			name = d.NameEN
		}
		nd := namedDay{Date: d.Date.String(), Name: name, Kind: string(d.Kind)}
		if d.Working {
			res.WorkingDaysOffWeekend = append(res.WorkingDaysOffWeekend, nd)
		} else {
			res.Holidays = append(res.Holidays, nd)
		}
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *Handler) lunar(w http.ResponseWriter, r *http.Request) {
	d, err := calendar.ParseDate(r.URL.Query().Get("date"))
	if err != nil {
		h.error(w, r, calendar.AsAppError(err))
		return
	}
	l, err := calendar.SolarToLunar(d.Year, int(d.Month), d.Day)
	if err != nil {
		h.error(w, r, calendar.AsAppError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": l.Year, "month": l.Month, "day": l.Day, "leap": l.Leap})
}

func (h *Handler) due(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := time.Parse(time.RFC3339, q.Get("from"))
	if err != nil {
		h.error(w, r, badParam("from", msgs.Text("from_must_be_rfc_3339_time")))
		return
	}
	n, err := strconv.Atoi(q.Get("working_days"))
	if err != nil {
		h.error(w, r, badParam("working_days", msgs.Text("working_days_must_be_whole_number_from")))
		return
	}
	cal, err := h.cal.Calendar(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	due, err := cal.Due(from, n)
	if err != nil {
		h.error(w, r, paramNames(calendar.AsAppError(err), map[string]string{"workingDays": "working_days", "received": "from", "result": "working_days"}))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"due": due.In(vntime.Location()).Format(time.RFC3339),
		"from": from.In(vntime.Location()).Format(time.RFC3339), "working_days": n})
}

// paramNames renames the domain's field names to the API's parameter names.
func paramNames(err error, names map[string]string) error {
	if e, ok := apperr.As(err); ok {
		for i, f := range e.Fields {
			if n, ok := names[f.Path]; ok {
				e.Fields[i].Path = n
			}
		}
	}
	return err
}

func (h *Handler) overrides(w http.ResponseWriter, r *http.Request) {
	os, err := h.cal.Overrides(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	if os == nil {
		os = []calendar.StoredOverride{}
	}
	writeJSON(w, http.StatusOK, list[calendar.StoredOverride]{Items: os, Total: len(os)})
}

func (h *Handler) createOverride(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in calendar.OverrideInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.cal.SetOverride(r.Context(), calendar.Actor{ID: u.ID, Username: u.Username, Admin: u.IsAdmin()}, in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "calendar override", "date", out.Date.String(), "kind", out.Kind, "by", u.Username)
	writeJSON(w, http.StatusCreated, out)
}
