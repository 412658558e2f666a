package api

import (
	"encoding/json"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
)

// The API's answers about dossiers: the wire shape is the API's, built from the domain types.

type dossierJSON struct {
	Code             string           `json:"code"`
	ProcedureCode    string           `json:"procedure_code"`
	ProcedureName    string           `json:"procedure_name"`
	ProcedureVersion int              `json:"procedure_version"`
	AgencyCode       string           `json:"agency_code"`
	AgencyName       string           `json:"agency_name"`
	Channel          dossier.Channel  `json:"channel"`
	ResultDelivery   dossier.Delivery `json:"result_delivery"`
	DeliveryAddress  string           `json:"delivery_address,omitempty"`
	Status           dossier.Status   `json:"status"`
	StatusCode       int              `json:"status_code"`
	StatusLabel      string           `json:"status_label"`
	Applicant        applicantJSON    `json:"applicant"`
	Form             json.RawMessage  `json:"form,omitempty"`
	Attachments      []attachmentJSON `json:"attachments,omitempty"`
	SubmittedAt      time.Time        `json:"submitted_at"`
	ReceivedAt       *time.Time       `json:"received_at"`
	DueAt            *time.Time       `json:"due_at"`
	FinishedAt       *time.Time       `json:"finished_at,omitempty"`
	UpdatedAt        time.Time        `json:"updated_at"`
	AllowedActions   []string         `json:"allowed_actions"`
	Progress         *progressJSON    `json:"progress,omitempty"`
	History          []eventJSON      `json:"history,omitempty"`
}

type applicantJSON struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Address  string `json:"address,omitempty"`
}

type attachmentJSON struct {
	Component string    `json:"component"`
	File      string    `json:"file"`
	Name      string    `json:"name,omitempty"`
	Size      int64     `json:"size,omitempty"`
	Type      string    `json:"content_type,omitempty"`
	Kind      string    `json:"kind,omitempty"`
	AddedAt   time.Time `json:"added_at,omitzero"`
}

type eventJSON struct {
	At         time.Time      `json:"at"`
	Actor      string         `json:"actor,omitempty"`
	ActorName  string         `json:"actor_name,omitempty"`
	Action     string         `json:"action"`
	From       dossier.Status `json:"from,omitempty"`
	To         dossier.Status `json:"to"`
	StatusCode int            `json:"status_code"`
	Note       string         `json:"note,omitempty"`
}

type progressJSON struct {
	Step         string     `json:"step"`
	StepName     string     `json:"step_name"`
	StepDueAt    *time.Time `json:"step_due_at"`
	Assignee     string     `json:"assignee,omitempty"`
	AssigneeName string     `json:"assignee_name,omitempty"`
	SLA          string     `json:"sla"`
}

func dossierOut(d *dossier.Dossier) *dossierJSON {
	if d == nil {
		return nil
	}
	a := d.Applicant
	out := &dossierJSON{Code: d.Code, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
		ProcedureVersion: d.ProcedureVersion, AgencyCode: d.AgencyCode, AgencyName: d.AgencyName, Channel: d.Channel,
		ResultDelivery: d.Delivery, DeliveryAddress: d.DeliveryAddress,
		Status: d.Status, StatusCode: d.StatusCode, StatusLabel: d.Status.Label(i18n.VI),
		Applicant: applicantJSON{Name: a.Name, IDNumber: a.IDNumber, Phone: a.Phone, Email: a.Email, Address: a.Address},
		Form:      d.Form, SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, FinishedAt: d.FinishedAt,
		UpdatedAt: d.UpdatedAt, AllowedActions: d.AllowedActions}
	if out.AllowedActions == nil {
		out.AllowedActions = []string{}
	}
	if d.Attachments != nil {
		out.Attachments = make([]attachmentJSON, len(d.Attachments))
		for i, x := range d.Attachments {
			out.Attachments[i] = attachmentJSON{Component: x.Component, File: x.File, Name: x.Name, Size: x.Size, Type: x.Type,
				Kind: x.Kind, AddedAt: x.AddedAt}
		}
	}
	if p := d.Progress; p != nil {
		out.Progress = &progressJSON{Step: p.Step, StepName: p.StepName, StepDueAt: p.StepDueAt, Assignee: p.Assignee,
			AssigneeName: p.AssigneeName, SLA: p.SLA}
	}
	if d.History != nil {
		out.History = make([]eventJSON, len(d.History))
		for i, e := range d.History {
			out.History[i] = eventJSON{At: e.At, Actor: e.Actor, ActorName: e.ActorName, Action: e.Action, From: e.From, To: e.To,
				StatusCode: e.StatusCode, Note: e.Note}
		}
	}
	return out
}

func dossiersOut(ds []*dossier.Dossier) []*dossierJSON {
	out := make([]*dossierJSON, len(ds))
	for i, d := range ds {
		out[i] = dossierOut(d)
	}
	return out
}

type trackingJSON struct {
	Code        string         `json:"code"`
	Procedure   string         `json:"procedure_name"`
	Agency      string         `json:"agency_name"`
	Status      dossier.Status `json:"status"`
	StatusCode  int            `json:"status_code"`
	StatusLabel string         `json:"status_label"`
	SubmittedAt time.Time      `json:"submitted_at"`
	ReceivedAt  *time.Time     `json:"received_at"`
	DueAt       *time.Time     `json:"due_at"`
	FinishedAt  *time.Time     `json:"finished_at,omitempty"`
	Details     *dossierJSON   `json:"details,omitempty"`
}

func trackingOut(t *dossier.Tracking) *trackingJSON {
	return &trackingJSON{Code: t.Code, Procedure: t.Procedure, Agency: t.Agency, Status: t.Status, StatusCode: t.StatusCode,
		StatusLabel: t.Status.Label(i18n.VI), SubmittedAt: t.SubmittedAt, ReceivedAt: t.ReceivedAt, DueAt: t.DueAt,
		FinishedAt: t.FinishedAt, Details: dossierOut(t.Details)}
}
