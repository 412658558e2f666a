package workflow

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/paperwork"
)

// paperHeader is what every form of a dossier prints at its head.
type paperHeader struct {
	parent, agency string
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
	if h.proc, err = s.catalog.Current(ctx, d.ProcedureCode); err != nil {
		return nil, err
	}
	return h, nil
}

// ReceiptPDF prints the receipt and appointment slip (Mẫu 01, Circular 01/2018; Decree 61/2018
// Art. 17) of a received dossier, for its applicant or an officer of its agency.
func (s *Store) ReceiptPDF(ctx context.Context, actor *org.User, code string) ([]byte, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if d.ReceivedAt == nil {
		return nil, apperr.New(apperr.KindConflict, "not_received", "Hồ sơ chưa được tiếp nhận; chưa có giấy hẹn.",
			"The dossier has not been received; there is no receipt yet.")
	}
	h, err := s.header(ctx, d)
	if err != nil {
		return nil, err
	}
	r := paperwork.Receipt{ParentAgency: h.parent, Agency: h.agency, Place: "Hà Nội", Code: d.Code, Procedure: h.proc.Name,
		ApplicantName: d.Applicant.Name, ApplicantAddress: d.Applicant.Address, ApplicantPhone: d.Applicant.Phone,
		ApplicantEmail: d.Applicant.Email, ReceivedAt: *d.ReceivedAt, ReturnAt: d.AgencyName + " hoặc trực tuyến",
		TrackURL: s.dossiers.TrackURL(d.Code)}
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
