package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntext"
)

// Store keeps dossiers and files.
type Store struct {
	db        *db.DB
	catalog   *catalog.Store
	org       *org.Store
	cal       *calendar.Store
	blobs     BlobStore
	now       func() time.Time
	links     Links
	MaxUpload int64 // per-file limit in bytes

	// OnSubmit, when set, runs in an online submission's transaction once the dossier is
	// written: the app wires the fee point of the workflow (an invoice raised at submission),
	// which dossier cannot import. It returns the status the dossier is now in ("" unchanged).
	OnSubmit func(ctx context.Context, tx *db.Tx, d *Dossier) (Status, error)
}

// Config holds a Store's dependencies.
type Config struct {
	DB        *db.DB
	Catalog   *catalog.Store
	Org       *org.Store
	Calendar  *calendar.Store // agencies' working calendars, for the reception step's deadline
	Blobs     BlobStore
	Links     Links // where notifications point
	MaxUpload int64 // per-file limit; DefaultMaxUpload when 0
}

// NewStore returns a dossier store.
func NewStore(c Config) *Store {
	if c.MaxUpload <= 0 {
		c.MaxUpload = DefaultMaxUpload
	}
	return &Store{db: c.DB, catalog: c.Catalog, org: c.Org, cal: c.Calendar, blobs: c.Blobs, now: time.Now, links: c.Links, MaxUpload: c.MaxUpload}
}

// WithClock makes s read the time from now (tests); it returns s.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	return s
}

var (
	errNotFound = apperr.NotFound("dossier", msgs.Text("dossier_not_found"))
	errKeyReuse = apperr.New(apperr.KindUnprocessable, "idempotency_key_reused",
		msgs.Text("idempotency_key_reused"))
)

// AttachmentInput names a file given for a component.
type AttachmentInput struct {
	Component string `json:"component"`
	File      string `json:"file"`
}

// SubmitInput is an application as a citizen sends it.
type SubmitInput struct {
	ProcedureCode string            `json:"procedure_code"`
	AgencyCode    string            `json:"agency_code"`
	Form          json.RawMessage   `json:"form"`
	Attachments   []AttachmentInput `json:"attachments"`
	// Delivery is how the result is received; when empty, the way the dossier came if the
	// procedure offers it (DefaultDelivery). A postal delivery needs DeliveryAddress.
	Delivery        Delivery `json:"result_delivery,omitempty"`
	DeliveryAddress string   `json:"delivery_address,omitempty"`
}

// Submitted is the answer to a submission; a retry with the same Idempotency-Key gets the
// same one.
type Submitted struct {
	Code        string    `json:"code"`
	Status      Status    `json:"status"`
	StatusCode  int       `json:"status_code"`
	Procedure   string    `json:"procedure_code"`
	Agency      string    `json:"agency_code"`
	Channel     Channel   `json:"channel"`
	Delivery    Delivery  `json:"result_delivery"`
	SubmittedAt time.Time `json:"submitted_at"`
	TrackURL    string    `json:"track_url"`
}

// checked is a submission that passed every check outside the transaction.
type checked struct {
	proc      *catalog.Procedure
	agency    *org.Agency
	form      json.RawMessage
	files     []AttachmentInput
	applicant Applicant
	delivery  Delivery
	address   string // the postal delivery's
}

// check validates a submission: the procedure is in force and received by the agency, the
// form satisfies the procedure's schema, every attachment names a component of the procedure
// and a file the submitter may use, every required component has a file, and the result is
// delivered in a way the procedure offers. Every problem is reported at once.
func (s *Store) check(ctx context.Context, actor *org.User, in SubmitInput, ch Channel, requireFiles bool) (*checked, error) {
	var fe apperr.Fields
	c := &checked{}
	var err error
	c.proc, err = s.catalog.Current(ctx, strings.TrimSpace(in.ProcedureCode))
	switch {
	case apperr.KindOf(err) == apperr.KindNotFound:
		fe.Add("procedure_code", msgs.Text("no_procedure_with_code", in.ProcedureCode))
	case err != nil:
		return nil, err
	case c.proc.Status != catalog.StatusActive:
		fe.Add("procedure_code", msgs.Text("procedure_has_been_abolished", c.proc.Code))
		c.proc = nil
	}
	c.agency, err = s.org.Agency(ctx, strings.TrimSpace(in.AgencyCode))
	switch {
	case apperr.KindOf(err) == apperr.KindNotFound:
		fe.Add("agency_code", msgs.Text("no_agency_with_code", in.AgencyCode))
		c.agency = nil
	case err != nil:
		return nil, err
	case c.proc != nil && !catalog.Receives(c.proc, c.agency):
		fe.Add("agency_code", msgs.Text("does_not_receive_procedure", c.agency.Name))
	}
	if c.proc != nil {
		form := in.Form
		if len(form) == 0 {
			form = json.RawMessage("{}")
		}
		problems, err := catalog.ValidateForm(c.proc, form)
		if err != nil {
			return nil, err
		}
		fe.Append("", problems)
		c.form = json.RawMessage(vntext.NFC(string(form)))
		c.delivery, c.address = checkDelivery(c.proc, ch, in.Delivery, in.DeliveryAddress, &fe)
	}
	if err := s.checkAttachments(ctx, actor, c.proc, in.Attachments, requireFiles, &fe); err != nil {
		return nil, err
	}
	c.files = in.Attachments
	if fe.Len() > 0 {
		// A file the caller may not use is reported as not found, never as someone else's.
		for _, f := range fe.List() {
			for i, a := range in.Attachments {
				if f.Path == fmt.Sprintf("attachments[%d].file", i) && f.Text() == msgs.Text("file_not_found.named", a.File) {
					return nil, apperr.New(apperr.KindNotFound, "file_not_found", f.Text())
				}
			}
		}
		return nil, fe.Err("invalid_dossier", msgs.Text("invalid_dossier"))
	}
	return c, nil
}

func (s *Store) checkAttachments(ctx context.Context, actor *org.User, p *catalog.Procedure, atts []AttachmentInput, requireFiles bool, fe *apperr.Fields) error {
	if len(atts) > 100 {
		fe.Add("attachments", msgs.Text("too_many_attachments_at_most_100"))
		return nil
	}
	given := map[string]bool{}
	seen := map[string]bool{}
	for i, a := range atts {
		path := fmt.Sprintf("attachments[%d]", i)
		if p != nil && !hasComponent(p, a.Component) {
			fe.Add(path+".component", msgs.Text("procedure_has_no_component", a.Component))
		}
		if seen[a.Component+"/"+a.File] {
			fe.Add(path, msgs.Text("file_is_already_attached_to_component"))
		}
		seen[a.Component+"/"+a.File] = true
		// The caller's uploads, and documents of their earlier dossiers (once-only).
		var n int
		err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM files f WHERE f.id = ? AND (f.owner_id = ? OR EXISTS (
			SELECT 1 FROM dossier_attachments a JOIN dossiers d ON d.id = a.dossier_id WHERE a.file_id = f.id AND d.applicant_id = ?
			AND a.kind <> 'internal'))`,
			a.File, actor.ID, actor.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			fe.Add(path+".file", msgs.Text("file_not_found.named", a.File))
			continue
		}
		if p != nil {
			if err := s.checkFormat(ctx, p, a, path, fe); err != nil {
				return err
			}
		}
		given[a.Component] = true
	}
	if p != nil && requireFiles {
		// A group of alternatives is met by any one member (catalog.Unmet).
		for _, r := range catalog.Unmet(p, func(c catalog.Component) bool { return given[c.ID] || FormOnly(c) }) {
			names := make([]string, len(r.Components))
			for i, c := range r.Components {
				names[i] = c.Name
			}
			fe.Add("attachments", msgs.Text("missing_required_component", strings.Join(names, " / ")))
		}
	}
	return nil
}

// formatTypes maps the catalog's format names to the sniffed content types.
var formatTypes = map[string]string{"pdf": TypePDF, "jpg": TypeJPEG, "jpeg": TypeJPEG, "png": TypePNG, "docx": TypeDOCX}

// checkFormat refuses a file whose type the component does not accept.
func (s *Store) checkFormat(ctx context.Context, p *catalog.Procedure, a AttachmentInput, path string, fe *apperr.Fields) error {
	var comp *catalog.Component
	for i := range p.Components {
		if p.Components[i].ID == a.Component {
			comp = &p.Components[i]
		}
	}
	if comp == nil || len(comp.Formats) == 0 {
		return nil
	}
	var ct string
	if err := s.db.QueryRow(ctx, `SELECT content_type FROM files WHERE id = ?`, a.File).Scan(&ct); err != nil {
		return err
	}
	for _, f := range comp.Formats {
		if formatTypes[f] == ct {
			return nil
		}
	}
	list := strings.ToUpper(strings.Join(comp.Formats, ", "))
	fe.Add(path+".file", msgs.Text("component_accepts_files_only", list))
	return nil
}

// FormOnly reports whether a component is a declaration that the application form itself
// stands for — the paper "Tờ khai … (nếu nộp trực tiếp)" or the interactive e-form the national
// records list beside it — so an online application needs no file for it.
func FormOnly(c catalog.Component) bool {
	n := vntext.Fold(c.Name)
	if strings.Contains(n, "dien tu tuong tac") {
		return true
	}
	for _, p := range []string{"to khai", "don de nghi", "don dang ky", "don xin", "giay de nghi", "phieu yeu cau", "phieu dang ky", "ban khai"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

func hasComponent(p *catalog.Procedure, id string) bool {
	for _, c := range p.Components {
		if c.ID == id {
			return true
		}
	}
	return false
}

// Submit files an application online for the signed-in citizen. With an idempotency key, a
// retry returns the first answer and creates nothing; the same key with a different request is
// refused. The dossier, its attachments, its history and the notification are written in one
// transaction; its code's number is taken just before, in a short one of its own (nextCode).
func (s *Store) Submit(ctx context.Context, actor *org.User, in SubmitInput, key string) (*Submitted, error) {
	return s.submit(ctx, actor, in, key, "")
}

// SubmitDraft submits one of the caller's drafts as Submit does, and deletes the draft in the
// same transaction: a submission that fails keeps the draft, one that succeeds removes it.
func (s *Store) SubmitDraft(ctx context.Context, actor *org.User, id, key string) (*Submitted, error) {
	d, err := s.Draft(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.submit(ctx, actor, SubmitInput{ProcedureCode: d.ProcedureCode, AgencyCode: d.AgencyCode, Form: d.Form,
		Attachments: d.Attachments, Delivery: d.Delivery, DeliveryAddress: d.DeliveryAddress}, key, id)
}

func (s *Store) submit(ctx context.Context, actor *org.User, in SubmitInput, key, draft string) (*Submitted, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if actor.Role != org.RoleCitizen {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_citizens_submit_online_officers_register"))
	}
	hash := requestHash(in)
	if key != "" {
		if len(key) > 200 {
			return nil, apperr.Invalid("invalid_idempotency_key", msgs.Text("invalid_idempotency_key"),
				apperr.Field("Idempotency-Key", msgs.Text("at_most_200_characters")))
		}
		if prev, err := s.replay(ctx, actor.ID, key, hash); prev != nil || err != nil {
			return prev, err
		}
	}
	c, err := s.check(ctx, actor, in, ChannelOnline, true)
	if err != nil {
		return nil, err
	}
	c.applicant = Applicant{UserID: actor.ID, Name: actor.FullName}
	// Notifications need sendable contacts; an account's unusable one is left out, not fatal.
	if p, err := contact.NormalizePhone(actor.Phone); err == nil && actor.Phone != "" {
		c.applicant.Phone = p
	}
	if e, err := contact.NormalizeEmail(actor.Email); err == nil && actor.Email != "" {
		c.applicant.Email = e
	}
	if c.applicant.Name == "" {
		c.applicant.Name = actor.Username
	}
	// What the account lacks, the form's applicant gives: the receipt prints these contacts,
	// and tracking accepts the phone and ID number.
	formContacts(&c.applicant, c.form)
	out, err := s.create(ctx, actor, c, ChannelOnline, key, hash, draft)
	if errors.Is(err, db.ErrConflict) && key != "" {
		// A concurrent request with the same key committed first: answer as it did.
		if prev, rerr := s.replay(ctx, actor.ID, key, hash); prev != nil || rerr != nil {
			return prev, rerr
		}
	}
	return out, err
}

func requestHash(in SubmitInput) string {
	b, _ := json.Marshal(in)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func (s *Store) replay(ctx context.Context, user int64, key, hash string) (*Submitted, error) {
	var stored, resp string
	err := s.db.QueryRow(ctx, `SELECT request_hash, response FROM idempotency_keys WHERE user_id = ? AND key = ?`, user, key).Scan(&stored, &resp)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if stored != hash {
		return nil, errKeyReuse
	}
	var out Submitted
	if err := json.Unmarshal([]byte(resp), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// filedFacts are what a dossier's filing records for the dashboards' rates (internal/stats,
// rules.go): digitised (1) when filed online or with its papers scanned (attached), reused (1)
// when one of its files is attached to an earlier dossier already.
func filedFacts(ctx context.Context, tx *db.Tx, c *checked, ch Channel) (digitised, reused int, err error) {
	if ch == ChannelOnline || len(c.files) > 0 {
		digitised = 1
	}
	if len(c.files) == 0 {
		return digitised, 0, nil
	}
	ids := make([]any, len(c.files))
	for i, f := range c.files {
		ids[i] = f.File
	}
	err = tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM dossier_attachments WHERE file_id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`) LIMIT 1) AS x`, ids...).Scan(&reused)
	return digitised, reused, err
}

// create writes a checked dossier in one transaction, deleting the draft it came from (when
// not "").
func (s *Store) create(ctx context.Context, actor *org.User, c *checked, ch Channel, key, hash, draft string) (*Submitted, error) {
	now := s.now()
	cal, err := s.cal.CalendarFor(ctx, c.agency.Code)
	if err != nil {
		return nil, err
	}
	stepDue, err := ReceptionDue(cal, now)
	if err != nil {
		return nil, err
	}
	// The number is taken in its own short transaction before the dossier's (nextCode).
	code, err := s.nextCode(ctx, c.agency, now)
	if err != nil {
		return nil, err
	}
	var out *Submitted
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if key != "" {
			// Claim the key first: a concurrent twin blocks here, then fails on the primary key.
			if _, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at)
				VALUES (?, ?, ?, 0, '', ?)`, actor.ID, key, hash, now); err != nil {
				return err
			}
		}
		if draft != "" {
			res, err := tx.Exec(ctx, `DELETE FROM drafts WHERE id = ? AND owner_id = ?`, draft, actor.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errDraftNotFound // submitted or deleted meanwhile
			}
		}
		var applicantID any
		if c.applicant.UserID != 0 {
			applicantID = c.applicant.UserID
		}
		digitised, reused, err := filedFacts(ctx, tx, c, ch)
		if err != nil {
			return err
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_id,
			applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, channel, status, status_code,
			form, submitted_at, created_by, updated_at, step_due_at, result_delivery, delivery_address, digitised, reused)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			code, c.proc.Code, c.proc.Version, c.agency.ID, applicantID, c.applicant.Name, c.applicant.IDNumber,
			c.applicant.Phone, c.applicant.Email, c.applicant.Address, string(ch), string(StatusSubmitted), StatusSubmitted.Code(),
			string(c.form), now, actor.ID, now, stepDue, string(c.delivery), c.address, digitised, reused)
		if err != nil {
			return err
		}
		if err := stats.Created(ctx, tx, id); err != nil { // the new row's figures, with it
			return err
		}
		for _, a := range c.files {
			if _, err := tx.Exec(ctx, `INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
				VALUES (?, ?, ?, 'submission', ?, ?)`, id, a.Component, a.File, actor.ID, now); err != nil {
				return err
			}
		}
		note := map[Channel]string{ChannelCounter: "Nộp hồ sơ giấy tại Bộ phận Một cửa", ChannelPost: "Nộp hồ sơ giấy qua dịch vụ bưu chính"}[ch]
		if err := AppendEvent(ctx, tx, id, actor.ID, "submit", "", StatusSubmitted, note, now); err != nil {
			return err
		}
		status := StatusSubmitted
		if ch == ChannelOnline && s.OnSubmit != nil {
			to, err := s.OnSubmit(ctx, tx, &Dossier{ID: id, Code: code, ProcedureCode: c.proc.Code, ProcedureName: c.proc.Name,
				ProcedureVersion: c.proc.Version, AgencyID: c.agency.ID, AgencyCode: c.agency.Code, AgencyName: c.agency.Name,
				Channel: ch, Status: StatusSubmitted, Applicant: c.applicant, SubmittedAt: now})
			if err != nil {
				return err
			}
			if to != "" {
				status = to
			}
		}
		if err := s.notifyApplicant(ctx, tx, c.applicant, "dossier_submitted", map[string]any{
			"Code": code, "Procedure": c.proc.Name, "Agency": c.agency.Name, "TrackURL": s.links.TrackURL(code)}); err != nil {
			return err
		}
		out = &Submitted{Code: code, Status: status, StatusCode: status.Code(), Procedure: c.proc.Code,
			Agency: c.agency.Code, Channel: ch, Delivery: c.delivery, SubmittedAt: now.In(vnZone), TrackURL: s.links.TrackURL(code)}
		// Every submission is audited in its transaction: an officer's registration on a
		// citizen's behalf (dossier.register) and a citizen's own online submission
		// (dossier.submit, naming the draft it came from, if any).
		entry := audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "dossier.register",
			Object: code, Detail: map[string]any{"channel": string(ch), "procedure": c.proc.Code}}
		if ch == ChannelOnline {
			entry.Action = "dossier.submit"
			if draft != "" {
				entry.Detail["draft"] = draft
			}
		}
		if err := audit.Append(ctx, tx, entry); err != nil {
			return err
		}
		if key != "" {
			b, _ := json.Marshal(out)
			if _, err := tx.Exec(ctx, `UPDATE idempotency_keys SET status = 201, response = ? WHERE user_id = ? AND key = ?`,
				string(b), actor.ID, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// nextCode hands out the dossier code <agency ID>-YYMMDD-NNNN (Circular 01/2018/TT-VPCP
// Art. 19): a daily sequence per receiving agency, taken under the row lock of an upsert so
// concurrent submissions on either engine never share a number. Past 9,999 a day the number
// simply grows a digit.
//
// The number is taken in a transaction of its own, before the dossier's, and committed at
// once: on PostgreSQL the (agency, day) row's lock is held for that one statement, not until
// the dossier's commit has reached the disk, so submissions at one office do not queue
// behind each other (issue 15). That transaction commits without waiting for the disk
// (db.InTxAsyncCommit): the dossier's own durable commit comes later in the WAL and makes the
// increment durable with it; a crash before that loses an increment no dossier holds, so no
// number is ever given twice (and the unique index on dossiers.code would refuse it).
//
// Gap policy: numbers are never reused. A submission that fails after taking its number (a
// draft deleted meanwhile, a fee that cannot be raised, the database failing, or a retry
// with the same Idempotency-Key racing the first) leaves that number unused, and the next
// submission at the agency that day takes the following one. Circular 01/2018/TT-VPCP
// Art. 19 fixes the code's form (the receiving agency's ID, the day received, the day's
// sequence) so that it names one dossier; the notes of the rules this follows
// (shared/domain/egov.md §4) record no rule on unused numbers, so codes stay unique and
// rising but the series may have holes. The register of received dossiers (Mẫu 06, the back
// office's register) lists the dossiers that exist, so an unused number is simply absent
// from it. Input that fails validation takes no number: create runs after check.
func (s *Store) nextCode(ctx context.Context, a *org.Agency, now time.Time) (string, error) {
	day := now.In(vnZone).Format("060102")
	var n int
	err := s.db.InTxAsyncCommit(ctx, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO dossier_sequences (agency_id, day, last) VALUES (?, ?, 1)
		ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last`, a.ID, day).Scan(&n)
	})
	if err != nil {
		return "", fmt.Errorf("dossier: sequence: %w", err)
	}
	prefix := a.NationalID
	if prefix == "" {
		prefix = a.Code
	}
	return fmt.Sprintf("%s-%s-%04d", prefix, day, n), nil
}

// AppendEvent records one step of a dossier's history.
func AppendEvent(ctx context.Context, tx *db.Tx, dossierID, actorID int64, action string, from, to Status, note string, at time.Time) error {
	var actor any
	if actorID != 0 {
		actor = actorID
	}
	_, err := tx.Exec(ctx, `INSERT INTO dossier_events (dossier_id, at, actor_id, action, from_status, to_status, status_code, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, dossierID, at, actor, action, string(from), string(to), to.Code(), note)
	return err
}

// notifyApplicant enqueues a message to the applicant by e-mail and by SMS where known.
func (s *Store) notifyApplicant(ctx context.Context, tx *db.Tx, a Applicant, template string, data map[string]any) error {
	if a.Email != "" {
		if err := notify.Enqueue(ctx, tx, notify.Message{Channel: notify.Email, Recipient: a.Email, UserID: a.UserID,
			Template: template, Data: data}); err != nil {
			return err
		}
	}
	if a.Phone != "" {
		if err := notify.Enqueue(ctx, tx, notify.Message{Channel: notify.SMS, Recipient: a.Phone, UserID: a.UserID,
			Template: template, Data: data}); err != nil {
			return err
		}
	}
	return nil
}

// NotifyStatus tells the applicant of a status change; workflow steps call it in their
// transaction so every change notifies.
func (s *Store) NotifyStatus(ctx context.Context, tx *db.Tx, d *Dossier, to Status, note string) error {
	data := map[string]any{"Code": d.Code, "Procedure": d.ProcedureName, "Status": to.Label(i18n.VI), "Note": note,
		"DueAt": "", "TrackURL": s.links.TrackURL(d.Code), "Agency": d.AgencyName}
	if d.DueAt != nil {
		data["DueAt"] = d.DueAt.In(vnZone).Format("15:04 02/01/2006")
	}
	return s.notifyApplicant(ctx, tx, d.Applicant, "dossier_status", data)
}

// NotifyTemplate sends the applicant any dossier template inside tx.
func (s *Store) NotifyTemplate(ctx context.Context, tx *db.Tx, d *Dossier, template string, data map[string]any) error {
	return s.notifyApplicant(ctx, tx, d.Applicant, template, data)
}
