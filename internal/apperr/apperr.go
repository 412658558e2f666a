// Package apperr is motcua's small closed set of error kinds. Domain packages return them; the
// HTTP edges map each kind to a status code in one table (Status).
//
// Messages come from each domain package's catalog (messages/vi.json, messages/en.json) as an
// i18n.Text; an error keeps them as Message and MessageEn, which the edges read.
package apperr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/i18n"
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

// In is the field's message in l; an English reader gets the Vietnamese one when no English
// text was set.
func (f FieldError) In(l i18n.Lang) string {
	if l == i18n.EN && f.MessageEn != "" {
		return f.MessageEn
	}
	return f.Message
}

// Text is the field's message in every language, to pass on in another error.
func (f FieldError) Text() i18n.Text { return text(f.Message, f.MessageEn) }

// In is the error's message in l; an English reader gets the Vietnamese one when no English
// text was set.
func (e *Error) In(l i18n.Lang) string {
	if l == i18n.EN && e.MessageEn != "" {
		return e.MessageEn
	}
	return e.Message
}

// Text is the error's message in every language, to pass on in another error.
func (e *Error) Text() i18n.Text { return text(e.Message, e.MessageEn) }

func text(vi, en string) i18n.Text {
	var t i18n.Text
	t[i18n.VI], t[i18n.EN] = vi, en
	return t
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a stable code and a message for people.
func New(k Kind, code string, msg i18n.Text) *Error {
	return &Error{Kind: k, Code: code, Message: msg.In(i18n.VI), MessageEn: msg.In(i18n.EN)}
}

// Invalid is a 422-class rule violation listing the offending fields.
func Invalid(code string, msg i18n.Text, fields ...FieldError) *Error {
	e := New(KindUnprocessable, code, msg)
	e.Fields = fields
	return e
}

// NotFound reports a missing record named by what (e.g. "procedure").
func NotFound(what string, msg i18n.Text) *Error {
	return New(KindNotFound, what+"_not_found", msg)
}

// Field builds a FieldError.
func Field(path string, msg i18n.Text) FieldError {
	return FieldError{Path: path, Message: msg.In(i18n.VI), MessageEn: msg.In(i18n.EN)}
}

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
func (f *Fields) Add(path string, msg i18n.Text) { f.list = append(f.list, Field(path, msg)) }

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
func (f *Fields) Err(code string, msg i18n.Text) error {
	if len(f.list) == 0 {
		return nil
	}
	return Invalid(code, msg, f.list...)
}
