package dashboard

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/paperwork"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/vntime"
)

// vnZone is Asia/Ho_Chi_Minh: months are local.
var vnZone = vntime.Location()

// monthlyPDF serves the printable monthly report for the committee's meeting: ?month=YYYY-MM
// (this month by default), the whole city for a city-wide reader, else the reader's agency.
func (h *Handler) monthlyPDF(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", HomePath, IsCommittee)
	if !ok {
		return
	}
	ctx, l := r.Context(), v.L
	now := h.now().In(vnZone)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vnZone)
	month := thisMonth
	if s := r.URL.Query().Get("month"); s != "" {
		m, err := time.ParseInLocation("2006-01", s, vnZone)
		if err != nil || m.After(thisMonth) || m.Year() < 2000 {
			h.site.Fail(w, r, v, apperr.Invalid("invalid_month", l.Text("dash.err.month"), apperr.Field("month", l.Text("dash.err.month"))))
			return
		}
		month = m
	}
	city, err := h.cityWide(ctx, u)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	agency, issuer, place := "", "", ""
	c, found, err := h.city(ctx)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	if found {
		issuer, place = c.Name, cityPlace(c.Name)
	}
	if !city {
		a, err := h.org.Agency(ctx, u.AgencyCode)
		if err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		agency, issuer = a.Code, a.Name
	}
	last := month.AddDate(0, 1, -1)
	rep, err := h.rep.Dossiers(ctx, report.DossierQuery{From: month.Format(time.DateOnly), To: last.Format(time.DateOnly), Agency: agency})
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	// The service levels at the month's end: Progress's entry for that month.
	back := (thisMonth.Year()-month.Year())*12 + int(thisMonth.Month()-month.Month()) + 1
	if back > report.MaxMonths {
		h.site.Fail(w, r, v, apperr.Invalid("invalid_month", l.Text("dash.err.month"), apperr.Field("month", l.Text("dash.err.month"))))
		return
	}
	ms, err := h.rep.Progress(ctx, agency, back)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	targets, err := h.rep.Targets(ctx)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	mr := paperwork.MonthlyReport{Issuer: issuer, Place: place, Year: month.Year(), Month: int(month.Month()),
		Generated: now, City: paperFigures(rep.Figures)}
	if len(ms) > 0 {
		lv := ms[0].Levels
		mr.Procedures, mr.Full, mr.Partial, mr.None = lv.Total, lv.Full, lv.Partial, lv.None
		for _, t := range targets {
			actual := lv.OnlineRatio
			if t.Measure == "full_ratio" {
				actual = lv.FullRatio
			}
			mr.Targets = append(mr.Targets, paperwork.ReportTarget{Name: t.Name, Target: t.Ratio, Actual: actual, Met: actual >= t.Ratio})
		}
	}
	for _, row := range rep.Rows {
		mr.Agencies = append(mr.Agencies, paperwork.ReportAgency{Name: row.Name, ReportFigures: paperFigures(row.Figures)})
	}
	late := slices.Clone(mr.Agencies)
	late = slices.DeleteFunc(late, func(a paperwork.ReportAgency) bool { return a.Late == 0 })
	slices.SortStableFunc(late, func(a, b paperwork.ReportAgency) int { return cmp.Compare(b.Late, a.Late) })
	mr.TopLate = late[:min(len(late), topLate)]
	pdf, err := paperwork.MonthlyReportPDF(mr)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="bao-cao-thang-`+month.Format("2006-01")+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// city is the city's own agency (UBND thành phố, org.KindCity): the issuer of a city-wide
// report; found is false when the organisation tree has none.
func (h *Handler) city(ctx context.Context) (a *org.Agency, found bool, err error) {
	all, err := h.org.Agencies(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, a := range all {
		if a.Kind == org.KindCity {
			return a, true, nil
		}
	}
	return nil, false, nil
}

// cityPlace is the place a city's report is dated at: its committee's name after "thành phố"
// or "tỉnh" (Ủy ban nhân dân thành phố X → X); "" (dots, to fill in by hand) otherwise.
func cityPlace(name string) string {
	lower := strings.ToLower(name)
	for _, w := range []string{"thành phố ", "tỉnh "} {
		if i := strings.LastIndex(lower, w); i >= 0 {
			return strings.TrimSpace(name[i+len(w):])
		}
	}
	return ""
}

func paperFigures(f report.Figures) paperwork.ReportFigures {
	return paperwork.ReportFigures{Received: f.Received, Settled: f.Settled, OnTime: f.SettledOnTime, Late: f.SettledLate,
		InProgress: f.InProgress, Overdue: f.Overdue, OnlineRatio: f.OnlineRatio, OnTimeRatio: f.OnTimeRatio,
		DigitisedRatio: f.DigitisedRatio, ReuseRatio: f.ReuseRatio, PaymentRatio: f.OnlinePaymentRatio,
		SatisfactionRatio: f.SatisfactionRatio, Evaluated: f.Evaluated}
}
