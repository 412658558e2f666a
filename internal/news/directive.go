package news

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/i18n"
)

// Directive is what the portal shows of a directive of the committee (văn bản chỉ đạo), for
// its article in the Directives category; the directive's own package records it.
type Directive struct {
	Number   string // số ký hiệu
	SignedOn string // YYYY-MM-DD
	Signer   string
	Title    string
	Summary  string
	Tasks    []DirectiveTask
}

// DirectiveTask is one task the directive assigns.
type DirectiveTask struct {
	Agency string // the agency's name
	Title  string
	DueOn  string // YYYY-MM-DD
}

// Input is the directive's article, published at once: its number, date and signer, its
// summary, and the tasks with their agencies and due dates, in Vietnamese as the directive is.
func (d Directive) Input() Input {
	t := func(key string, args ...any) string { return msgs.T(i18n.VI, key, args...) }
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s · **%s** %s", t("directive.number"), markdownText(d.Number), t("directive.signed_on"), day(d.SignedOn))
	if d.Signer != "" {
		fmt.Fprintf(&b, " · **%s** %s", t("directive.signer"), markdownText(d.Signer))
	}
	b.WriteString("\n\n")
	if d.Summary != "" {
		b.WriteString(markdownText(d.Summary) + "\n\n")
	}
	if len(d.Tasks) > 0 {
		b.WriteString("## " + t("directive.tasks") + "\n\n")
		for i, task := range d.Tasks {
			fmt.Fprintf(&b, "%d. **%s**: %s (%s)\n", i+1, markdownText(task.Agency), markdownText(task.Title), t("directive.due", day(task.DueOn)))
		}
	}
	summary := d.Summary
	if summary == "" {
		summary = d.Title
	}
	return Input{Category: Directives, Title: d.Title, Summary: summary, Body: b.String(), Tags: []string{t("directive.tag")},
		Status: Published, Note: t("directive.note", d.Number)}
}

// day writes YYYY-MM-DD as dd/mm/yyyy, and anything else as it is.
func day(s string) string {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Format("02/01/2006")
	}
	return s
}

// markdownText escapes what Markdown would read as markup in plain text typed by the office
// (the sanitiser would catch anything dangerous; this keeps the text as typed).
func markdownText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "`", "\\`", "#", `\#`)
	return r.Replace(strings.Join(strings.Fields(s), " "))
}
