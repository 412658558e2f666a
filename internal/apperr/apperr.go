// Package apperr is motcua's small closed set of error kinds. Domain packages return them; the
// HTTP edges map each kind to a status code in one table (api.statusOf, web).
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error for the edge that reports it.
type Kind int

const (
	KindInternal        Kind = iota // a bug or an outage; the caller sees a safe message
	KindInvalid                     // malformed request (400)
	KindUnauthenticated             // no or bad credentials (401)
	KindForbidden                   // authenticated but not allowed (403)
	KindNotFound                    // missing, or not visible to the caller (404)
	KindConflict                    // state conflict (409)
	KindTooLarge                    // payload too large (413)
	KindUnsupported                 // unsupported media type (415)
	KindUnprocessable               // well-formed but breaks a rule (422)
	KindRateLimited                 // too many requests (429)
)

// FieldError names one offending field and why, in Vietnamese and English.
type FieldError struct {
	Path      string `json:"path"`
	Message   string `json:"message"`
	MessageEn string `json:"-"`
}

// Error is a classified error. Code is stable for machines ("procedure_not_found"); Message and
// MessageEn are for people.
type Error struct {
	Kind      Kind
	Code      string
	Message   string
	MessageEn string
	Fields    []FieldError
	Err       error // the cause, for logs only
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.MessageEn != "" {
		b.WriteString(": " + e.MessageEn)
	} else if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Path, f.msg())
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (f FieldError) msg() string {
	if f.MessageEn != "" {
		return f.MessageEn
	}
	return f.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a stable code and messages in Vietnamese and English.
func New(k Kind, code, vi, en string) *Error {
	return &Error{Kind: k, Code: code, Message: vi, MessageEn: en}
}

// Invalid is a 422-class rule violation listing the offending fields.
func Invalid(code, vi, en string, fields ...FieldError) *Error {
	return &Error{Kind: KindUnprocessable, Code: code, Message: vi, MessageEn: en, Fields: fields}
}

// NotFound reports a missing record named by what (e.g. "procedure").
func NotFound(what, vi, en string) *Error {
	return &Error{Kind: KindNotFound, Code: what + "_not_found", Message: vi, MessageEn: en}
}

// Field builds a FieldError.
func Field(path, vi, en string) FieldError { return FieldError{Path: path, Message: vi, MessageEn: en} }

// KindOf returns the kind of err, KindInternal when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// As returns err as an *Error when it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field errors; Err returns nil when none were added.
type Fields struct{ list []FieldError }

// Add records one offending field.
func (f *Fields) Add(path, vi, en string) { f.list = append(f.list, Field(path, vi, en)) }

// Append records field errors found elsewhere, prefixing their paths.
func (f *Fields) Append(prefix string, more []FieldError) {
	for _, m := range more {
		if prefix != "" {
			if m.Path == "" {
				m.Path = prefix
			} else {
				m.Path = prefix + "." + m.Path
			}
		}
		f.list = append(f.list, m)
	}
}

// List returns the recorded field errors.
func (f *Fields) List() []FieldError { return f.list }

// Len is the number of field errors recorded.
func (f *Fields) Len() int { return len(f.list) }

// Err returns a 422 error with every recorded field, or nil.
func (f *Fields) Err(code, vi, en string) error {
	if len(f.list) == 0 {
		return nil
	}
	return Invalid(code, vi, en, f.list...)
}
