package calendar

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/i18n"
)

// Sentinels that every *Error wraps, so callers can tell the kinds apart with errors.Is.
var (
	// ErrInvalid marks input that can never be right: a month 13, a negative processing time,
	// pause events out of order.
	ErrInvalid = errors.New("calendar: invalid input")
	// ErrOutOfRange marks a well-formed date or result outside 1900-01-01..2199-12-31, the range
	// the lunar calendar and the working-day tables cover.
	ErrOutOfRange = errors.New("calendar: out of supported range")
	// ErrPaused is returned when a due date is asked of a clock that is paused (waiting for the
	// applicant): there is no due date until it resumes.
	ErrPaused = errors.New("calendar: clock is paused")
)

// Error is a rejected input: which parameter or field, and why, in every language so that the
// message can be shown to a person. It wraps ErrInvalid, ErrOutOfRange or ErrPaused.
type Error struct {
	Field string    // parameter or field path, e.g. "workingDays", "events[2].at", "weights[1]"
	Msg   i18n.Text // from the package's catalog
	Kind  error     // ErrInvalid, ErrOutOfRange or ErrPaused
}

func (e *Error) Error() string {
	return fmt.Sprintf("calendar: %s: %s", e.Field, e.Msg.In(i18n.EN))
}

func (e *Error) Unwrap() error { return e.Kind }

func invalid(field string, msg i18n.Text) *Error {
	return &Error{Field: field, Msg: msg, Kind: ErrInvalid}
}

func outOfRange(field string, msg i18n.Text) *Error {
	return &Error{Field: field, Msg: msg, Kind: ErrOutOfRange}
}
