package report

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
)

// DossierQuery asks for dossier figures over a period of local days From–To (YYYY-MM-DD,
// inclusive; both empty means this month up to today), for one agency (its code) or the whole
// city (""), one row per Group: "agency" (the default), "procedure" or "channel".
type DossierQuery struct {
	From   string
	To     string
	Agency string
	Group  string
	Lang   i18n.Lang // of the rows' names
	// Viewer is who asks: anyone may read the agency rows (the transparency the national portal
	// publishes); the rows by procedure and channel, counted from the period's dossiers rather
	// than the aggregates, are for staff (not citizens), so that an anonymous caller cannot
	// make the server count years of dossiers at will.
	Viewer *org.User
}

// Figures are the dossier figures of CONTRACT.md "## Reports" over a period:
//   - Received: dossiers submitted or registered in the period, any channel (by the local day of
//     submitted_at);
//   - Settled: those whose result was issued in the period (finished_at in it, status done,
//     returned, refused, or awaiting_payment with finished_at set); SettledOnTime those settled by
//     their due time (no due time counts as on time) with at most one supplement request
//     (Decision 766 indicator 2.1, egov.md §5 [S]: "more than one supplement request ⇒ late"),
//     SettledLate the others;
//   - InProgress: dossiers received by the end of the period (or now, if it ends today or
//     later) and not finished by then; Overdue: those of them past their due time and not
//     paused (neither awaiting a supplement nor a payment, by their status now);
//   - OnlineRatio = online submissions / Received, OnTimeRatio = SettledOnTime / Settled, both 0
//     when the denominator is 0.
//
// Beside the CONTRACT's keys, the rates the committee follows (internal/stats, rules.go, defines
// each count): of the dossiers received in the period, Online submitted online, Digitised with
// their papers electronic, Reused reusing a document on file, Fees owing a fee and PaidOnline
// paid online; of those settled in the period, Evaluated by their applicant and Satisfied with
// no criterion scored "not satisfied". Each ratio is 0 when its denominator is.
type Figures struct {
	Received      int64   `json:"received"`
	Settled       int64   `json:"settled"`
	SettledOnTime int64   `json:"settled_on_time"`
	SettledLate   int64   `json:"settled_late"`
	InProgress    int64   `json:"in_progress"`
	Overdue       int64   `json:"overdue"`
	OnlineRatio   float64 `json:"online_ratio"`
	OnTimeRatio   float64 `json:"on_time_ratio"`

	Online             int64   `json:"online"`
	Digitised          int64   `json:"digitised"`
	DigitisedRatio     float64 `json:"digitised_ratio"`
	Reused             int64   `json:"reused"`
	ReuseRatio         float64 `json:"reuse_ratio"`
	Fees               int64   `json:"fees"`
	PaidOnline         int64   `json:"paid_online"`
	OnlinePaymentRatio float64 `json:"online_payment_ratio"`
	Evaluated          int64   `json:"evaluated"`
	Satisfied          int64   `json:"satisfied"`
	SatisfactionRatio  float64 `json:"satisfaction_ratio"`
}

// Row is the figures of one agency, procedure or channel.
type Row struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Figures
}

// DossierReport is the figures over a period: the total at the top level (the CONTRACT's
// keys), and one row per agency, procedure or channel (Group) that has any figure.
type DossierReport struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Agency string `json:"agency,omitempty"`
	Group  string `json:"group"`
	Figures
	Rows []Row `json:"rows"`
}

// counts are the raw counts of a group of dossiers over a period: the aggregates' own figures
// (stats.Totals), which the direct count fills too, so that the source can be swapped.
type counts stats.Totals

func (c *counts) plus(o counts) { *c = counts(stats.Totals(*c).Plus(stats.Totals(o))) }

func (c counts) figures() Figures {
	return Figures{Received: c.Received, Settled: c.Settled, SettledOnTime: c.OnTime, SettledLate: c.Late,
		InProgress: c.InProgress, Overdue: c.Overdue,
		OnlineRatio: ratio(c.Online, c.Received), OnTimeRatio: ratio(c.OnTime, c.Settled),
		Online: c.Online, Digitised: c.Digitised, DigitisedRatio: ratio(c.Digitised, c.Received),
		Reused: c.Reused, ReuseRatio: ratio(c.Reused, c.Received),
		Fees: c.Fees, PaidOnline: c.PaidOnline, OnlinePaymentRatio: ratio(c.PaidOnline, c.Fees),
		Evaluated: c.Evaluated, Satisfied: c.Satisfied, SatisfactionRatio: ratio(c.Satisfied, c.Evaluated)}
}

// MaxSpanDays bounds a period: five years of days.
const MaxSpanDays = 5*366 - 1

// period is a checked query: local midnights [from, end), and the moment of the state figures.
type period struct {
	from, to   time.Time // local midnights of the first and last day
	end        time.Time // local midnight after the last day
	moment     time.Time // end, or now when the period reaches today
	agencyCode string
	group      string
}

// check validates q against now, naming each bad field; empty dates default to this month.
func (q DossierQuery) check(now time.Time) (*period, error) {
	now = now.In(vnZone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vnZone)
	p := &period{agencyCode: q.Agency, group: q.Group}
	var fe apperr.Fields
	parse := func(field, s string) (time.Time, bool) {
		t, err := time.ParseInLocation(time.DateOnly, s, vnZone)
		if err != nil || t.Year() < 2000 || t.Year() > 2200 {
			fe.Add(field, msgs.Text("date_must_be_yyyy_mm_dd"))
			return time.Time{}, false
		}
		return t, true
	}
	okFrom, okTo := true, true
	switch {
	case q.From == "" && q.To == "":
		p.from, p.to = today.AddDate(0, 0, 1-today.Day()), today
	case q.From == "":
		if p.to, okTo = parse("to", q.To); okTo {
			p.from = p.to.AddDate(0, 0, 1-p.to.Day())
		}
	case q.To == "":
		if p.from, okFrom = parse("from", q.From); okFrom {
			p.to = today
			if p.to.Before(p.from) {
				p.to = p.from
			}
		}
	default:
		p.from, okFrom = parse("from", q.From)
		p.to, okTo = parse("to", q.To)
	}
	if okFrom && okTo {
		if p.to.Before(p.from) {
			fe.Add("to", msgs.Text("to_must_not_be_before_from"))
		} else if p.from.AddDate(0, 0, MaxSpanDays).Before(p.to) {
			fe.Add("to", msgs.Text("period_at_most_five_years"))
		}
	}
	switch q.Group {
	case "":
		p.group = "agency"
	case "agency", "procedure", "channel":
	default:
		fe.Add("group", msgs.Text("group_must_be_agency_procedure_or_channel"))
	}
	if err := fe.Err("invalid_period", msgs.Text("invalid_period")); err != nil {
		return nil, err
	}
	p.end = p.to.AddDate(0, 0, 1)
	p.moment = p.end
	if now.Before(p.end) {
		p.moment = now
	}
	return p, nil
}

// Dossiers computes the dossier figures of q; an unknown agency is a not-found error, a bad
// period an invalid one naming the field.
func (s *Service) Dossiers(ctx context.Context, q DossierQuery) (*DossierReport, error) {
	p, err := q.check(s.now())
	if err != nil {
		return nil, err
	}
	if p.group != "agency" {
		switch {
		case q.Viewer == nil:
			return nil, org.ErrUnauthenticated
		case q.Viewer.Role == org.RoleCitizen:
			return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("breakdown_for_staff"))
		}
	}
	a, err := s.agency(ctx, p.agencyCode)
	if err != nil {
		return nil, err
	}
	var ids []int64
	if a != nil {
		ids = []int64{a.ID}
	}
	rep := &DossierReport{From: p.from.Format(time.DateOnly), To: p.to.Format(time.DateOnly), Agency: p.agencyCode, Group: p.group, Rows: []Row{}}
	rows, total, err := s.grouped(ctx, p, ids, q.Lang)
	if err != nil {
		return nil, err
	}
	rep.Figures = total.figures()
	rep.Rows = rows
	return rep, nil
}
