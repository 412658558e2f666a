package directive

import (
	"context"
	"io"
	"strconv"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/tabular"
)

// MaxExportTasks bounds the task sheet of an export: a committee's year of directives.
const MaxExportTasks = 10000

// WriteXLSX writes the office's figures for the committee's meeting as one workbook: the tasks
// by state per agency, per directive, and every task with its state (those actor may see, of
// f's agency and directive), headers in language l.
func (s *Store) WriteXLSX(ctx context.Context, w io.Writer, actor *org.User, f Filter, l i18n.Lang) error {
	agencies, err := s.ByAgency(ctx, actor, f)
	if err != nil {
		return err
	}
	directives, err := s.ByDirective(ctx, actor, f)
	if err != nil {
		return err
	}
	var tasks []*Task
	for page := 1; len(tasks) < MaxExportTasks; page++ {
		more, total, err := s.Tasks(ctx, actor, Filter{Agency: f.Agency, Directive: f.Directive, Page: page, PerPage: maxPerPage})
		if err != nil {
			return err
		}
		tasks = append(tasks, more...)
		if len(more) == 0 || len(tasks) >= total {
			break
		}
	}
	label := func(key string) string { return msgs.T(l, "xlsx."+key) }
	counts := func(first ...tabular.Column) []tabular.Column {
		cols := append(first, tabular.Column{Key: "total", Label: label("total")}, tabular.Column{Key: "done", Label: label("done")})
		for _, st := range States {
			cols = append(cols, tabular.Column{Key: string(st), Label: label(string(st))})
		}
		return append(cols, tabular.Column{Key: "done_share", Label: label("done_share"), Percent: true})
	}
	cells := func(c Counts) []any {
		return []any{c.Total, c.Done, c.DoneOnTime, c.DoneLate, c.InProgress, c.Overdue, c.DoneShare()}
	}
	byAgency := &tabular.Table{Title: label("title"), Sheet: label("sheet_agencies"),
		Columns: counts(tabular.Column{Key: "agency_code", Label: label("agency_code")}, tabular.Column{Key: "agency_name", Label: label("agency_name")})}
	for _, r := range agencies {
		byAgency.Rows = append(byAgency.Rows, append([]any{r.Key, r.Name}, cells(r.Counts)...))
	}
	byDirective := &tabular.Table{Title: label("title"), Sheet: label("sheet_directives"),
		Columns: counts(tabular.Column{Key: "directive_number", Label: label("directive_number")}, tabular.Column{Key: "directive_title", Label: label("directive_title")})}
	for _, r := range directives {
		byDirective.Rows = append(byDirective.Rows, append([]any{r.Number, r.Name}, cells(r.Counts)...))
	}
	list := &tabular.Table{Title: label("title"), Sheet: label("sheet_tasks"), Columns: []tabular.Column{
		{Key: "id", Label: label("id")}, {Key: "directive_number", Label: label("directive_number")}, {Key: "seq", Label: label("seq")},
		{Key: "agency_code", Label: label("agency_code")}, {Key: "agency_name", Label: label("agency_name")}, {Key: "title", Label: label("task")},
		{Key: "due_on", Label: label("due_on")}, {Key: "done_on", Label: label("done_on")}, {Key: "status", Label: label("status")}}}
	for _, t := range tasks {
		list.Rows = append(list.Rows, []any{strconv.FormatInt(t.ID, 10), t.Number, t.Seq, t.AgencyCode, t.AgencyName, t.Title, t.DueOn,
			t.DoneOn, label(string(t.State))})
	}
	return tabular.WriteXLSXSheets(w, byAgency, byDirective, list)
}
