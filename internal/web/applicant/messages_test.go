package applicant

import (
	"testing"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestMessages checks the package's messages against its templates and code; an indicator's
// score labels are found by its key (eval.<indicator>.<score>).
func TestMessages(t *testing.T) {
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), newDemoFixture(t).h.Messages(), "eval.")
}

// TestNewRequires checks that New refuses to build without the site or a store.
func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
	site := webtest.NewStores(t).Site(t)
	if _, err := New(site, Deps{}); err == nil {
		t.Error("New(site, Deps{}) succeeded; want an error")
	}
}
