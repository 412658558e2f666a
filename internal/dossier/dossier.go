// Package dossier holds applications (hồ sơ): the files citizens upload, dossiers submitted
// online or registered at the counter or by post, their codes (Circular 01/2018 Art. 19), drafts,
// the citizen's document store (once-only, Decree 45/2020), public tracking, and the history
// every later step appends to.
package dossier

import (
	"encoding/json"
	"time"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntime"
)

var vnZone = vntime.Location()

// Status is where a dossier stands.
type Status string

// Statuses and their national sync codes (TT 22/2019/TT-BTTTT; the codes every one-stop system
// sends to the national portal, egov.md §2).
const (
	StatusSubmitted  Status = "submitted"            // 1 Mới đăng ký
	StatusReceived   Status = "received"             // 2 Được tiếp nhận
	StatusRejected   Status = "rejected"             // 3 Không được tiếp nhận
	StatusProcessing Status = "processing"           // 4 Đang xử lý
	StatusSupplement Status = "supplement_requested" // 5 Yêu cầu bổ sung giấy tờ
	StatusPayment    Status = "awaiting_payment"     // 6 Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn  Status = "withdrawn"            // 7 Công dân yêu cầu rút hồ sơ
	StatusStopped    Status = "stopped"              // 8 Dừng xử lý
	StatusRefused    Status = "refused"              // 8 Dừng xử lý: settlement refused (Mẫu 03)
	StatusDone       Status = "done"                 // 9 Đã xử lý xong
	StatusReturned   Status = "returned"             // 10 Đã trả kết quả
)

// Code is the national sync code (1–10) of a status.
func (s Status) Code() int { return statusCodes[s] }

// Label is the status as a person reads it, from the catalog's status.NAME.
func (s Status) Label(l i18n.Lang) string { return msgs.T(l, "status."+string(s)) }

var statusCodes = map[Status]int{
	StatusSubmitted:  1,
	StatusReceived:   2,
	StatusRejected:   3,
	StatusProcessing: 4,
	StatusSupplement: 5,
	StatusPayment:    6,
	StatusWithdrawn:  7,
	StatusStopped:    8,
	StatusRefused:    8,
	StatusDone:       9,
	StatusReturned:   10,
}

// Channel is how a dossier reached the agency (KenhThucHien: 1 in person, 2 online, 3 post).
type Channel string

const (
	ChannelOnline  Channel = "online"
	ChannelCounter Channel = "counter"
	ChannelPost    Channel = "post"
)

// Applicant is who the dossier is for.
type Applicant struct {
	UserID   int64
	Name     string
	IDNumber string // CCCD
	Phone    string
	Email    string
	Address  string
}

// Attachment is a file given for one component of the dossier.
type Attachment struct {
	Component string
	File      string
	Name      string
	Size      int64
	Type      string
	Kind      string // submission | supplement | result | internal
	AddedAt   time.Time
}

// Event is one step of a dossier's history.
type Event struct {
	At         time.Time
	Actor      string
	ActorName  string
	Action     string
	From       Status
	To         Status
	StatusCode int
	Note       string
}

// Dossier is one application (hồ sơ).
type Dossier struct {
	ID               int64
	Code             string
	ProcedureCode    string
	ProcedureName    string
	ProcedureVersion int
	AgencyID         int64
	AgencyCode       string
	AgencyName       string
	Channel          Channel
	Delivery         Delivery // how the applicant receives the result
	DeliveryAddress  string   // where, for a postal delivery
	Status           Status
	StatusCode       int
	Applicant        Applicant
	Form             json.RawMessage
	Attachments      []Attachment
	SubmittedAt      time.Time
	ReceivedAt       *time.Time
	DueAt            *time.Time
	FinishedAt       *time.Time
	OriginalDueAt    *time.Time // the due date before its one extension
	UpdatedAt        time.Time
	CreatedBy        int64
	// AllowedActions are the workflow actions the caller may take now; filled by the workflow.
	AllowedActions []string
	// Progress is where the dossier stands in its process, for officers; filled by the workflow.
	Progress *Progress
	History  []Event
}

// Progress is a dossier's place in its process.
type Progress struct {
	Step         string
	StepName     string
	StepDueAt    *time.Time
	Assignee     string // username
	AssigneeName string
	SLA          string // ok | due_soon | overdue
}

// localize puts every time in Asia/Ho_Chi_Minh, the zone every edge shows.
func (d *Dossier) localize() {
	d.SubmittedAt = d.SubmittedAt.In(vnZone)
	d.UpdatedAt = d.UpdatedAt.In(vnZone)
	for _, t := range []**time.Time{&d.ReceivedAt, &d.DueAt, &d.FinishedAt, &d.OriginalDueAt} {
		if *t != nil {
			v := (*t).In(vnZone)
			*t = &v
		}
	}
	for i := range d.History {
		d.History[i].At = d.History[i].At.In(vnZone)
	}
	for i := range d.Attachments {
		d.Attachments[i].AddedAt = d.Attachments[i].AddedAt.In(vnZone)
	}
}
