package web

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// agencyTTL is how long the search page reuses the list of agencies: it changes when a ward is
// created or renamed, a few times a year.
const agencyTTL = time.Minute

// agencyCache holds the agencies of the search filter, loaded at most once per agencyTTL.
type agencyCache struct {
	mu     sync.Mutex
	list   *AgencyList
	loaded time.Time
	loads  uint64 // lists loaded so far, each list's generation
}

// AgencyList is every agency by code, and the filter's options in each language.
type AgencyList struct {
	ByCode map[string]*org.Agency
	All    []*org.Agency
	// options[lang]: departments, then wards, communes and special zones, each sorted by
	// Vietnamese collation of the name shown.
	Options [i18n.NumLangs]AgencyOptions

	gen uint64
}

// Generation names the list among those the site has loaded: a page made from it may be kept
// under it (a new list is loaded at most once per agencyTTL).
func (l *AgencyList) Generation() string { return strconv.FormatUint(l.gen, 10) }

type AgencyOptions struct {
	Departments, Communes []AgencyOption
}

// AgencyOption is one option of the agency select; VI marks a Vietnamese name on an English
// page (an agency with no English name).
type AgencyOption struct {
	Code, Name string
	VI         bool
	Selected   bool
}

// Agencies returns the agencies, from the cache when it is fresh.
func (s *Site) Agencies(ctx context.Context) (*AgencyList, error) {
	c := &s.agencies
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && s.now().Sub(c.loaded) < agencyTTL {
		return c.list, nil
	}
	as, err := s.org.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	c.loads++
	c.list, c.loaded = newAgencyList(as), s.now()
	c.list.gen = c.loads
	return c.list, nil
}

func newAgencyList(as []*org.Agency) *AgencyList {
	al := &AgencyList{ByCode: make(map[string]*org.Agency, len(as)), All: as}
	for _, a := range as {
		al.ByCode[a.Code] = a
	}
	for l := range i18n.NumLangs {
		o := &al.Options[l]
		for _, a := range as {
			opt := AgencyOption{Code: a.Code, Name: a.Name}
			if l == i18n.EN {
				if a.NameEn != "" {
					opt.Name = a.NameEn
				} else {
					opt.VI = true
				}
			}
			switch a.Kind {
			case org.KindDepartment:
				o.Departments = append(o.Departments, opt)
			case org.KindWard, org.KindCommune, org.KindSpecialZone:
				o.Communes = append(o.Communes, opt)
			}
		}
		byName := func(a, b AgencyOption) int { return vntext.Compare(a.Name, b.Name) }
		slices.SortStableFunc(o.Departments, byName)
		slices.SortStableFunc(o.Communes, byName)
	}
	return al
}

// AgencyName is an agency's name in language l, and whether it is Vietnamese on an English page.
func (s *Site) AgencyName(ctx context.Context, l Lang, code string) (string, bool) {
	al, err := s.Agencies(ctx)
	if err != nil {
		return code, false
	}
	a, ok := al.ByCode[code]
	if !ok {
		return code, false
	}
	if l.EN() {
		if a.NameEn != "" {
			return a.NameEn, false
		}
		return a.Name, true
	}
	return a.Name, false
}
