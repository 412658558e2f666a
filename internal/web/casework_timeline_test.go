package web

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
)

// TestEventViewsSayEachThingOnce: an event whose action and new status read alike ("Result
// returned · Result returned") shows the text once, in both languages.
func TestEventViewsSayEachThingOnce(t *testing.T) {
	statuses := []dossier.Status{dossier.StatusSubmitted, dossier.StatusReceived, dossier.StatusRejected,
		dossier.StatusProcessing, dossier.StatusSupplement, dossier.StatusPayment, dossier.StatusWithdrawn,
		dossier.StatusStopped, dossier.StatusRefused, dossier.StatusDone, dossier.StatusReturned}
	var actions []string
	for _, k := range testMsg.Keys() {
		if a, ok := strings.CutPrefix(k, "action."); ok {
			actions = append(actions, a)
		}
	}
	for _, l := range []Lang{langVI, langEN} {
		for _, a := range actions {
			for _, s := range statuses {
				ev := EventViews(l, []dossier.Event{{Action: a, To: s}})[0]
				if ev.Action != "" && strings.EqualFold(ev.Action, ev.Status) {
					t.Errorf("%s: action %s to %s shows %q twice", l.Lang, a, s, ev.Status)
				}
			}
		}
	}
	// The case of the report: returning the result.
	ev := EventViews(langEN, []dossier.Event{{Action: "return_result", To: dossier.StatusReturned}})[0]
	if ev.Action != "" || ev.Status != "Result returned" {
		t.Errorf("return_result: Action %q, Status %q; want one \"Result returned\"", ev.Action, ev.Status)
	}
}
