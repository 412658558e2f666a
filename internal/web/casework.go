package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
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
		ev := EventView{Event: events[i], Status: events[i].To.Label(l.Lang)}
		// An action that reads like the status it led to ("Result returned") is said once.
		if l.Has("action."+ev.Event.Action) && !strings.EqualFold(l.T("action."+ev.Event.Action), ev.Status) {
			ev.Action = l.T("action." + ev.Event.Action)
		}
		out = append(out, ev)
	}
	return out
}

// ActFailed answers a refused workflow call: a dossier the caller may not see is the 404 page;
// other refusals re-render the page with render, the errors (input errors linked by idFor),
// the kind's status, failed (the form posted) and what was typed; anything else is the error
// page.
func (s *Site) ActFailed(w http.ResponseWriter, r *http.Request, v *View, u *org.User, err error, failed string,
	typed map[string]string, idFor func(string) string,
	render func(http.ResponseWriter, *http.Request, *View, *org.User, int, string, map[string]string)) {
	e, isApp := apperr.As(err)
	status := 0
	if isApp {
		status = apperr.Status(e.Kind)
	}
	if !isApp || e.Kind == apperr.KindInternal || status == http.StatusUnauthorized || (e.Kind == apperr.KindNotFound && e.Code != "file_not_found") {
		s.Fail(w, r, v, err)
		return
	}
	if e.Code == "file_not_found" {
		status = http.StatusUnprocessableEntity
	}
	v.AddErrors(e, idFor)
	render(w, r, v, u, status, failed, typed)
}

// DocumentViews are a dossier's attachments named by their component, or by their kind when
// an officer added them, with download links; the result documents apart.
func DocumentViews(l Lang, p *catalog.Procedure, atts []dossier.Attachment) (docs, results []AttachmentView) {
	for _, av := range AttachmentViews(p, atts, true) {
		if av.Component == av.Attachment.Component && l.Has("doc.kind."+av.Kind) {
			av.Component = l.T("doc.kind." + av.Kind) // not one of the procedure's components
		}
		if av.Kind == "result" {
			results = append(results, av)
			continue
		}
		docs = append(docs, av)
	}
	return docs, results
}

// AddErrors puts an apperr's messages in the error summary, each field error linked to the
// input idFor names for its path ("" for none); an error without fields is one message.
func (v *View) AddErrors(e *apperr.Error, idFor func(path string) string) {
	l := v.L
	if len(e.Fields) == 0 {
		v.AddError("", FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		return
	}
	for _, f := range e.Fields {
		v.AddError(idFor(f.Path), FieldMessage(l, f))
	}
}

// ComponentView is one component of the dossier with its files and the citizen's stored
// documents that could be attached to it instead of an upload (once-only).
type ComponentView struct {
	catalog.Component
	InputID, ReuseID string
	Accept           string
	Formats          string
	Files            []AttachedFile
	Reuse            []DocumentOption
	Missing          bool // required and no file yet
}

type AttachedFile struct {
	ID, Name string
	Size     int64
	Remove   string // the remove button's value
}

type DocumentOption struct {
	ID, Name string
	Size     int64
	At       time.Time
	Dossier  string
}

// acceptExt is the accept attribute's extensions of each format a component may list.
var acceptExt = map[string]string{"pdf": ".pdf", "jpg": ".jpg,.jpeg", "jpeg": ".jpg,.jpeg", "png": ".png", "docx": ".docx"}

// accept is a file input's accept attribute for the formats a component lists; every format
// the store takes when it lists none.
func accept(formats []string) (attr, shown string) {
	var exts, names []string
	for _, f := range formats {
		if e, ok := acceptExt[strings.ToLower(f)]; ok && !slices.Contains(exts, e) {
			exts = append(exts, e)
			names = append(names, f)
		}
	}
	if len(exts) == 0 {
		return ".pdf,.jpg,.jpeg,.png,.docx", formatList([]string{"pdf", "jpg", "png", "docx"})
	}
	return strings.Join(exts, ","), formatList(names)
}

// Components lists the components of p that need files, with atts and the stored documents.
// Each component's file input is named prefix+id.
func Components(p *catalog.Procedure, atts []dossier.AttachmentInput, docs []dossier.Document, byID map[string]dossier.Document,
	withFormOnly bool, prefix string) (list []ComponentView, formOnly []catalog.Component) {
	// A required component is missing unless it or another of its group is given.
	unmet := map[string]bool{}
	for _, r := range catalog.Unmet(p, func(c catalog.Component) bool {
		return (!withFormOnly && dossier.FormOnly(c)) || slices.ContainsFunc(atts, func(a dossier.AttachmentInput) bool { return a.Component == c.ID })
	}) {
		for _, c := range r.Components {
			unmet[c.ID] = true
		}
	}
	for _, comp := range p.Components {
		if !withFormOnly && dossier.FormOnly(comp) {
			formOnly = append(formOnly, comp)
			continue
		}
		cv := ComponentView{Component: comp, InputID: prefix + comp.ID, ReuseID: "reuse-" + comp.ID}
		cv.Accept, cv.Formats = accept(comp.Formats)
		attached := map[string]bool{}
		for _, a := range atts {
			if a.Component != comp.ID {
				continue
			}
			f := AttachedFile{ID: a.File, Name: a.File, Remove: a.Component + "|" + a.File}
			if d, ok := byID[a.File]; ok {
				f.Name, f.Size = d.Name, d.Size
			}
			cv.Files = append(cv.Files, f)
			attached[a.File] = true
		}
		for _, d := range docs {
			if !attached[d.ID] {
				cv.Reuse = append(cv.Reuse, DocumentOption{ID: d.ID, Name: d.Name, Size: d.Size, At: d.CreatedAt, Dossier: d.Dossier})
			}
		}
		cv.Missing = comp.Required && unmet[comp.ID]
		list = append(list, cv)
	}
	return list, formOnly
}

func HasComponent(p *catalog.Procedure, id string) bool {
	return slices.ContainsFunc(p.Components, func(c catalog.Component) bool { return c.ID == id })
}

// SendFile sends a stored file the caller may read (its rights checked before) as an
// attachment, kept by no cache: the one way the pages hand out a dossier's or a directive's
// documents. A copy cut short (the visitor left) is logged, since the status is sent.
func (s *Site) SendFile(w http.ResponseWriter, r *http.Request, f *dossier.File, rc io.Reader) {
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		if _, err := io.Copy(w, rc); err != nil {
			s.log.InfoContext(r.Context(), "web: download interrupted", "file", f.ID, "err", err)
		}
	}
}
