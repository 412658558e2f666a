package workflow

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/paperwork"
)

// paperHeader is what every form of a dossier prints at its head.
type paperHeader struct {
	parent, agency string
	place          string // for the date line: the agency's province, from the organisation tree
	proc           *catalog.Procedure
}

func (s *Store) header(ctx context.Context, d *dossier.Dossier) (*paperHeader, error) {
	a, err := s.org.Agency(ctx, d.AgencyCode)
	if err != nil {
		return nil, err
	}
	h := &paperHeader{agency: strings.ToUpper(a.Name)}
	if a.ParentCode != "" {
		if p, err := s.org.Agency(ctx, a.ParentCode); err == nil {
			h.parent = strings.ToUpper(p.Name)
		}
	}
	if p, err := s.org.ProvinceOf(ctx, a.Code); err == nil {
		h.place = p.Name
	} // else the form prints dots for the place, to be written by hand
	if h.proc, err = s.catalog.Current(ctx, d.ProcedureCode); err != nil {
		return nil, err
	}
	return h, nil
}

// returnAt is where the receipt says the result is returned: the applicant's choice of delivery
// (the counter is the form's default line, "Bộ phận tiếp nhận và trả kết quả, <agency>").
func returnAt(d *dossier.Dossier) string {
	switch d.Delivery {
	case dossier.DeliveryOnline:
		return d.Delivery.Label(i18n.VI)
	case dossier.DeliveryPost:
		return d.Delivery.Label(i18n.VI) + ": " + d.DeliveryAddress
	}
	return ""
}

// ReceiptPDF prints the receipt and appointment slip (Mẫu 01, Circular 01/2018; Decree 61/2018
// Art. 17) of a received dossier, for its applicant or an officer of its agency.
func (s *Store) ReceiptPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if !Issued(d, FormReceipt) {
		return nil, apperr.New(apperr.KindConflict, "not_received", msgs.Text("not_received"))
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	r := paperwork.Receipt{ParentAgency: h.parent, Agency: h.agency, Place: h.place, Code: d.Code, Procedure: h.proc.Name,
		ApplicantName: d.Applicant.Name, ApplicantAddress: d.Applicant.Address, ApplicantPhone: contact.National(d.Applicant.Phone),
		ApplicantEmail: d.Applicant.Email, ReceivedAt: *d.ReceivedAt, ReturnAt: returnAt(d), TrackURL: s.links.TrackURL(d.Code)}
	if d.DueAt != nil {
		r.DueAt = *d.DueAt
	} else {
		r.DueAt = *d.ReceivedAt
		r.ProcessingText = "chưa công bố (xem thông báo của cơ quan)"
	}
	switch {
	case h.proc.ProcessingDays != nil:
		r.ProcessingDays = *h.proc.ProcessingDays
	case h.proc.ProcessingTimeText != "" && r.ProcessingText == "":
		r.ProcessingText = h.proc.ProcessingTimeText
	}
	names := map[string]catalog.Component{}
	for _, c := range h.proc.Components {
		names[c.ID] = c
	}
	for _, a := range d.Attachments {
		if a.Kind != "submission" && a.Kind != "supplement" {
			continue
		}
		c, ok := names[a.Component]
		item := paperwork.Item{Name: a.Name, Copies: 1}
		if ok {
			item = paperwork.Item{Name: c.Name, Originals: c.Originals, Copies: c.Copies}
		}
		r.Items = append(r.Items, item)
	}
	for _, e := range d.History {
		if e.Action == Receive {
			r.Officer = e.ActorName
		}
	}
	return paperwork.ReceiptPDF(r)
}

// Form is one of the legal forms of a dossier (Circular 01/2018 Art. 9).
type Form string

const (
	FormReceipt    Form = "receipt"    // Mẫu 01: receipt and appointment
	FormSupplement Form = "supplement" // Mẫu 02: supplement request
	FormRefusal    Form = "refusal"    // Mẫu 03: refusal, at reception or at settlement
	FormApology    Form = "apology"    // Mẫu 04: apology and new date
	FormControl    Form = "control"    // Mẫu 05: process control slip, kept within the agency
)

// Issued reports whether form f has been issued for d. The pages that link the forms and the
// functions that print them both ask this.
func Issued(d *dossier.Dossier, f Form) bool {
	switch f {
	case FormReceipt, FormControl:
		return d.ReceivedAt != nil
	case FormSupplement:
		return lastEvent(d, RequestSupplement) != nil
	case FormRefusal:
		return d.Status == dossier.StatusRejected && lastEvent(d, RejectReception) != nil ||
			d.Status == dossier.StatusRefused && lastEvent(d, Refuse) != nil
	case FormApology:
		return lastEvent(d, Extend) != nil && d.OriginalDueAt != nil && d.DueAt != nil && d.ReceivedAt != nil
	}
	return false
}

// MayPrint reports whether viewer may print form f of d once issued: the control slip records
// the hand-overs within the agency, so only the agency's officers print it.
func MayPrint(viewer *org.User, d *dossier.Dossier, f Form) bool {
	return f != FormControl || dossier.Whole(viewer, d)
}

// lastEvent returns the newest history event of an action, if any.
func lastEvent(d *dossier.Dossier, action string) *dossier.Event {
	for i := len(d.History) - 1; i >= 0; i-- {
		if d.History[i].Action == action {
			return &d.History[i]
		}
	}
	return nil
}

func notIssued(msg i18n.Text) error {
	return apperr.New(apperr.KindConflict, "form_not_issued", msg)
}

// lines splits a note into its items: one per line, or the whole note.
func lines(note string) []string {
	var out []string
	for _, l := range strings.Split(note, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-•*")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SupplementPDF prints the supplement request (Mẫu 02) of a dossier that received one.
func (s *Store) SupplementPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	e := lastEvent(d, RequestSupplement)
	if !Issued(d, FormSupplement) {
		return nil, notIssued(msgs.Text("no_supplement_was_requested_for_dossier"))
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	received := d.SubmittedAt
	if d.ReceivedAt != nil && d.ReceivedAt.Before(e.At) {
		received = *d.ReceivedAt
	}
	return paperwork.SupplementPDF(paperwork.SupplementRequest{ParentAgency: h.parent, Agency: h.agency, Place: h.place,
		Code: d.Code, Procedure: h.proc.Name, ApplicantName: d.Applicant.Name, ReceivedAt: received, RequestedAt: e.At,
		Items: lines(e.Note), Reason: "Hồ sơ chưa đầy đủ, hợp lệ theo quy định.", Officer: e.ActorName,
		TrackURL: s.links.TrackURL(d.Code)})
}

// RefusalPDF prints the refusal (Mẫu 03) of a dossier refused at reception or at settlement.
func (s *Store) RefusalPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	stage, action := paperwork.AtSettlement, Refuse
	if d.Status == dossier.StatusRejected {
		stage, action = paperwork.AtReception, RejectReception
	}
	e := lastEvent(d, action)
	if !Issued(d, FormRefusal) {
		return nil, notIssued(msgs.Text("dossier_was_not_refused"))
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	return paperwork.RefusalPDF(paperwork.Refusal{ParentAgency: h.parent, Agency: h.agency, Place: h.place, Code: d.Code,
		Procedure: h.proc.Name, ApplicantName: d.Applicant.Name, At: e.At, Reasons: lines(e.Note), Stage: stage,
		Officer: e.ActorName, TrackURL: s.links.TrackURL(d.Code)})
}

// ApologyPDF prints the apology and new date (Mẫu 04) of a dossier whose date was moved.
func (s *Store) ApologyPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	e := lastEvent(d, Extend)
	if !Issued(d, FormApology) {
		return nil, notIssued(msgs.Text("return_date_of_dossier_was_not"))
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	return paperwork.ApologyPDF(paperwork.Apology{ParentAgency: h.parent, Agency: h.agency, Place: h.place, Code: d.Code,
		Procedure: h.proc.Name, ApplicantName: d.Applicant.Name, ReceivedAt: *d.ReceivedAt, DueAt: *d.OriginalDueAt,
		NewDueAt: *d.DueAt, Reason: e.Note, At: e.At, Signer: paperwork.Signatory{Name: e.ActorName, Title: "THỦ TRƯỞNG CƠ QUAN"},
		TrackURL: s.links.TrackURL(d.Code)})
}

// ControlSlipPDF prints the process control slip (Mẫu 05): each hand-over of the dossier between
// units and officers, with its deadline and whether it was early, on time or late.
func (s *Store) ControlSlipPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	slip, err := s.controlSlip(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	return paperwork.ControlSlipPDF(*slip)
}

// ControlSlipXLSX is the control slip as a spreadsheet.
func (s *Store) ControlSlipXLSX(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	slip, err := s.controlSlip(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	return paperwork.ControlSlipXLSX(*slip)
}

// controlSlip assembles Mẫu 05 from the dossier's step log.
func (s *Store) controlSlip(ctx context.Context, actor *org.User, code string) (*paperwork.ControlSlip, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if !MayPrint(actor, d, FormControl) {
		return nil, apperr.NotFound("dossier", msgs.Text("dossier_not_found"))
	}
	if !Issued(d, FormControl) {
		return nil, notIssued(msgs.Text("dossier_has_not_been_received"))
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	def, _, err := s.processOf(ctx, s.db, d)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT s.step, COALESCE(u.full_name, ''), s.started_at, s.due_at, s.ended_at
		FROM dossier_steps s LEFT JOIN users u ON u.id = s.assignee_id WHERE s.dossier_id = ? ORDER BY s.id`, d.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	slip := paperwork.ControlSlip{ParentAgency: h.parent, Agency: h.agency, Place: h.place, Code: d.Code, Procedure: h.proc.Name,
		ApplicantName: d.Applicant.Name, ReceivedAt: *d.ReceivedAt, Handler: d.AgencyName}
	if d.DueAt != nil {
		slip.DueAt = *d.DueAt
	} else {
		slip.DueAt = *d.ReceivedAt
	}
	from := "Bộ phận Một cửa"
	for rows.Next() {
		var step, who string
		var at time.Time
		var due, ended sql.NullTime
		if err := rows.Scan(&step, &who, &at, &due, &ended); err != nil {
			return nil, err
		}
		to := step
		if st := def.Step(step); st != nil {
			to = st.Name
		}
		if who != "" {
			to += " – " + who
		}
		cs := paperwork.ControlStep{From: from, To: to, At: at}
		if due.Valid {
			cs.Due = due.Time
			if ended.Valid {
				switch {
				case ended.Time.After(due.Time):
					cs.Result = paperwork.Late
				case due.Time.Sub(ended.Time) > 24*time.Hour:
					cs.Result = paperwork.Early
				default:
					cs.Result = paperwork.OnTime
				}
			}
		}
		slip.Steps = append(slip.Steps, cs)
		from = to
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return &slip, nil
}

// Register returns the register (Mẫu 06) of the dossiers the officer's agency received in
// [from, to], as PDF or XLSX.
func (s *Store) Register(ctx context.Context, actor *org.User, from, to time.Time, format string) ([]byte, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.Role.Officer() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.register_is_for_officers"))
	}
	a, err := s.org.Agency(ctx, actor.AgencyCode)
	if err != nil {
		return nil, err
	}
	reg := paperwork.Register{Agency: strings.ToUpper(a.Name), From: from, To: to}
	if a.ParentCode != "" {
		if p, err := s.org.Agency(ctx, a.ParentCode); err == nil {
			reg.ParentAgency = strings.ToUpper(p.Name)
		}
	}
	rows, err := s.db.Query(ctx, `SELECT d.code, d.procedure_code, d.applicant_name, d.applicant_address, d.applicant_phone,
		d.received_at, d.due_at, d.finished_at, d.status FROM dossiers d
		WHERE d.agency_id = ? AND d.received_at >= ? AND d.received_at < ? ORDER BY d.received_at LIMIT 100000`,
		actor.AgencyID, from, to.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r paperwork.RegisterRow
		var proc, status string
		var due, fin sql.NullTime
		if err := rows.Scan(&r.Code, &proc, &r.ApplicantName, &r.Address, &r.Phone, &r.ReceivedAt, &due, &fin, &status); err != nil {
			return nil, err
		}
		r.Procedure = proc
		if p, err := s.catalog.Current(ctx, proc); err == nil {
			r.Procedure = p.Name
		}
		r.DueAt = r.ReceivedAt
		if due.Valid {
			r.DueAt = due.Time
		}
		if fin.Valid && dossier.Status(status) == dossier.StatusReturned {
			r.ReturnedAt = fin.Time
			switch {
			case fin.Time.After(r.DueAt):
				r.Result = paperwork.Late
			case r.DueAt.Sub(fin.Time) > 24*time.Hour:
				r.Result = paperwork.Early
			default:
				r.Result = paperwork.OnTime
			}
		}
		r.Note = dossier.Status(status).Label(i18n.VI)
		reg.Rows = append(reg.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if format == "xlsx" {
		return paperwork.RegisterXLSX(reg)
	}
	return paperwork.RegisterPDF(reg)
}

// ResultNotice makes the electronic result notice of an approved dossier, unsigned; the demo
// city returns it as the result document when nothing signs it.
func (s *Store) ResultNotice(ctx context.Context, d *dossier.Dossier) (*ResultDocument, error) {
	name, b, err := s.ResultNoticePDF(ctx, d, "")
	if err != nil {
		return nil, err
	}
	return &ResultDocument{Name: name, Content: b}, nil
}

// ResultNoticePDF lays out the result notice of an approved dossier. With verifyURL (a signed
// result's public verification page) its QR code points there and it says it is signed
// electronically; otherwise the QR code tracks the dossier.
func (s *Store) ResultNoticePDF(ctx context.Context, d *dossier.Dossier, verifyURL string) (string, []byte, error) {
	h, err := s.header(ctx, d)
	if err != nil {
		return "", nil, err
	}
	received := d.SubmittedAt
	if d.ReceivedAt != nil {
		received = *d.ReceivedAt
	}
	outcome := "Đồng ý giải quyết hồ sơ"
	if h.proc.Result != "" {
		outcome = "Đồng ý giải quyết; kết quả: " + h.proc.Result
	}
	b, err := paperwork.ResultPDF(paperwork.Result{ParentAgency: h.parent, Agency: h.agency, Place: h.place, Code: d.Code,
		Procedure: h.proc.Name, ApplicantName: d.Applicant.Name, ReceivedAt: received, DecidedAt: s.now(),
		Outcome: outcome,
		Note:    "Văn bản điện tử sinh tự động từ mẫu của thành phố thử nghiệm (dữ liệu mẫu), không có giá trị pháp lý.",
		Signer:  paperwork.Signatory{Title: "THỦ TRƯỞNG CƠ QUAN"}, TrackURL: s.links.TrackURL(d.Code), VerifyURL: verifyURL})
	return "ket-qua-" + d.Code + ".pdf", b, err
}
