package web

import (
	"slices"
)

// Reading answers back (check your answers, the dossier page).

// answer is one question answered.
type answer struct {
	Title  string
	ID     string // the input, for a "Change" link
	Value  string
	Values []string // a list's items
}

// AnswerSection is a run of answers: a section of the form (Title) or top-level questions.
type AnswerSection struct {
	Title string
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
			switch n.Kind {
			case KindGroup:
				sub, _ := v.(map[string]any)
				list = append(list, rows(n.Props, sub, prefix+n.Title+" › ")...)
				continue
			case KindLines, KindCheckboxes:
				items, _ := v.([]any)
				a := answer{Title: prefix + n.Title, ID: n.ID}
				for _, x := range items {
					a.Values = append(a.Values, scalarString(x))
				}
				list = append(list, a)
				continue
			}
			list = append(list, answer{Title: prefix + n.Title, ID: n.ID, Value: answerText(l, n, v)})
		}
		return list
	}
	for _, n := range fs.Fields {
		if n.Kind == KindGroup {
			sub, _ := data[n.Name].(map[string]any)
			if r := rows(n.Props, sub, ""); len(r) > 0 {
				out = append(out, AnswerSection{Title: n.Title, Rows: r})
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
		s.Rows = append(s.Rows, answer{Title: k, Value: scalarString(data[k])})
	}
	return out
}

func answerText(l Lang, n *SchemaNode, v any) string {
	switch n.Kind {
	case KindCheckbox:
		if v == true {
			return l.T("form.yes")
		}
		return l.T("form.no")
	case KindDate:
		if s, ok := v.(string); ok {
			return date(l, s)
		}
	}
	return scalarString(v)
}
