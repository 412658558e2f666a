package dossier

import (
	"time"

	"github.com/motcua/motcua/internal/calendar"
)

// ReceptionDays is the time the reception step has before the dossier is received and its
// legal processing time starts: one working day. Decree 61/2018 Art. 18 moves a dossier on the
// same day, or the next working morning when it arrives after the cut-off; a day's work,
// counted from when the office next opens, covers both.
const ReceptionDays = 1

// ReceptionDue is when the reception step of a dossier filed (or a step entered before
// receipt) at at is due: ReceptionDays working days from when its clock starts
// (calendar.ClockStart: the next office session when it arrives out of office hours).
func ReceptionDue(cal *calendar.Calendar, at time.Time) (time.Time, error) {
	return cal.Due(at, ReceptionDays)
}
