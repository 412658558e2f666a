package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"
	"golang.org/x/crypto/argon2"

	"github.com/motcua/motcua/internal/i18n"
)

// Argon2id parameters: the OWASP Password Storage Cheat Sheet's first recommended set
// (19 MiB, 2 iterations, 1 thread).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// hashSlots bounds how many argon2id computations run at once in the process: each takes
// argonMemory (19 MiB), so a flood of sign-ins queues here instead of growing the heap by
// 19 MiB a request. Memory is a property of the process, not of a Store, hence one semaphore
// for the package; it holds no state beyond its capacity.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// idKey is argon2.IDKey under hashSlots.
func idKey(pw, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, t, m, p, n)
}

// HashPassword hashes pw with argon2id into a PHC string.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC hash, in constant time.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	if m > 64*1024 || t > 10 || p > 4 || len(want) > 64 {
		return false // not a hash this program writes; refuse rather than spend unbounded memory
	}
	got := idKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// Rules of a password a person chooses (NIST SP 800-63B, 5.1.1.2): at least MinPasswordLen
// characters, at most MaxPasswordLen (a bound on the work of hashing, not a rule for people),
// counted in characters (runes), with no composition rules; refused when it is on the list
// of common passwords, equal to the login, or one character repeated.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 256
)

// commonPasswords is the list of common passwords shipped with the binary: the "passwords"
// frequency list of zxcvbn (github.com/trustelem/zxcvbn, MIT licence; a Go port of Dropbox's
// zxcvbn 4.4.2, whose list is the 30,000 most frequent passwords of Mark Burnett's 10-million
// password corpus of leaked credentials), keeping the entries long enough to pass the length
// rule. The entries are lower case, and so is a password looked up in it: NIST asks for a
// comparison of the password as entered, but the list holds only the lower-case form of each
// password and "Password1" or "QWERTYUIOP" are as guessable as their lower-case forms, so the
// lookup lower-cases the password and refuses every capitalisation of a listed
// password. Nothing else is normalised: spaces and diacritics count as typed.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	list := frequency.FrequencyLists["passwords"]
	out := make(map[string]struct{}, len(list)/2)
	for _, p := range list {
		if utf8.RuneCountInString(p) >= MinPasswordLen {
			out[strings.ToLower(p)] = struct{}{}
		}
	}
	return out
})

// CommonPassword reports whether pw is on the shipped list of common passwords, whatever
// its case.
func CommonPassword(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(pw)]
	return ok
}

// passwordProblem checks a password a person chose against the rules above; logins are the
// forms of the account's login (as typed and normalised) it must not equal, whatever the case.
// It returns the reason in the catalog, or ok when the password is acceptable.
func passwordProblem(pw string, logins ...string) (msg i18n.Text, ok bool) {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return msgs.Text("password.too_short", MinPasswordLen), false
	case n > MaxPasswordLen:
		return msgs.Text("password.too_long", MaxPasswordLen), false
	case oneCharacter(pw):
		return msgs.Text("password.one_character"), false
	}
	for _, l := range logins {
		if l = strings.TrimSpace(l); l != "" && strings.EqualFold(strings.TrimSpace(pw), l) {
			return msgs.Text("password.is_login"), false
		}
	}
	if CommonPassword(pw) {
		return msgs.Text("password.common"), false
	}
	return i18n.Text{}, true
}

// oneCharacter reports whether s is one character repeated (eight spaces included).
func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
