package report

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/i18n"
)

// grouped returns the rows of p's group, ordered by code, and their total.
func (s *Service) grouped(ctx context.Context, p *period, agencyIDs []int64, lang i18n.Lang) ([]Row, counts, error) {
	var total counts
	byKey := map[string]counts{}
	switch p.group {
	case "agency":
		m, err := s.totals(ctx, p.from, p.end, p.moment, agencyIDs)
		if err != nil {
			return nil, total, err
		}
		for id, c := range m {
			byKey[strconv.FormatInt(id, 10)] = c
		}
	case "procedure":
		m, err := s.countDirect(ctx, "procedure_code", p.from, p.end, p.moment, agencyIDs)
		if err != nil {
			return nil, total, err
		}
		byKey = m
	case "channel":
		m, err := s.countDirect(ctx, "channel", p.from, p.end, p.moment, agencyIDs)
		if err != nil {
			return nil, total, err
		}
		byKey = m
	}
	names, err := s.names(ctx, p.group, lang)
	if err != nil {
		return nil, total, err
	}
	rows := make([]Row, 0, len(byKey))
	for k, c := range byKey {
		total.plus(c)
		n, ok := names[k]
		if !ok {
			n = nameOf{code: k, name: k}
		}
		rows = append(rows, Row{Code: n.code, Name: n.name, Figures: c.figures()})
	}
	slices.SortFunc(rows, func(a, b Row) int { return strings.Compare(a.Code, b.Code) })
	return rows, total, nil
}

type nameOf struct{ code, name string }

// names maps a group's keys (agency ids, procedure codes, channels) to codes and names.
func (s *Service) names(ctx context.Context, group string, lang i18n.Lang) (map[string]nameOf, error) {
	out := map[string]nameOf{}
	switch group {
	case "agency":
		as, err := s.org.Agencies(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			n := a.Name
			if lang == i18n.EN && a.NameEn != "" {
				n = a.NameEn
			}
			out[strconv.FormatInt(a.ID, 10)] = nameOf{a.Code, n}
		}
	case "procedure":
		ps, err := s.catalog.All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p.Code] = nameOf{p.Code, p.Name}
		}
	case "channel":
		for _, c := range []string{"online", "counter", "post"} {
			out[c] = nameOf{c, msgs.T(lang, "channel."+c)}
		}
	}
	return out, nil
}
