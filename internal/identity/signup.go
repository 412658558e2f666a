package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Rules of citizens' sign-up with a one-time code.
const (
	CodeTTL        = 10 * time.Minute // a code is good for this long
	CodeAttempts   = 5                // wrong or right, a code may be tried this many times
	ResendInterval = time.Minute      // at most one code per login this often
	CodesPerHour   = 5                // and at most this many per login in any hour
	SignUpTTL      = 24 * time.Hour   // a sign-up not verified by then must start again
)

// ErrUnverified is Authenticate's answer to the right password of a sign-up whose one-time
// code has not been entered yet.
var ErrUnverified = apperr.New(apperr.KindUnauthenticated, "unverified",
	msgs.Text("unverified"))

// SignUpInput is what a citizen gives to open an account.
type SignUpInput struct {
	Login    string // e-mail address or Vietnamese mobile number
	Password string
	FullName string
	Lang     string // "vi" (default) or "en": the language of the code's message
}

// PendingSignUp tells where a code went and when another may be asked for.
type PendingSignUp struct {
	Login       string         `json:"login"` // normalised: lower-case e-mail or E.164 phone
	Channel     notify.Channel `json:"channel"`
	ExpiresAt   time.Time      `json:"expires_at"`   // of the code just sent
	ResendAfter time.Time      `json:"resend_after"` // earliest time for another code
}

// rateLimited carries how long to wait in a KindRateLimited error's chain.
type rateLimited struct{ after time.Duration }

func (r rateLimited) Error() string { return fmt.Sprintf("retry after %s", r.after) }

// RetryAfter returns how long the caller should wait before trying again, when err is a
// rate limit from SignUp or ResendCode.
func RetryAfter(err error) (time.Duration, bool) {
	var r rateLimited
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}

// ParseLogin normalises a login: an e-mail address (anything with @) to lower case, otherwise
// a Vietnamese phone number to E.164. It returns the channel that reaches it; a landline is
// refused because it cannot receive a code by SMS.
func ParseLogin(s string) (login string, ch notify.Channel, err error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		e, err := contact.NormalizeEmail(s)
		return e, notify.Email, err
	}
	p, mobile, err := contact.ParsePhone(s)
	if err != nil {
		return "", "", apperr.Invalid("invalid_login",
			msgs.Text("invalid_login"))
	}
	if !mobile {
		return "", "", apperr.Invalid("invalid_login", msgs.Text("invalid_login.landline_cannot_receive_text_messages_use"))
	}
	return p, notify.SMS, nil
}

// loginKeys returns the forms a sign-in name may be stored under: as typed (trimmed, lower
// case) for usernames and e-mail addresses, and as E.164 when it reads as a phone number.
func loginKeys(s string) (name, phone string) {
	name = strings.TrimSpace(strings.ToLower(s))
	if !strings.Contains(name, "@") {
		if p, err := contact.NormalizePhone(name); err == nil {
			return name, p
		}
	}
	return name, name
}

// loginTaken reports whether login already names an account: as its username or as its
// verified e-mail address or phone number.
func loginTaken(ctx context.Context, q db.Querier, login string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ? OR (email = ? AND email_verified = 1)
		OR (phone = ? AND phone_verified = 1)`, login, login, login).Scan(&n)
	return n > 0, err
}

var errLoginTaken = apperr.New(apperr.KindConflict, "login_taken",
	msgs.Text("login_taken"))

// SignUp starts a citizen's account: it checks the input (every bad field at once), keeps the
// sign-up pending with its hashed password, and, in the same transaction, enqueues a 6-digit
// one-time code to the e-mail address or by SMS to the phone. The account exists only once
// Verify accepts the code. Codes are throttled per login (ResendInterval, CodesPerHour).
//
// A login that already names an account gets the same answer, after the same work (the
// password is hashed either way), so that sign-up does not tell who has an account: instead
// of a code, its owner is told by e-mail or SMS (notify.TemplateSignUpExisting) that someone
// tried to sign up with it, within the same limits; the pending attempt can never be verified.
//
// Signing up again for a pending login is allowed (someone else may have typed your
// address): each attempt keeps its own password, and a code activates only the attempt it
// was sent for.
func (s *Store) SignUp(ctx context.Context, in SignUpInput) (*PendingSignUp, error) {
	var fe apperr.Fields
	login, ch, err := ParseLogin(in.Login)
	if err != nil {
		addField(&fe, "login", err)
	}
	if msg, ok := passwordProblem(in.Password, in.Login, login); !ok {
		fe.Add("password", msg)
	}
	name := strings.Join(strings.Fields(vntext.NFC(in.FullName)), " ")
	validFullName(&fe, "full_name", name)
	lang := in.Lang
	if lang != "en" {
		lang = "vi"
	}
	if err := fe.Err("invalid_signup", msgs.Text("invalid_signup")); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var out *PendingSignUp
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		if err := s.throttle(ctx, tx, login, now); err != nil {
			return err
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO signups (login, channel, password_hash, full_name, lang, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, login, string(ch), hash, name, lang, now)
		if err != nil {
			return fmt.Errorf("identity: sign-up %s: %w", login, err)
		}
		out, err = s.sendCode(ctx, tx, id, login, ch, lang, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// throttle refuses a code to login when one was sent less than ResendInterval ago or
// CodesPerHour were sent in the last hour.
//
// On PostgreSQL two requests in the same instant can both pass (READ COMMITTED); the worst
// case is one extra code, which the limits still bound.
func (s *Store) throttle(ctx context.Context, tx *db.Tx, login string, now time.Time) error {
	rows, err := tx.Query(ctx, `SELECT created_at FROM otp_codes WHERE login = ? AND created_at > ? ORDER BY created_at DESC`,
		login, now.Add(-time.Hour))
	if err != nil {
		return err
	}
	var sent []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		sent = append(sent, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var wait time.Duration
	if len(sent) > 0 {
		wait = sent[0].Add(ResendInterval).Sub(now)
	}
	if len(sent) >= CodesPerHour {
		wait = max(wait, sent[CodesPerHour-1].Add(time.Hour).Sub(now))
	}
	if wait <= 0 {
		return nil
	}
	secs := int((wait + time.Second - 1) / time.Second)
	e := apperr.New(apperr.KindRateLimited, "rate_limited",
		msgs.Text("rate_limited", secs))
	e.Err = rateLimited{time.Duration(secs) * time.Second}
	return e
}

// sendCode makes a new code for sign-up id, retires the sign-up's earlier codes and enqueues
// the message; tx commits them together. When login already names an account, the message
// is the notice to its owner instead, and the stored code is one no 6-digit entry matches, so
// the attempt counts for the limits like any other and can never be verified.
func (s *Store) sendCode(ctx context.Context, tx *db.Tx, signupID int64, login string, ch notify.Channel, lang string, now time.Time) (*PendingSignUp, error) {
	code, err := newCode()
	if err != nil {
		return nil, err
	}
	taken, err := loginTaken(ctx, tx, login)
	if err != nil {
		return nil, err
	}
	msg := notify.Message{Channel: ch, Recipient: login, Template: notify.TemplateOTP, Lang: lang,
		Data: map[string]any{"Code": code, "Minutes": int(CodeTTL / time.Minute)}}
	if taken {
		code = "none" // never sent, and not 6 digits: no entry matches it
		msg.Template, msg.Data = notify.TemplateSignUpExisting, map[string]any{}
	}
	if _, err := tx.Exec(ctx, `UPDATE otp_codes SET used_at = ? WHERE signup_id = ? AND used_at IS NULL`, now, signupID); err != nil {
		return nil, err
	}
	expires := now.Add(CodeTTL)
	if _, err := tx.Exec(ctx, `INSERT INTO otp_codes (signup_id, login, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		signupID, login, hashCode(code), now, expires); err != nil {
		return nil, fmt.Errorf("identity: store code: %w", err)
	}
	if err := notify.Enqueue(ctx, tx, msg); err != nil {
		return nil, fmt.Errorf("identity: enqueue %s: %w", msg.Template, err)
	}
	return &PendingSignUp{Login: login, Channel: ch, ExpiresAt: expires, ResendAfter: now.Add(ResendInterval)}, nil
}

// newCode returns 6 random decimal digits.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// hashCode returns "salt$SHA-256(salt||code)" in hex. A 6-digit code cannot resist offline
// guessing however it is hashed; the hash only keeps live codes out of backups and logs,
// while the short life and the attempt limit protect against guessing online.
func hashCode(code string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	return hex.EncodeToString(salt) + "$" + codeDigest(salt, code)
}

func codeDigest(salt []byte, code string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return hex.EncodeToString(h.Sum(nil))
}

func codeMatches(stored, code string) bool {
	saltHex, digest, ok := strings.Cut(stored, "$")
	salt, err := hex.DecodeString(saltHex)
	if !ok || err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(codeDigest(salt, code)), []byte(digest)) == 1
}

// ResendCode sends a new code for the latest pending sign-up of login, replacing that
// attempt's earlier code, within the same limits as SignUp.
func (s *Store) ResendCode(ctx context.Context, login string) (*PendingSignUp, error) {
	l, _, err := ParseLogin(login)
	if err != nil {
		return nil, apperr.Invalid("invalid_login", msgs.Text("invalid_login.invalid_mail_address_or_phone_number"), fieldFrom("login", err))
	}
	var out *PendingSignUp
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		var id int64
		var ch, lang string
		err := tx.QueryRow(ctx, `SELECT id, channel, lang FROM signups WHERE login = ? AND created_at > ?
			ORDER BY created_at DESC, id DESC LIMIT 1`, l, now.Add(-SignUpTTL)).Scan(&id, &ch, &lang)
		if errors.Is(err, db.ErrNotFound) {
			return errNoSignUp
		}
		if err != nil {
			return err
		}
		if err := s.throttle(ctx, tx, l, now); err != nil {
			return err
		}
		out, err = s.sendCode(ctx, tx, id, l, notify.Channel(ch), lang, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fieldFrom turns err, an *apperr.Error from a validation helper, into a field error at path.
func fieldFrom(path string, err error) apperr.FieldError {
	if e, ok := apperr.As(err); ok {
		return apperr.Field(path, e.Text())
	}
	return apperr.Field(path, msgs.Text("invalid"))
}

var errNoSignUp = apperr.Invalid("no_pending_signup",
	msgs.Text("no_pending_signup"),
	apperr.Field("login", msgs.Text("no_sign_up_is_waiting_for")))

// Verify checks a one-time code for login. The right code creates the account — an active
// citizen whose username is the login and whose e-mail address or phone number is marked
// verified — and ends every pending sign-up for the login. A wrong code is a 422 on field
// "code"; an expired code ("code_expired") or one tried CodeAttempts times
// ("too_many_attempts") needs a new code (ResendCode).
func (s *Store) Verify(ctx context.Context, login, code string) (*org.User, error) {
	l, _, err := ParseLogin(login)
	if err != nil {
		return nil, apperr.Invalid("invalid_login", msgs.Text("invalid_login.invalid_mail_address_or_phone_number"), fieldFrom("login", err))
	}
	code = strings.TrimSpace(code)
	if len(code) != 6 || strings.IndexFunc(code, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return nil, errWrongCode(msgs.Text("code_is_6_digits"))
	}
	var (
		userID int64
		wrong  bool // a wrong code: refused after the spent attempts commit
	)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		type live struct {
			id, signup int64
			hash       string
		}
		rows, err := tx.Query(ctx, `SELECT c.id, c.signup_id, c.code_hash FROM otp_codes c JOIN signups s ON s.id = c.signup_id
			WHERE c.login = ? AND c.used_at IS NULL AND c.expires_at > ? AND c.attempts < ? ORDER BY c.id`, l, now, CodeAttempts)
		if err != nil {
			return err
		}
		var codes []live
		for rows.Next() {
			var c live
			if err := rows.Scan(&c.id, &c.signup, &c.hash); err != nil {
				rows.Close()
				return err
			}
			codes = append(codes, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(codes) == 0 {
			return s.whyNoCode(ctx, tx, l, now)
		}
		var match *live
		for i := range codes {
			// Spend an attempt on every live code; the guard keeps concurrent guesses within the limit.
			res, err := tx.Exec(ctx, `UPDATE otp_codes SET attempts = attempts + 1 WHERE id = ? AND attempts < ?`, codes[i].id, CodeAttempts)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 && match == nil && codeMatches(codes[i].hash, code) {
				match = &codes[i]
			}
		}
		if match == nil {
			wrong = true
			return nil
		}
		userID, err = s.activate(ctx, tx, match.signup, l, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	if wrong {
		return nil, errWrongCode(msgs.Text("code_is_not_correct"))
	}
	return s.org.UserByID(ctx, userID)
}

func errWrongCode(msg i18n.Text) error {
	return apperr.Invalid("code_invalid", msg, apperr.Field("code", msg))
}

// whyNoCode explains why login has no live code, from its latest one.
func (s *Store) whyNoCode(ctx context.Context, tx *db.Tx, login string, now time.Time) error {
	var attempts int
	var expires time.Time
	var used bool
	err := tx.QueryRow(ctx, `SELECT c.attempts, c.expires_at, c.used_at IS NOT NULL FROM otp_codes c JOIN signups s ON s.id = c.signup_id
		WHERE c.login = ? ORDER BY c.id DESC LIMIT 1`, login).Scan(&attempts, &expires, &used)
	expired := func() error {
		msg := msgs.Text("code_expired", int(CodeTTL/time.Minute))
		return apperr.Invalid("code_expired", msg, apperr.Field("code", msg))
	}
	switch {
	case errors.Is(err, db.ErrNotFound):
		// Codes are purged after an hour; a sign-up still pending only needs a new one.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM signups WHERE login = ? AND created_at > ?`, login, now.Add(-SignUpTTL)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return expired()
		}
		return errNoSignUp
	case err != nil:
		return err
	case used:
		return errNoSignUp
	case attempts >= CodeAttempts:
		msg := msgs.Text("too_many_attempts")
		return apperr.Invalid("too_many_attempts", msg, apperr.Field("code", msg))
	case !expires.After(now):
		return expired()
	}
	return errNoSignUp
}

// activate turns sign-up id into an account and ends every sign-up for login.
func (s *Store) activate(ctx context.Context, tx *db.Tx, signupID int64, login string, now time.Time) (int64, error) {
	var ch, hash, name, lang string
	if err := tx.QueryRow(ctx, `SELECT channel, password_hash, full_name, lang FROM signups WHERE id = ?`, signupID).
		Scan(&ch, &hash, &name, &lang); err != nil {
		return 0, err
	}
	if taken, err := loginTaken(ctx, tx, login); err != nil || taken {
		if err == nil {
			err = errLoginTaken
		}
		return 0, err
	}
	var email, phone string
	if notify.Channel(ch) == notify.Email {
		email = login
	} else {
		phone = login
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO users (username, password_hash, full_name, email, email_verified, phone, phone_verified,
		role, active, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		login, hash, name, nullStr(email), boolInt(email != ""), nullStr(phone), boolInt(phone != ""), string(org.RoleCitizen), lang, s.now())
	if errors.Is(err, db.ErrConflict) {
		return 0, errLoginTaken
	}
	if err != nil {
		return 0, fmt.Errorf("identity: create citizen %s: %w", login, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM signups WHERE login = ?`, login); err != nil {
		return 0, err
	}
	return id, nil
}

// loginMatch is Authenticate's WHERE clause: a username (as typed, or as an E.164 phone), or
// a verified e-mail address or phone number. Arguments: name, phone, name, phone.
const loginMatch = `u.username IN (?, ?) OR (u.email = ? AND u.email_verified = 1) OR (u.phone = ? AND u.phone_verified = 1)`

// authenticatePending answers a sign-in that matched no account: ErrUnverified when password
// is that of the latest pending sign-up for the login, errBadLogin otherwise, after the same
// work either way.
func (s *Store) authenticatePending(ctx context.Context, phoneKey, password string) error {
	hash := dummyHash()
	err := s.db.QueryRow(ctx, `SELECT password_hash FROM signups WHERE login = ? AND created_at > ?
		ORDER BY created_at DESC, id DESC LIMIT 1`, phoneKey, s.now().UTC().Add(-SignUpTTL)).Scan(&hash)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if CheckPassword(hash, password) && err == nil {
		return ErrUnverified
	}
	return errBadLogin
}

// PurgeSignUps deletes sign-ups older than SignUpTTL and codes older than an hour (by then
// they count for no limit); it is a periodic job beside PurgeExpired.
func (s *Store) PurgeSignUps(ctx context.Context) (int64, error) {
	now := s.now().UTC()
	var total int64
	for _, q := range []struct {
		sql string
		arg time.Time
	}{
		{`DELETE FROM otp_codes WHERE created_at <= ?`, now.Add(-time.Hour)},
		{`DELETE FROM signups WHERE created_at <= ?`, now.Add(-SignUpTTL)},
	} {
		res, err := s.db.Exec(ctx, q.sql, q.arg)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
