package notify

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"golang.org/x/text/unicode/norm"
)

// Template names, with the placeholders each one needs. Every placeholder must be present in
// Message.Data (an optional one as ""): a template that names a missing key is an error, so a
// typo fails at Enqueue instead of sending "<no value>" to a citizen.
const (
	// TemplateOTP is a one-time code for sign-up or sign-in: Code (a string, to keep leading
	// zeros), Minutes (validity).
	TemplateOTP = "otp"
	// TemplateSignUpExisting tells the owner of an account that someone tried to sign up with
	// its e-mail address or phone number (sign-up answers alike for a new and an existing
	// login, so only the owner learns the account exists): no placeholders.
	TemplateSignUpExisting = "signup_existing"
	// TemplateDossierSubmitted confirms an online submission: Code, Procedure, Agency (who
	// signs the letter), TrackURL.
	TemplateDossierSubmitted = "dossier_submitted"
	// TemplateDossierReceived says the agency formally received the dossier (tiếp nhận): Code,
	// DueAt (date results are due, "" when none), TrackURL.
	TemplateDossierReceived = "dossier_received"
	// TemplateDossierStatus reports a status change: Code, Procedure, Status (a human label in
	// the message's language), Note ("" when none), DueAt ("" when none), TrackURL.
	TemplateDossierStatus = "dossier_status"
	// TemplateDossierDeadline warns an officer and their leader that a dossier is due soon or
	// overdue: Officer, Code, Procedure, Step, State (e.g. "sắp đến hạn", "đã quá hạn"), DueAt, URL.
	TemplateDossierDeadline = "dossier_deadline"
	// TemplateFeeReceived tells the applicant that a dossier's fee was received: Code,
	// Procedure, Amount (formatted, e.g. "200.000 đ"), Reference (the payment), TrackURL.
	TemplateFeeReceived = "fee_received"
	// TemplateSignInLocked tells an account holder that repeated wrong passwords locked
	// password sign-in to their account: Username, Minutes (how long).
	TemplateSignInLocked = "signin_locked"
	// TemplateDirectiveTask tells an agency's leader of a committee's task assigned, due soon or
	// overdue, and the committee office of an overdue one (escalated): Name, Event (assigned,
	// due_soon, overdue, escalated), Number (the directive's), Task, Agency, DueOn, URL.
	TemplateDirectiveTask = "directive_task"
)

// Langs are the languages every template exists in; Vietnamese is the default.
var Langs = []string{"vi", "en"}

//go:embed templates
var templateFS embed.FS

// A template file is "Subject: …", a blank line, then the body. An optional NAME.sms.txt
// beside it is the SMS text (the body only): a polite letter does not fit in an SMS, and
// a Vietnamese SMS with diacritics is 70 characters a segment.
type tmpl struct {
	subject, body, sms *template.Template
}

// parsed holds the embedded templates, parsed and checked when the program starts, as the i18n
// catalogs are: a template missing in a language stops the start, not a notification. It is
// read-only afterwards.
var parsed, parseErr = parseTemplates(templateFS)

func init() {
	if parseErr != nil {
		panic(parseErr)
	}
}

func templates() (map[string]*tmpl, error) { return parsed, parseErr }

func parseTemplates(fsys fs.FS) (map[string]*tmpl, error) {
	out := map[string]*tmpl{}
	for _, lang := range Langs {
		files, err := fs.Glob(fsys, "templates/"+lang+"/*.txt")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			text := strings.ReplaceAll(string(b), "\r\n", "\n")
			base := strings.TrimSuffix(path.Base(f), ".txt")
			name, isSMS := strings.CutSuffix(base, ".sms")
			key := lang + "/" + name
			t := out[key]
			if t == nil {
				t = &tmpl{}
				out[key] = t
			}
			if isSMS {
				if t.sms, err = parse(key+".sms", text); err != nil {
					return nil, err
				}
				continue
			}
			head, body, ok := strings.Cut(text, "\n\n")
			subject, hasSubject := strings.CutPrefix(head, "Subject: ")
			if !ok || !hasSubject || strings.Contains(subject, "\n") {
				return nil, fmt.Errorf("notify: template %s: want \"Subject: …\", a blank line, then the body", f)
			}
			if t.subject, err = parse(key+".subject", subject); err != nil {
				return nil, err
			}
			if t.body, err = parse(key+".body", body); err != nil {
				return nil, err
			}
		}
	}
	if err := sameFiles(fsys); err != nil {
		return nil, err
	}
	for key, t := range out {
		if t.subject == nil {
			return nil, fmt.Errorf("notify: template %s: SMS text without the e-mail template", key)
		}
		if t.sms == nil {
			t.sms = t.body
		}
	}
	return out, nil
}

// sameFiles refuses templates that exist in one language and not in another, an SMS text too.
func sameFiles(fsys fs.FS) error {
	names := map[string][]string{}
	for _, lang := range Langs {
		files, err := fs.Glob(fsys, "templates/"+lang+"/*.txt")
		if err != nil {
			return err
		}
		for _, f := range files {
			names[path.Base(f)] = append(names[path.Base(f)], lang)
		}
	}
	var missing []string
	for name, langs := range names {
		for _, lang := range Langs {
			if !slices.Contains(langs, lang) {
				missing = append(missing, lang+"/"+name)
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("notify: templates missing: %s", strings.Join(missing, ", "))
	}
	return nil
}

func parse(name, text string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return t, nil
}

func lookup(name, lang string) (*tmpl, error) {
	all, err := templates()
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = "vi"
	}
	t, ok := all[lang+"/"+name]
	if !ok {
		return nil, fmt.Errorf("notify: no template %q in language %q", name, lang)
	}
	return t, nil
}

// Render renders the e-mail form of template name in lang ("vi" when empty): the subject on
// one line and the body, both in NFC. A missing placeholder or an unknown template is an error.
func Render(name, lang string, data map[string]any) (subject, body string, err error) {
	t, err := lookup(name, lang)
	if err != nil {
		return "", "", err
	}
	if subject, err = execute(t.subject, data); err != nil {
		return "", "", err
	}
	if body, err = execute(t.body, data); err != nil {
		return "", "", err
	}
	return oneLine(subject), tidy(body), nil
}

// RenderSMS renders the SMS text of template name in lang: NAME.sms.txt when the template has
// one, otherwise the e-mail body.
func RenderSMS(name, lang string, data map[string]any) (string, error) {
	t, err := lookup(name, lang)
	if err != nil {
		return "", err
	}
	text, err := execute(t.sms, data)
	if err != nil {
		return "", err
	}
	return oneLine(text), nil
}

func execute(t *template.Template, data map[string]any) (string, error) {
	if data == nil {
		data = map[string]any{}
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("notify: render: %w", err)
	}
	return norm.NFC.String(b.String()), nil
}

var (
	spaces      = regexp.MustCompile(`\s+`)
	blankLines  = regexp.MustCompile(`\n{3,}`)
	lineEndings = regexp.MustCompile(`[ \t]+\n`)
)

// oneLine folds a subject or SMS onto one line: a newline in the data must not reach a mail
// header, and an SMS has no use for one.
func oneLine(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// tidy drops the trailing spaces and extra blank lines that an empty optional placeholder
// leaves behind, so templates can stay readable.
func tidy(s string) string {
	s = lineEndings.ReplaceAllString(s, "\n")
	s = blankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s) + "\n"
}
