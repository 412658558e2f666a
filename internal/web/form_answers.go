package web

import (
	"slices"
)

// Reading answers back (check your answers, the dossier page).

// answer is one question answered.
type answer struct {
	Title string
	VI    bool // the title is the procedure's Vietnamese on an English page
	// ValueEN: the value is the portal's text in English (a choice's English title, yes or
	// no, a date) rather than what the applicant typed.
	ValueEN bool
	ID      string // the input, for a "Change" link
	Value   string
	Values  []string // a list's items
}

// AnswerSection is a run of answers: a section of the form (Title) or top-level questions.
type AnswerSection struct {
	Title string
	VI    bool
	Rows  []answer
}

// AnswersView is what the answers_list template shows; ChangeURL, when set, is the page where
// the answers are changed (each row links to ChangeURL#id).
type AnswersView struct {
	Sections  []AnswerSection
	ChangeURL string
}

// answers lists the answers given in data in the form's order, a section per nested object;
// unanswered questions are left out. Keys the schema does not know (a form filed under an
// older version) follow, by name.
func (fs *FormSchema) Answers(l Lang, data map[string]any) []AnswerSection {
	var out []AnswerSection
	top := func() *AnswerSection {
		if len(out) == 0 || out[len(out)-1].Title != "" {
			out = append(out, AnswerSection{})
		}
		return &out[len(out)-1]
	}
	var rows func(nodes []*SchemaNode, obj map[string]any, prefix string) []answer
	rows = func(nodes []*SchemaNode, obj map[string]any, prefix string) []answer {
		var list []answer
		for _, n := range nodes {
			v, ok := obj[n.Name]
			if !ok || v == nil {
				continue
			}
			title, vi := n.TitleIn(l)
			switch n.Kind {
			case KindGroup:
				sub, _ := v.(map[string]any)
				list = append(list, rows(n.Props, sub, prefix+title+" › ")...)
				continue
			case KindLines, KindCheckboxes:
				items, _ := v.([]any)
				a := answer{Title: prefix + title, VI: vi, ID: n.ID, ValueEN: len(items) > 0}
				for _, x := range items {
					t, en := choiceText(l, n, x)
					a.Values, a.ValueEN = append(a.Values, t), a.ValueEN && en
				}
				list = append(list, a)
				continue
			}
			text, en := answerText(l, n, v)
			list = append(list, answer{Title: prefix + title, VI: vi, ID: n.ID, Value: text, ValueEN: en})
		}
		return list
	}
	for _, n := range fs.Fields {
		if n.Kind == KindGroup {
			sub, _ := data[n.Name].(map[string]any)
			if r := rows(n.Props, sub, ""); len(r) > 0 {
				title, vi := n.TitleIn(l)
				out = append(out, AnswerSection{Title: title, VI: vi, Rows: r})
			}
			continue
		}
		if r := rows([]*SchemaNode{n}, data, ""); len(r) > 0 {
			s := top()
			s.Rows = append(s.Rows, r...)
		}
	}
	var extra []string
	for k := range data {
		if fs.find(k) == nil {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		s := top()
		s.Rows = append(s.Rows, answer{Title: k, VI: true, Value: scalarString(data[k])})
	}
	return out
}

// answerText is the answer v as shown in language l, and whether it is English text of the
// portal's (not what the applicant typed).
func answerText(l Lang, n *SchemaNode, v any) (string, bool) {
	switch n.Kind {
	case KindCheckbox:
		if v == true {
			return l.T("form.yes"), l.EN()
		}
		return l.T("form.no"), l.EN()
	case KindDate:
		if s, ok := v.(string); ok {
			return date(l, s), l.EN()
		}
	case KindRadios, KindSelect:
		return choiceText(l, n, v)
	}
	return scalarString(v), false
}

// choiceText is an answer v of a choice field as its label in language l (an English title of
// a Vietnamese value), and whether that label is English; anything else as written.
func choiceText(l Lang, n *SchemaNode, v any) (string, bool) {
	s := scalarString(v)
	for i, e := range n.Enum {
		if enumValue(e) == s {
			label, vi := n.Label(l, i)
			return label, l.EN() && !vi
		}
	}
	return s, false
}
