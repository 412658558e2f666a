package esign

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/paperwork"
)

// DefaultReceiptTemplate is the template symbol printed when the ledger gives none: form 01 of
// receipts of fees and charges without face value (Circular 78/2021/TT-BTC Art. 6); each
// collecting agency registers its own symbols with its tax authority.
const DefaultReceiptTemplate = "01BLP0-001"

// ReceiptInput is a payment to give an e-receipt for, as the ledger knows it.
type ReceiptInput struct {
	PaymentID   string // the ledger's payment: one receipt per payment; printed as the reference when Reference is empty
	Reference   string // the gateway's or bank's transaction reference
	AgencyCode  string // the collecting agency, whose key signs
	DossierCode string // the dossier paid for, if any
	Template    string // ký hiệu mẫu; DefaultReceiptTemplate when empty
	Symbol      string // ký hiệu biên lai, as registered by the agency; "MC" + the year's two digits + "E" when empty
	Number      int64  // số biên lai: the ledger's sequence, consecutive per agency and symbol (Decree 123/2020 Art. 32)
	TaxCode     string // the agency's tax code, when it has one
	Payer       Payer
	Items       []paperwork.FeeItem
	TotalVND    int64
	Method      string // e.g. "Thanh toán trực tuyến qua VNPay"
	PaidAt      time.Time
}

// Payer is who paid: the receipt is kept in their account.
type Payer struct {
	UserID        int64
	Name, Address string
}

// Receipt renders, signs and registers the e-receipt of a payment (kind receipt), kept in the
// payer's documents; a payment that already has a receipt not revoked gets that one back, so
// a retried call issues nothing twice.
func (s *Store) Receipt(ctx context.Context, in ReceiptInput) (*Document, error) {
	if in.PaymentID == "" {
		return nil, apperr.Invalid("invalid_receipt", msgs.Text("invalid_receipt"), apperr.Field("payment_id", msgs.Text("invalid_receipt")))
	}
	if in.Payer.UserID == 0 {
		return nil, apperr.Invalid("invalid_receipt", msgs.Text("invalid_receipt"), apperr.Field("payer.user_id", msgs.Text("receipt_needs_payer")))
	}
	if d, err := s.receiptOf(ctx, s.db, in.PaymentID); !errors.Is(err, errNotIssued) {
		return d, err
	}
	agency, err := s.org.Agency(ctx, in.AgencyCode)
	if err != nil {
		return nil, err
	}
	paid := in.PaidAt
	serial := NewSerial()
	parent := ""
	if agency.ParentCode != "" {
		if p, err := s.org.Agency(ctx, agency.ParentCode); err == nil {
			parent = strings.ToUpper(p.Name)
		}
	}
	place := s.place(ctx, agency.Code)
	pdf, err := paperwork.FeeReceiptPDF(paperwork.FeeReceipt{
		Template:     cmp.Or(in.Template, DefaultReceiptTemplate),
		Symbol:       cmp.Or(in.Symbol, fmt.Sprintf("MC%02dE", paid.Year()%100)),
		Number:       fmt.Sprintf("%07d", in.Number),
		ParentAgency: parent, Agency: agency.Name, Place: place, AgencyTaxCode: in.TaxCode,
		PayerName: in.Payer.Name, PayerAddress: in.Payer.Address, Dossier: in.DossierCode,
		Fees: in.Items, TotalVND: in.TotalVND, Method: in.Method, Reference: cmp.Or(in.Reference, in.PaymentID), PaidAt: paid,
		VerifyURL: s.VerifyURL(serial)})
	if err != nil {
		return nil, err
	}
	at := s.now()
	signed, err := s.Seal(ctx, agency, pdf, SignInfo{Name: agency.Name, Reason: "Biên lai thu phí, lệ phí " + in.PaymentID,
		Location: place, Contact: s.VerifyURL(serial)}, at)
	if err != nil {
		return nil, fmt.Errorf("esign: receipt of %s: %w", in.PaymentID, err)
	}
	f, err := s.dossiers.Prepare(ctx, &org.User{ID: in.Payer.UserID}, "bien-lai-"+in.PaymentID+".pdf", bytes.NewReader(signed))
	if err != nil {
		return nil, err
	}
	var dossierID int64
	if in.DossierCode != "" {
		if err := s.db.QueryRow(ctx, `SELECT id FROM dossiers WHERE code = ?`, in.DossierCode).Scan(&dossierID); err != nil {
			return nil, fmt.Errorf("esign: receipt's dossier %s: %w", in.DossierCode, err)
		}
	}
	var out *Document
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// Checked again under the write: two calls at once issue one receipt.
		if d, err := s.receiptOf(ctx, tx, in.PaymentID); !errors.Is(err, errNotIssued) {
			out = d
			return err
		}
		if err := s.dossiers.Record(ctx, tx, f); err != nil {
			return err
		}
		return Register(ctx, tx, Issue{Serial: serial, Kind: KindReceipt, DossierID: dossierID, Reference: in.PaymentID,
			AgencyID: agency.ID, File: f, IssuedAt: at})
	})
	if err != nil || out != nil {
		return out, err
	}
	return s.BySerial(ctx, serial)
}

func (s *Store) receiptOf(ctx context.Context, q db.Querier, paymentID string) (*Document, error) {
	return s.one(ctx, q, `i.kind = 'receipt' AND i.reference = ? AND i.revoked_at IS NULL ORDER BY i.issued_at DESC LIMIT 1`, paymentID)
}

// ReceiptOf returns the e-receipt of a payment, not revoked; Open reads it for the payer, the
// collecting agency's officers and administrators.
func (s *Store) ReceiptOf(ctx context.Context, paymentID string) (*Document, error) {
	return s.receiptOf(ctx, s.db, paymentID)
}
