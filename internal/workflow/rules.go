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
			return conflict("Hồ sơ không ở trạng thái chờ bổ sung.", "The dossier is not waiting for a supplement.")
		}
		return nil
	case Withdraw:
		if !applicant {
			return forbidden(action)
		}
		if d.Status == dossier.StatusDone {
			return conflict("Hồ sơ đã có kết quả; không thể rút.", "The dossier has been decided; it cannot be withdrawn.")
		}
		return nil
	}
	if !actor.Role.Officer() || actor.AgencyID != d.AgencyID {
		return forbidden(action)
	}
	if d.Status == dossier.StatusSupplement {
		return conflict("Hồ sơ đang chờ công dân bổ sung.", "The dossier is waiting for the applicant's supplement.")
	}
	step, t := def.transition(st.step, action, actor.Role)
	if step == nil || t == nil {
		return conflict("Không thể thực hiện “"+action+"” ở bước hiện tại.", "“"+action+"” is not possible at the current step.")
	}
	switch action {
	case Forward, RequestSupplement:
		// In processing, only the specialist the dossier is assigned to acts on it.
		if actor.Role == org.RoleSpecialist && st.assignee != 0 && st.assignee != actor.ID {
			return conflict("Hồ sơ đang được giao cho chuyên viên khác.", "The dossier is assigned to another specialist.")
		}
	}
	switch action {
	case RequestSupplement:
		// Decree 61/2018 Art. 15: guide the applicant to supplement once, completely.
		if st.supplements > 0 {
			return conflict("Chỉ được yêu cầu bổ sung một lần, đầy đủ (Nghị định 61/2018, Điều 15).",
				"A supplement may be requested once, completely (Decree 61/2018 Art. 15).")
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
				return conflict("Quá 3 ngày làm việc kể từ khi tiếp nhận; không còn được yêu cầu bổ sung (Nghị định 61/2018, Điều 19).",
					"More than 3 working days since receipt; a supplement may no longer be requested (Decree 61/2018 Art. 19).")
			}
		}
	case Extend:
		// Art. 19(9): the apology and new date go out at least one working day before the due
		// date, and the date is moved at most once.
		if st.extended > 0 {
			return conflict("Chỉ được hẹn lại ngày trả kết quả một lần (Nghị định 61/2018, Điều 19).",
				"The return date may be moved only once (Decree 61/2018 Art. 19).")
		}
		if d.DueAt == nil {
			return conflict("Hồ sơ chưa có ngày hẹn trả.", "The dossier has no return date yet.")
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
			return conflict("Phải gửi phiếu xin lỗi và hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn trả (Nghị định 61/2018, Điều 19).",
				"The apology and new date must be sent at least one working day before the due date (Decree 61/2018 Art. 19).")
		}
	}
	return nil
}
