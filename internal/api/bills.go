package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// billerJSON is a biller of CONTRACT.md "Bills"; sample_customer only in demo mode.
type billerJSON struct {
	Code            string `json:"code"`
	Name            string `json:"name"`
	Category        string `json:"category"`
	CustomerLabel   string `json:"customer_label"`
	CustomerHint    string `json:"customer_hint"`
	CustomerPattern string `json:"customer_pattern"`
	SampleCustomer  string `json:"sample_customer,omitempty"`
}

type billJSON struct {
	ID          string  `json:"id"`
	AmountVND   int64   `json:"amount_vnd"`
	Period      string  `json:"period"`
	DueOn       string  `json:"due_on"`
	Status      string  `json:"status"`
	Biller      string  `json:"biller"`
	Customer    string  `json:"customer"`
	Description string  `json:"description"`
	PaidAt      *string `json:"paid_at,omitempty"`
}

type savedJSON struct {
	Biller    string `json:"biller"`
	Customer  string `json:"customer"`
	Label     string `json:"label"`
	CreatedAt string `json:"created_at"`
}

type complaintJSON struct {
	ID        int64  `json:"id"`
	Bill      string `json:"bill"`
	Ticket    string `json:"ticket"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
}

func rfc3339(t time.Time) string { return t.In(vntime.Location()).Format(time.RFC3339) }

// listBillers is public: every biller, with a sample customer code in demo mode.
func (h *Handler) listBillers(w http.ResponseWriter, r *http.Request) {
	samples, err := h.bills.Samples(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	l := lang(r)
	var out []billerJSON
	for _, in := range h.bills.Registry().Billers() {
		out = append(out, billerJSON{Code: in.Code, Name: in.Name, Category: string(in.Category), CustomerLabel: in.CustomerLabel.In(l),
			CustomerHint: in.CustomerHint.In(l), CustomerPattern: in.Pattern.String(), SampleCustomer: samples[in.Code]})
	}
	res, _ := listOf(out, nil)
	writeJSON(w, http.StatusOK, res)
}

var listBills = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	q := r.URL.Query()
	biller := q.Get("biller")
	if biller == "" {
		return nil, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("biller", msgs.Text("biller_required")))
	}
	bs, err := h.bills.Fetch(r.Context(), u, biller, q.Get("customer"))
	if err != nil {
		return nil, err
	}
	out := make([]billJSON, len(bs))
	for i, b := range bs {
		out[i] = billJSON{ID: b.ID, AmountVND: b.AmountVND, Period: b.Period, DueOn: b.DueOn, Status: string(b.Status), Biller: b.Biller,
			Customer: b.Customer, Description: b.Description}
		if b.PaidAt != nil {
			s := rfc3339(*b.PaidAt)
			out[i].PaidAt = &s
		}
	}
	return listOf(out, nil)
})

func savedOut(v bills.Saved) savedJSON {
	return savedJSON{Biller: v.Biller, Customer: v.Customer, Label: v.Label, CreatedAt: rfc3339(v.CreatedAt)}
}

var listSaved = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	vs, err := h.bills.Saved(r.Context(), u)
	out := make([]savedJSON, len(vs))
	for i, v := range vs {
		out[i] = savedOut(v)
	}
	return listOf(out, err)
})

type saveInput struct {
	Biller   string `json:"biller"`
	Customer string `json:"customer"`
	Label    string `json:"label"`
}

var saveCustomer = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in saveInput) (any, error) {
	v, err := h.bills.Save(r.Context(), u, in.Biller, in.Customer, in.Label)
	if err != nil {
		return nil, err
	}
	return savedOut(*v), nil
})

func (h *Handler) forgetCustomer(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err == nil {
		err = h.bills.Forget(r.Context(), u, r.PathValue("biller"), r.PathValue("customer"))
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type complaintInput struct {
	Text string `json:"text"`
}

var complainBill = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in complaintInput) (any, error) {
	t, err := h.bills.Complain(r.Context(), u, r.PathValue("id"), in.Text)
	if err != nil {
		return nil, err
	}
	return complaintJSON{ID: t.ID, Bill: t.Bill, Ticket: t.Ticket, Status: t.Status, CreatedAt: rfc3339(t.CreatedAt)}, nil
})

// lang is the caller's language for texts that are not errors.
func lang(r *http.Request) i18n.Lang {
	if english(r) {
		return i18n.EN
	}
	return i18n.VI
}
