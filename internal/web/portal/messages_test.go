package portal

import (
	"testing"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestMessages checks the package's messages against its templates and code.
func TestMessages(t *testing.T) {
	f := newFixture(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}
