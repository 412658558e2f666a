package app

import (
	"context"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
)

// publishDirective is the directives' portal hook: each directive recorded is published as an
// article of chỉ đạo điều hành, written by the office's officer who records it, in the
// directive's own transaction (news.Store.CreateTx), so that both are kept or neither.
func publishDirective(ns *news.Store) directive.Publisher {
	return func(ctx context.Context, tx *db.Tx, by *org.User, d *directive.Directive) (string, error) {
		nd := news.Directive{Number: d.Number, SignedOn: d.SignedOn, Signer: d.Signer, Title: d.Title, Summary: d.Summary}
		for _, t := range d.Tasks {
			agency := t.AgencyName
			if agency == "" {
				agency = t.AgencyCode
			}
			nd.Tasks = append(nd.Tasks, news.DirectiveTask{Agency: agency, Title: t.Title, DueOn: t.DueOn})
		}
		a, err := ns.CreateTx(ctx, tx, by, nd.Input())
		if err != nil {
			return "", err
		}
		return a.Slug, nil
	}
}
