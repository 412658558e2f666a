package workflow

import (
	"context"
	"database/sql"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
)

// Get returns a dossier as the caller may see it (dossier.Store.Get) with the actions the caller
// may take; its agency's officers also see where it stands in its process.
func (s *Store) Get(ctx context.Context, actor *org.User, code string) (*dossier.Dossier, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if d.AllowedActions, err = s.Allowed(ctx, actor, d); err != nil {
		return nil, err
	}
	if dossier.Whole(actor, d) {
		return d, s.progress(ctx, d)
	}
	return d, nil
}

func (s *Store) progress(ctx context.Context, d *dossier.Dossier) error {
	p := &dossier.Progress{}
	var due sql.NullTime
	k, err := s.deadlines(ctx, d.AgencyCode)
	if err != nil {
		return err
	}
	sla, args := k.SQL()
	err = s.db.QueryRow(ctx, `SELECT d.step, d.step_due_at, COALESCE(u.username, ''), COALESCE(u.full_name, ''), `+sla+`
		FROM dossiers d LEFT JOIN users u ON u.id = d.assignee_id WHERE d.id = ?`, append(args, d.ID)...).Scan(&p.Step, &due,
		&p.Assignee, &p.AssigneeName, &p.SLA)
	if err != nil {
		return err
	}
	p.StepDueAt = localPtr(due)
	p.StepName = p.Step
	if def, _, err := s.processOf(ctx, s.db, d); err == nil {
		if st := def.Step(p.Step); st != nil {
			p.StepName = st.Name
		}
	}
	d.Progress = p
	return nil
}
