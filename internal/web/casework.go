package web

import (
	"context"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
)

// The views of a dossier that several audiences show: its documents and its history.

// AttachmentView is a dossier's document named by its component.
type AttachmentView struct {
	dossier.Attachment
	Component string // the component's name
	URL       string // download, when the viewer may
}

// EventView is one event of a dossier's history, with its status and action in the page's
// language.
type EventView struct {
	dossier.Event
	Status string
	Action string // what happened, when the event is a workflow action
}

// ProcedureVersion returns the version of a procedure a dossier was filed under, or the
// current one, or nil.
func ProcedureVersion(ctx context.Context, cat *catalog.Store, code string, version int) *catalog.Procedure {
	p, err := cat.Current(ctx, code)
	if err == nil && p.Version == version {
		return p
	}
	if vs, verr := cat.Versions(ctx, code); verr == nil {
		for _, v := range vs {
			if v.Version == version && v.Procedure != nil {
				return v.Procedure
			}
		}
	}
	if err == nil {
		return p
	}
	return nil
}

// AttachmentViews names atts by the components of p; links adds their download links.
func AttachmentViews(p *catalog.Procedure, atts []dossier.Attachment, links bool) []AttachmentView {
	var out []AttachmentView
	for _, a := range atts {
		av := AttachmentView{Attachment: a, Component: a.Component}
		if p != nil {
			for _, c := range p.Components {
				if c.ID == a.Component {
					av.Component = c.Name
				}
			}
		}
		if links {
			av.URL = "/tep/" + a.File
		}
		out = append(out, av)
	}
	return out
}

// EventViews is the history, newest first, in language l.
func EventViews(l Lang, events []dossier.Event) []EventView {
	out := make([]EventView, 0, len(events))
	for i := len(events) - 1; i >= 0; i-- { // newest first
		ev := EventView{Event: events[i], Status: events[i].To.Label(l.String())}
		if l.Has("action." + ev.Event.Action) {
			ev.Action = l.T("action." + ev.Event.Action)
		}
		out = append(out, ev)
	}
	return out
}
