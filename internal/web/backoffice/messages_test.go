package backoffice

import (
	"testing"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestMessages checks the package's messages against its templates and code; an action's
// texts are found by its name (act.<action>.title, …).
func TestMessages(t *testing.T) {
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), testPages.Messages(), "act.")
}
