package workflow

import (
	"context"
	"slices"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
)

// The rules of the actions: who may take which, in which state (Decree 61/2018).

// check says whether actor may take action on d now: nil, a 403 (the role never takes it) or a
// 409 (not in this state). Input-dependent rules (a reason, a valid new date) come later.
func (s *Store) check(ctx context.Context, actor *org.User, d *dossier.Dossier, st *state, def *Definition, action string) error {
	if !slices.Contains(def.RoleActions(actor.Role), action) {
		return forbidden(action)
	}
	if closed[d.Status] {
		return errClosed
	}
	applicant := d.Applicant.UserID != 0 && d.Applicant.UserID == actor.ID
	switch action {
	case Supplement:
		if !applicant {
			return forbidden(action)
		}
		if d.Status != dossier.StatusSupplement {
			return conflict(msgs.Text("dossier_is_not_waiting_for_supplement"))
		}
		return nil
	case Withdraw:
		if !applicant {
			return forbidden(action)
		}
		if d.Status == dossier.StatusDone {
			return conflict(msgs.Text("dossier_has_been_decided_it_cannot"))
		}
		return nil
	}
	if !actor.Role.Officer() || actor.AgencyID != d.AgencyID {
		return forbidden(action)
	}
	if err := s.unpaid(ctx, d, action); err != nil {
		return err
	}
	if d.Status == dossier.StatusSupplement {
		return conflict(msgs.Text("dossier_is_waiting_for_applicant_supplement"))
	}
	step, t := def.transition(st.step, action, actor.Role)
	if step == nil || t == nil {
		return conflict(msgs.Text("is_not_possible_at_current_step", action))
	}
	switch action {
	case Forward, RequestSupplement:
		// In processing, only the specialist the dossier is assigned to acts on it.
		if actor.Role == org.RoleSpecialist && st.assignee != 0 && st.assignee != actor.ID {
			return conflict(msgs.Text("dossier_is_assigned_to_another_specialist"))
		}
	}
	switch action {
	case RequestSupplement:
		// Decree 61/2018 Art. 15: guide the applicant to supplement once, completely.
		if st.supplements > 0 {
			return conflict(msgs.Text("supplement_may_be_requested_once_completely"))
		}
		// Art. 19: a dossier that does not qualify is returned within 3 working days of receipt.
		if d.ReceivedAt != nil {
			cal, err := s.cal.CalendarFor(ctx, d.AgencyCode)
			if err != nil {
				return err
			}
			limit, err := cal.Due(*d.ReceivedAt, 3)
			if err != nil {
				return err
			}
			if s.now().After(limit) {
				return conflict(msgs.Text("more_than_3_working_days_since"))
			}
		}
	case Extend:
		// Art. 19(9): the apology and new date go out at least one working day before the due
		// date, and the date is moved at most once.
		if st.extended > 0 {
			return conflict(msgs.Text("return_date_may_be_moved_only"))
		}
		if d.DueAt == nil {
			return conflict(msgs.Text("dossier_has_no_return_date_yet"))
		}
		cal, err := s.cal.CalendarFor(ctx, d.AgencyCode)
		if err != nil {
			return err
		}
		rem, err := cal.Remaining(s.now(), *d.DueAt)
		if err != nil {
			return err
		}
		if rem.Days < 1 {
			return conflict(msgs.Text("apology_and_new_date_must_be"))
		}
	}
	return nil
}
