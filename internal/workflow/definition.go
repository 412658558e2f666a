// Package workflow is the one-stop back office: process definitions (quy trình nội bộ) as
// versioned data, the actions officers and citizens take on a dossier (Decree 61/2018 Arts.
// 15–20), the officer's inbox, deadlines and their sweeper, consultations of other agencies,
// and citizens' evaluations (Circular 01/2018 Arts. 12–15).
package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

// Action names (CONTRACT.md).
const (
	Receive           = "receive"
	RejectReception   = "reject_reception"
	RequestSupplement = "request_supplement"
	Supplement        = "supplement"
	Assign            = "assign"
	Forward           = "forward"
	Approve           = "approve"
	Refuse            = "refuse"
	ReturnResult      = "return_result"
	Withdraw          = "withdraw"
	Extend            = "extend"
)

// officerActions may appear in a definition's steps; Supplement and Withdraw belong to the
// applicant and need no step.
var officerActions = []string{Receive, RejectReception, RequestSupplement, Assign, Forward, Approve, Refuse, ReturnResult, Extend}

// Terminal and waiting targets of a transition. A target without "#" is a step.
const (
	ToRejected   = "#rejected"   // Không được tiếp nhận (3)
	ToRefused    = "#refused"    // Từ chối giải quyết (8)
	ToReturned   = "#returned"   // Đã trả kết quả (10)
	ToSupplement = "#supplement" // waiting for the applicant (5); back to the same step after
)

// EntryStep is the step every new dossier stands at (the dossiers.step column's default):
// a process starts there.
const EntryStep = "reception"

var targetStatus = map[string]dossier.Status{
	ToRejected:   dossier.StatusRejected,
	ToRefused:    dossier.StatusRefused,
	ToReturned:   dossier.StatusReturned,
	ToSupplement: dossier.StatusSupplement,
}

// Definition is a process: the steps a dossier of a procedure goes through, who acts at each,
// what they may do and where each action leads, and each step's share of the legal time.
type Definition struct {
	ID            int64  `json:"-"`
	Version       int    `json:"version,omitempty"`
	ProcedureCode string `json:"procedure_code"` // "" for the default process
	// Default is the explicit intent to replace the default process, the one every procedure
	// without its own runs under; Publish refuses a definition without a procedure code
	// unless it is set.
	Default  bool   `json:"default,omitempty"`
	Name     string `json:"name"`
	Decision string `json:"decision,omitempty"` // the decision that published it, if any
	Start    string `json:"start"`
	Steps    []Step `json:"steps"`
	// FeeAt is where a fee-bearing dossier's invoice is raised: at submission (FeeAtSubmission,
	// the default when empty) or before the result is returned (FeeAtReturn, at approval).
	// The procedure's published fee terms say which; the dossier waits at code 6 until paid.
	FeeAt string `json:"fee_at,omitempty"`
}

// Where a process raises a dossier's fee (Definition.FeeAt).
const (
	FeeAtSubmission = "submission"
	FeeAtReturn     = "return"
)

// feeAtReturn reports whether the fee is owed before the result is returned.
func (d *Definition) feeAtReturn() bool { return d.FeeAt == FeeAtReturn }

// Step is one stage of the process.
type Step struct {
	ID     string         `json:"id"`
	Name   string         `json:"name"`
	Role   org.Role       `json:"role"`   // who acts here
	Status dossier.Status `json:"status"` // the dossier's status while here
	// BudgetPercent is the step's share of the legal processing time; the shares of the steps
	// add up to 100 (Decree 61/2018 Art. 19: each unit's time within the total).
	BudgetPercent int          `json:"budget_percent"`
	Actions       []Transition `json:"actions"`
}

// Transition is an action allowed at a step and where it leads.
type Transition struct {
	Action string     `json:"action"`
	To     string     `json:"to"`              // a step id or a target like "#returned"
	Roles  []org.Role `json:"roles,omitempty"` // who may take it; default the step's role
}

func (t Transition) roles(s *Step) []org.Role {
	if len(t.Roles) > 0 {
		return t.Roles
	}
	return []org.Role{s.Role}
}

// Step returns the step with the given id.
func (d *Definition) Step(id string) *Step {
	for i := range d.Steps {
		if d.Steps[i].ID == id {
			return &d.Steps[i]
		}
	}
	return nil
}

// Default is the process for procedures without their own, following Decree 61/2018: the
// one-stop office receives (Art. 17), a specialist of the unit appraises (Art. 19), the leader
// decides, and the one-stop office returns the result (Art. 20).
func Default() *Definition {
	return &Definition{
		Default: true,
		Name:    "Quy trình mặc định (Nghị định 61/2018/NĐ-CP)",
		Start:   "reception",
		Steps: []Step{
			{ID: "reception", Name: "Tiếp nhận hồ sơ", Role: org.RoleReception, Status: dossier.StatusSubmitted, BudgetPercent: 10,
				Actions: []Transition{{Action: Receive, To: "processing"}, {Action: RejectReception, To: ToRejected},
					{Action: RequestSupplement, To: ToSupplement}}},
			{ID: "processing", Name: "Thẩm định, xử lý hồ sơ", Role: org.RoleSpecialist, Status: dossier.StatusProcessing, BudgetPercent: 60,
				Actions: []Transition{{Action: Forward, To: "approval"}, {Action: RequestSupplement, To: ToSupplement},
					{Action: Assign, To: "processing", Roles: []org.Role{org.RoleLeader, org.RoleReception}},
					{Action: Extend, To: "processing", Roles: []org.Role{org.RoleSpecialist, org.RoleLeader}}}},
			{ID: "approval", Name: "Phê duyệt kết quả", Role: org.RoleLeader, Status: dossier.StatusProcessing, BudgetPercent: 20,
				Actions: []Transition{{Action: Approve, To: "return"}, {Action: Refuse, To: ToRefused},
					{Action: Assign, To: "processing"}, {Action: Extend, To: "approval"}}},
			{ID: "return", Name: "Trả kết quả", Role: org.RoleReception, Status: dossier.StatusDone, BudgetPercent: 10,
				Actions: []Transition{{Action: ReturnResult, To: ToReturned}}},
		},
	}
}

// Validate checks a definition: known roles, statuses and actions; targets that exist; every
// step reachable from the start; every step able to reach the end; budgets adding up to 100.
// Every problem is reported with its path.
func (d *Definition) Validate() error {
	var fe apperr.Fields
	if strings.TrimSpace(d.Name) == "" {
		fe.Add("name", msgs.Text("name_is_required"))
	}
	if len(d.Steps) == 0 {
		fe.Add("steps", msgs.Text("process_needs_at_least_one_step"))
	}
	if d.FeeAt != "" && d.FeeAt != FeeAtSubmission && d.FeeAt != FeeAtReturn {
		fe.Add("fee_at", msgs.Text("fee_at_must_be", FeeAtSubmission, FeeAtReturn))
	}
	ids := map[string]bool{}
	total := 0
	for i, s := range d.Steps {
		p := fmt.Sprintf("steps[%d]", i)
		switch {
		case s.ID == "" || strings.HasPrefix(s.ID, "#"):
			fe.Add(p+".id", msgs.Text("invalid_step_id"))
		case ids[s.ID]:
			fe.Add(p+".id", msgs.Text("duplicate_step_id", s.ID))
		}
		ids[s.ID] = true
		if !s.Role.Officer() {
			fe.Add(p+".role", msgs.Text("role_must_be_reception_specialist_or"))
		}
		if s.Status.Code() == 0 {
			fe.Add(p+".status", msgs.Text("unknown_status", string(s.Status)))
		}
		if s.BudgetPercent < 0 || s.BudgetPercent > 100 {
			fe.Add(p+".budget_percent", msgs.Text("must_be_0_to_100"))
		}
		total += s.BudgetPercent
		for j, t := range s.Actions {
			tp := fmt.Sprintf("%s.actions[%d]", p, j)
			if !slices.Contains(officerActions, t.Action) {
				fe.Add(tp+".action", msgs.Text("unknown_action", t.Action))
			}
			for k, r := range t.roles(&s) {
				if !r.Officer() {
					fe.Add(fmt.Sprintf("%s.roles[%d]", tp, k), msgs.Text("roles_must_be_officer_roles"))
				}
			}
		}
	}
	switch {
	case d.Step(d.Start) == nil:
		fe.Add("start", msgs.Text("start_step_is_not_in_process"))
	case d.Start != EntryStep:
		fe.Add("start", msgs.Text("start_must_be_entry_step", EntryStep))
	}
	for i, s := range d.Steps {
		for j, t := range s.Actions {
			p := fmt.Sprintf("steps[%d].actions[%d].to", i, j)
			if _, ok := targetStatus[t.To]; !ok && !ids[t.To] {
				fe.Add(p, msgs.Text("no_such_target", t.To))
			} else if slices.Contains(officerActions, t.Action) && !runs(t.Action, s.ID, t.To) {
				fe.Add(p, targetsOf(t.Action, t.To))
			}
		}
	}
	if len(d.Steps) > 0 && total != 100 {
		fe.Add("steps", msgs.Text("step_budgets_add_up_to_they", total))
	}
	if fe.Len() == 0 {
		d.checkGraph(&fe)
	}
	return fe.Err("invalid_process", msgs.Text("invalid_process"))
}

// runs tells whether the engine can carry out action at step from leading to target to: a dry
// run of what Act does with each action (action.go, steps.go). Receive enters a step; forward,
// approve and return_result enter a step or close the dossier as returned; reject_reception,
// refuse and request_supplement always lead to their own target; assign and extend name a step
// but keep the dossier where it is (the graph check counts them so). A transition outside this table would be stored and then fail on
// every dossier that reaches it.
func runs(action, from, to string) bool {
	_, terminal := targetStatus[to]
	switch action {
	case Receive:
		return !terminal
	case Forward, Approve, ReturnResult:
		return !terminal || to == ToReturned
	case RejectReception:
		return to == ToRejected
	case Refuse:
		return to == ToRefused
	case RequestSupplement:
		return to == ToSupplement
	case Assign, Extend:
		return !terminal
	}
	return false
}

// targetsOf says which targets runs accepts for action at step from.
func targetsOf(action, to string) i18n.Text {
	switch action {
	case Receive:
		return msgs.Text("action_must_enter_a_step", action, to)
	case Forward, Approve, ReturnResult:
		return msgs.Text("action_must_enter_a_step_or", action, ToReturned, to)
	case RejectReception:
		return msgs.Text("action_always_leads_to", action, ToRejected, to)
	case Refuse:
		return msgs.Text("action_always_leads_to", action, ToRefused, to)
	case RequestSupplement:
		return msgs.Text("action_always_leads_to", action, ToSupplement, to)
	}
	return msgs.Text("action_keeps_the_step", action, to)
}

// checkGraph: every step is reachable from the start, and from every step the end
// (#returned) can be reached.
func (d *Definition) checkGraph(fe *apperr.Fields) {
	next := map[string][]string{}
	for _, s := range d.Steps {
		for _, t := range s.Actions {
			to := t.To
			if to == ToSupplement || t.Action == Assign || t.Action == Extend {
				to = s.ID // the applicant's supplement leads back here; assign and extend stay
			}
			next[s.ID] = append(next[s.ID], to)
		}
	}
	seen := map[string]bool{d.Start: true}
	queue := []string{d.Start}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, n := range next[cur] {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	for i, s := range d.Steps {
		if !seen[s.ID] {
			fe.Add(fmt.Sprintf("steps[%d]", i), msgs.Text("step_cannot_be_reached_from_start", s.ID))
		}
	}
	// Reverse reachability from the end.
	ends := map[string]bool{ToReturned: true, ToRefused: true, ToRejected: true}
	for changed := true; changed; {
		changed = false
		for _, s := range d.Steps {
			if ends[s.ID] {
				continue
			}
			for _, n := range next[s.ID] {
				if ends[n] {
					ends[s.ID], changed = true, true
					break
				}
			}
		}
	}
	for i, s := range d.Steps {
		if !ends[s.ID] {
			fe.Add(fmt.Sprintf("steps[%d]", i), msgs.Text("no_path_from_step_ends_dossier", s.ID))
		}
	}
}

// RoleActions lists the actions a role may ever take in this process: what 403 is judged by.
func (d *Definition) RoleActions(r org.Role) []string {
	var out []string
	if r == org.RoleCitizen {
		return []string{Supplement, Withdraw}
	}
	for i := range d.Steps {
		s := &d.Steps[i]
		for _, t := range s.Actions {
			if slices.Contains(t.roles(s), r) && !slices.Contains(out, t.Action) {
				out = append(out, t.Action)
			}
		}
	}
	return out
}

// transition returns the transition for action at step for role, if any.
func (d *Definition) transition(stepID, action string, r org.Role) (*Step, *Transition) {
	s := d.Step(stepID)
	if s == nil {
		return nil, nil
	}
	for i, t := range s.Actions {
		if t.Action == action && slices.Contains(t.roles(s), r) {
			return s, &s.Actions[i]
		}
	}
	return s, nil
}
