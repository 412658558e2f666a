package review

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// StepStat is one step of a procedure's process over the period. Passes counts the dossiers'
// ended passages through the step (a dossier sent back passes again); times are working
// hours per pass; LateShare is the share of passes that ended past the step's due time;
// Ratio is P90 / budget (0 when the step has no budget).
type StepStat struct {
	Step          string  `json:"step"`
	Name          string  `json:"name"`
	BudgetPercent int     `json:"budget_percent"`
	BudgetHours   float64 `json:"budget_hours"`
	Passes        int     `json:"passes"`
	MedianHours   float64 `json:"median_hours"`
	P90Hours      float64 `json:"p90_hours"`
	Late          int     `json:"late"`
	LateShare     float64 `json:"late_share"`
	Ratio         float64 `json:"p90_budget_ratio"`
}

// Total is the whole dossier: the dossiers of the period settled (result returned or refused)
// after a receipt with a legal due time, their time from receipt to settlement against the
// legal time, and how many were settled by their due time.
type Total struct {
	Dossiers    int     `json:"dossiers"`
	LegalHours  float64 `json:"legal_hours"` // the median legal time
	MedianHours float64 `json:"median_hours"`
	P90Hours    float64 `json:"p90_hours"`
	OnTime      int     `json:"on_time"`
	OnTimeShare float64 `json:"on_time_share"`
}

// Review is a procedure's process review over a period.
type Review struct {
	Procedure string     `json:"procedure"`
	Name      string     `json:"name"`
	Agency    string     `json:"agency,omitempty"`
	From      string     `json:"from"`
	To        string     `json:"to"`
	TimeUnit  string     `json:"time_unit"` // "working_hours": office time on the agency's calendar
	Steps     []StepStat `json:"steps"`
	Total     Total      `json:"total"`
}

// WorkingHours is the time unit of every figure: office hours on the agency's calendar.
const WorkingHours = "working_hours"

// procedure checks the query's procedure code and returns it with its process.
func (s *Store) procedure(ctx context.Context, code string) (*catalog.Procedure, *workflow.Definition, error) {
	if code == "" {
		return nil, nil, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("procedure", msgs.Text("give_procedure")))
	}
	p, err := s.catalog.Current(ctx, code)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return nil, nil, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("procedure", msgs.Text("unknown_procedure", code)))
	}
	if err != nil {
		return nil, nil, err
	}
	def, err := s.wf.ProcessFor(ctx, code)
	return p, def, err
}

// Review computes the per-step table and the whole-dossier figures of q. Budgets follow the
// procedure's current process: a step's budget is its share (BudgetPercent, split as the
// workflow splits it, calendar.SplitBudget) of the median legal time of the settled dossiers.
func (s *Store) Review(ctx context.Context, actor *org.User, q Query) (*Review, error) {
	ag, err := s.scope(ctx, actor, q.Agency)
	if err != nil {
		return nil, err
	}
	p, def, err := s.procedure(ctx, q.Procedure)
	if err != nil {
		return nil, err
	}
	start, end, err := period(q.From, q.To)
	if err != nil {
		return nil, err
	}
	recs, err := s.load(ctx, p.Code, ag, start, end)
	if err != nil {
		return nil, err
	}
	out := &Review{Procedure: p.Code, Name: p.Name, From: q.From, To: q.To, TimeUnit: WorkingHours}
	if ag != nil {
		out.Agency = ag.Code
	}
	out.Steps, out.Total = table(def, recs)
	return out, nil
}

// table computes the step rows (in the process's order, then steps the process no longer has)
// and the whole-dossier figures.
func table(def *workflow.Definition, recs []*record) ([]StepStat, Total) {
	var tot Total
	var totals, legals []int
	for _, r := range recs {
		if r.finished {
			totals, legals = append(totals, r.total), append(legals, r.legal)
			if r.onTime {
				tot.OnTime++
			}
		}
	}
	tot.Dossiers = len(totals)
	legal := percentile(legals, 50)
	tot.LegalHours, tot.MedianHours, tot.P90Hours = hours(legal), hours(percentile(totals, 50)), hours(percentile(totals, 90))
	tot.OnTimeShare = share(tot.OnTime, tot.Dossiers)

	budgets := budgetsOf(def, legal)
	times := map[string][]int{}
	late := map[string]int{}
	for _, r := range recs {
		for _, ps := range r.passes {
			times[ps.step] = append(times[ps.step], ps.minutes)
			if ps.late {
				late[ps.step]++
			}
		}
	}
	row := func(id, name string, pct int) StepStat {
		t := times[id]
		st := StepStat{Step: id, Name: name, BudgetPercent: pct, BudgetHours: hours(budgets[id]), Passes: len(t),
			MedianHours: hours(percentile(t, 50)), P90Hours: hours(percentile(t, 90)), Late: late[id], LateShare: share(late[id], len(t))}
		if b := budgets[id]; b > 0 && len(t) > 0 {
			st.Ratio = round2(float64(percentile(t, 90)) / float64(b))
		}
		return st
	}
	steps := []StepStat{}
	known := map[string]bool{}
	for _, st := range def.Steps {
		known[st.ID] = true
		steps = append(steps, row(st.ID, st.Name, st.BudgetPercent))
	}
	var others []string
	for id := range times {
		if !known[id] {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	for _, id := range others {
		steps = append(steps, row(id, id, 0))
	}
	return steps, tot
}

// budgetsOf splits legal working minutes among the process's steps by their shares, as the
// workflow does when it sets each step's due time (Decree 61/2018 Art. 19: each unit's time
// within the total).
func budgetsOf(def *workflow.Definition, legal int) map[string]int {
	out := map[string]int{}
	weights := make([]int, len(def.Steps))
	for i, st := range def.Steps {
		weights[i] = st.BudgetPercent
	}
	parts, err := calendar.SplitBudget(legal, weights)
	for i, st := range def.Steps {
		if err == nil {
			out[st.ID] = parts[i]
		} else {
			out[st.ID] = legal * st.BudgetPercent / 100
		}
	}
	return out
}

// percentile is the nearest-rank p-th percentile of xs (0 for none): the value at rank
// ⌈p/100·n⌉ of the n values sorted ascending.
func percentile(xs []int, p int) int {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100
	return s[max(rank, 1)-1]
}

// hours converts working minutes to hours, rounded to 0.01.
func hours(min int) float64 { return round2(float64(min) / 60) }

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// share is part/whole rounded to 0.0001 (0 when whole is 0).
func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)/float64(whole)*10000) / 10000
}

// Bottleneck is a step of a procedure that overruns its budget, from the bottleneck list.
type Bottleneck struct {
	Procedure string `json:"procedure"`
	Name      string `json:"procedure_name"`
	StepStat
}

// Bottlenecks is the bottleneck list of a period.
type Bottlenecks struct {
	Agency string       `json:"agency,omitempty"`
	From   string       `json:"from"`
	To     string       `json:"to"`
	Items  []Bottleneck `json:"items"`
}

// MaxBottlenecks is how many steps the bottleneck list keeps.
const MaxBottlenecks = 20

// Bottlenecks ranks the steps of every procedure with dossiers in the period (at q.Agency, or
// city-wide for an administrator) by how much they overrun their budget: P90 / budget first,
// then the late share, then the passes. Steps without a budget (no legal time) or without an
// ended pass are left out; at most MaxBottlenecks steps are listed.
func (s *Store) Bottlenecks(ctx context.Context, actor *org.User, q Query) (*Bottlenecks, error) {
	ag, err := s.scope(ctx, actor, q.Agency)
	if err != nil {
		return nil, err
	}
	start, end, err := period(q.From, q.To)
	if err != nil {
		return nil, err
	}
	recs, err := s.load(ctx, "", ag, start, end)
	if err != nil {
		return nil, err
	}
	out := &Bottlenecks{From: q.From, To: q.To, Items: []Bottleneck{}}
	if ag != nil {
		out.Agency = ag.Code
	}
	byProc := map[string][]*record{}
	for _, r := range recs {
		byProc[r.procedure] = append(byProc[r.procedure], r)
	}
	for code, rs := range byProc {
		def, err := s.wf.ProcessFor(ctx, code)
		if err != nil {
			return nil, err
		}
		name := code
		if p, err := s.catalog.Current(ctx, code); err == nil {
			name = p.Name
		}
		steps, _ := table(def, rs)
		for _, st := range steps {
			if st.BudgetHours > 0 && st.Passes > 0 {
				out.Items = append(out.Items, Bottleneck{Procedure: code, Name: name, StepStat: st})
			}
		}
	}
	slices.SortFunc(out.Items, func(a, b Bottleneck) int {
		return cmp.Or(cmp.Compare(b.Ratio, a.Ratio), cmp.Compare(b.LateShare, a.LateShare), cmp.Compare(b.Passes, a.Passes),
			cmp.Compare(a.Procedure, b.Procedure), cmp.Compare(a.Step, b.Step))
	})
	if len(out.Items) > MaxBottlenecks {
		out.Items = out.Items[:MaxBottlenecks]
	}
	return out, nil
}
