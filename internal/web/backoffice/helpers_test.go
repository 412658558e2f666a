package backoffice

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/applicant"
	"github.com/motcua/motcua/internal/web/webtest"
)

// demoFixture is the demo city with the back office's pages and the applicant's: the tests
// submit dossiers as citizens and follow them.
type demoFixture struct {
	*webtest.Demo
	h *Handler
}

func newDemoFixture(t *testing.T) *demoFixture {
	t.Helper()
	f := &demoFixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		appl, err := applicant.New(site, applicant.Deps{Catalog: d.Catalog, Org: d.Org, Identity: d.Identity, Dossiers: d.Dossiers, Workflow: d.Workflow})
		if err != nil {
			return nil, err
		}
		f.h, err = New(site, Deps{Catalog: d.Catalog, Org: d.Org, Dossiers: d.Dossiers, Workflow: d.Workflow})
		return []webtest.Routes{appl, f.h}, err
	})
	return f
}

// browser is webtest's browser with the back office's own steps (act, acted, getPDF).
type browser struct {
	*webtest.Browser
	t *testing.T
}

func (f *demoFixture) browser(t *testing.T) *browser { return &browser{f.Browser(t), t} }

// testPages are the back office's pages on a site of their own, for the messages the tests
// expect; langVI is Vietnamese with those messages.
var (
	testPages = func() *web.Pages {
		site, err := web.NewSite(web.Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
		if err != nil {
			panic(err)
		}
		p, err := site.Pages(embedded, pageNames...)
		if err != nil {
			panic(err)
		}
		return p
	}()
	langVI = testPages.Lang(i18n.VI)
)

func tr(l web.Lang, key string, args ...any) string { return l.T(key, args...) }
func hasKey(key string) bool                        { return testPages.Messages().Has(key) }

// dateBoxes adds the date iso (YYYY-MM-DD) to vals as a person types it in the boxes of the
// date input name: day, month, year.
func dateBoxes(name, iso string, vals url.Values) url.Values {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		panic(err)
	}
	vals.Set(name+"-day", strconv.Itoa(d.Day()))
	vals.Set(name+"-month", strconv.Itoa(int(d.Month())))
	vals.Set(name+"-year", strconv.Itoa(d.Year()))
	return vals
}

// viDate is a YYYY-MM-DD date as the Vietnamese pages write it.
func viDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return d.Format("02/01/2006")
}
