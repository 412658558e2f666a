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
