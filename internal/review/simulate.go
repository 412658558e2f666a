package review

import (
	"context"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
)

// Change is a simulated change to one step of a procedure's process: Remove it, or cut its
// budget to BudgetHours working hours.
type Change struct {
	Step        string
	Remove      bool
	BudgetHours *int // nil unless the budget is cut
}

// MaxBudgetHours bounds a simulated budget (a year of office time).
const MaxBudgetHours = 2500

// Outcome is one side of a simulation: the settled dossiers' on-time count and share and their
// median time from receipt to settlement.
type Outcome struct {
	OnTime      int     `json:"on_time"`
	OnTimeShare float64 `json:"on_time_share"`
	MedianHours float64 `json:"median_hours"`
}

// Simulation is the replay of a period's settled dossiers under a change.
type Simulation struct {
	Procedure    string  `json:"procedure"`
	Agency       string  `json:"agency,omitempty"`
	From         string  `json:"from"`
	To           string  `json:"to"`
	Step         string  `json:"step"`
	Model        string  `json:"model"` // "remove" or "budget"
	BudgetHours  *int    `json:"budget_hours,omitempty"`
	TimeUnit     string  `json:"time_unit"`
	Dossiers     int     `json:"dossiers"`
	Before       Outcome `json:"before"`
	After        Outcome `json:"after"`
	LateToOnTime int     `json:"late_to_on_time"`
}

// Simulate replays the settled dossiers of q under change c. The model, per dossier, counting
// only the passes through the step since the dossier's latest receipt (the legal clock
// restarts at a supplement, Decree 61/2018 Art. 19):
//
//   - remove: the dossier's total time loses all the time it spent in the step;
//   - budget X: every dossier whose time in the step exceeded X would have left the step at X,
//     so its total loses the time beyond X; dossiers within X are unchanged.
//
// Nothing else moves: the other steps take the time they took and the legal due time stays
// (the simulation asks what the same work would have met). A dossier is on time after the
// change when it was on time before, or when it saved time and its new total is within its
// legal time.
func (s *Store) Simulate(ctx context.Context, actor *org.User, q Query, c Change) (*Simulation, error) {
	ag, err := s.scope(ctx, actor, q.Agency)
	if err != nil {
		return nil, err
	}
	p, def, err := s.procedure(ctx, q.Procedure)
	if err != nil {
		return nil, err
	}
	var fe apperr.Fields
	switch {
	case c.Step == "":
		fe.Add("step", msgs.Text("give_step"))
	case def.Step(c.Step) == nil:
		fe.Add("step", msgs.Text("unknown_step", c.Step, p.Code))
	}
	switch {
	case c.Remove == (c.BudgetHours != nil):
		fe.Add("budget_hours", msgs.Text("remove_or_budget"))
	case c.BudgetHours != nil && (*c.BudgetHours < 0 || *c.BudgetHours > MaxBudgetHours):
		fe.Add("budget_hours", msgs.Text("budget_out_of_range", MaxBudgetHours))
	}
	if fe.Len() > 0 {
		return nil, fe.Err("invalid_query", msgs.Text("invalid_query"))
	}
	start, end, err := period(q.From, q.To)
	if err != nil {
		return nil, err
	}
	recs, err := s.load(ctx, p.Code, ag, start, end)
	if err != nil {
		return nil, err
	}
	out := &Simulation{Procedure: p.Code, From: q.From, To: q.To, Step: c.Step, Model: "remove", TimeUnit: WorkingHours}
	if ag != nil {
		out.Agency = ag.Code
	}
	if c.BudgetHours != nil {
		out.Model, out.BudgetHours = "budget", c.BudgetHours
	}
	var before, after []int
	for _, r := range recs {
		if !r.finished {
			continue
		}
		spent := 0
		for _, ps := range r.passes {
			if ps.step == c.Step && ps.counted {
				spent += ps.minutes
			}
		}
		saved := spent
		if c.BudgetHours != nil {
			saved = max(0, spent-*c.BudgetHours*60)
		}
		total := r.total - saved
		onTime := r.onTime || (saved > 0 && total <= r.legal)
		before, after = append(before, r.total), append(after, total)
		if r.onTime {
			out.Before.OnTime++
		}
		if onTime {
			out.After.OnTime++
			if !r.onTime {
				out.LateToOnTime++
			}
		}
	}
	out.Dossiers = len(before)
	out.Before.OnTimeShare, out.After.OnTimeShare = share(out.Before.OnTime, out.Dossiers), share(out.After.OnTime, out.Dossiers)
	out.Before.MedianHours, out.After.MedianHours = hours(percentile(before, 50)), hours(percentile(after, 50))
	return out, nil
}
