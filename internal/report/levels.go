package report

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

// Levels counts procedures in force by online service level (egov.md §1 [C]): Decree 42/2022
// Art. 11's fully online (toàn trình), partially online (một phần) and not online, and Decree
// 43/2011 Art. 3(4)'s legacy levels 3 and 4, which Hà Nội's targets still name. OnlineRatio is
// (Full+Partial)/Total and FullRatio Full/Total, both 0 when Total is 0.
type Levels struct {
	Total       int     `json:"total"`
	Full        int     `json:"full"`
	Partial     int     `json:"partial"`
	None        int     `json:"none"`
	OnlineRatio float64 `json:"online_ratio"`
	FullRatio   float64 `json:"full_ratio"`
	Legacy3     int     `json:"legacy_level_3"`
	Legacy4     int     `json:"legacy_level_4"`
}

// TargetStatus is one of the city's targets set against the levels it measures.
type TargetStatus struct {
	Key     string  `json:"key"`
	Measure string  `json:"measure"` // online_ratio | full_ratio
	Target  float64 `json:"target"`  // the ratio aimed at, 0–1
	Actual  float64 `json:"actual"`
	Met     bool    `json:"met"`
	Name    string  `json:"name"` // in the language asked for
}

// LevelReport is the service levels of the city, or of one agency (the procedures it
// receives, catalog.Receives), with the city's targets beside them.
type LevelReport struct {
	Agency *AgencyRef `json:"agency,omitempty"`
	Levels
	Targets []TargetStatus `json:"targets"`
}

// AgencyRef names an agency in a report.
type AgencyRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// add counts one procedure version.
func (l *Levels) add(online catalog.OnlineLevel, legacy int) {
	l.Total++
	switch online {
	case catalog.OnlineFull:
		l.Full++
	case catalog.OnlinePartial:
		l.Partial++
	default:
		l.None++
	}
	switch legacy {
	case 3:
		l.Legacy3++
	case 4:
		l.Legacy4++
	}
}

// finish sets the ratios from the counts.
func (l *Levels) finish() {
	l.OnlineRatio = ratio(int64(l.Full+l.Partial), int64(l.Total))
	l.FullRatio = ratio(int64(l.Full), int64(l.Total))
}

// agency returns the agency of code, or nil for "" (city-wide); an unknown code is a not-found
// error.
func (s *Service) agency(ctx context.Context, code string) (*org.Agency, error) {
	if code == "" {
		return nil, nil
	}
	a, err := s.org.Agency(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("report: agency %q: %w", code, err)
	}
	return a, nil
}

// LevelsNow counts the procedures in force now (the catalog's current state, as its search
// shows it), city-wide when agencyCode is "", else those the agency receives; an unknown agency
// is a not-found error. The city's targets come beside, named in lang.
func (s *Service) LevelsNow(ctx context.Context, agencyCode string, lang i18n.Lang) (*LevelReport, error) {
	a, err := s.agency(ctx, agencyCode)
	if err != nil {
		return nil, err
	}
	all, err := s.catalog.All(ctx)
	if err != nil {
		return nil, err
	}
	rep := &LevelReport{}
	if a != nil {
		rep.Agency = &AgencyRef{Code: a.Code, Name: a.Name}
	}
	for _, p := range all {
		if p.Status != catalog.StatusActive || (a != nil && !catalog.Receives(p, a)) {
			continue
		}
		rep.add(p.OnlineLevel, p.LegacyLevel)
	}
	rep.finish()
	if rep.Targets, err = s.targetStatus(ctx, &rep.Levels, lang); err != nil {
		return nil, err
	}
	return rep, nil
}
