package dossier_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
)

// withApplicant sets the requester's details in an application's form.
func withApplicant(t *testing.T, in dossier.SubmitInput, details map[string]any) dossier.SubmitInput {
	t.Helper()
	var form map[string]any
	if err := json.Unmarshal(in.Form, &form); err != nil {
		t.Fatal(err)
	}
	g, _ := form["nguoi_yeu_cau"].(map[string]any)
	for k, v := range details {
		g[k] = v
	}
	b, err := json.Marshal(form)
	if err != nil {
		t.Fatal(err)
	}
	in.Form = b
	return in
}

// Issue 11: the phone and CCCD typed into the application unlock its tracking, and the dossier
// records them for a citizen whose account has none (the receipt prints them).
func TestTrackWithApplicationDetails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		// congdan2's account has no phone or e-mail.
		in := withApplicant(t, f.application(t, f.other), map[string]any{"dien_thoai": "0987654321", "so_dinh_danh": "001090000123"})
		out, err := f.s.Submit(ctx, f.other, in, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, proof := range []string{"0987 654 321", "+84987654321", "001090000123"} {
			if tr, err := f.s.Track(ctx, out.Code, proof); err != nil || tr.Details == nil {
				t.Errorf("Track(%q) gave no details (%v)", proof, err)
			}
		}
		for _, proof := range []string{"0912345678", "001090000124", "0987654320"} {
			if tr, err := f.s.Track(ctx, out.Code, proof); err != nil || tr.Details != nil {
				t.Errorf("Track(%q) gave details (%v)", proof, err)
			}
		}
		got, err := f.s.Get(ctx, f.other, out.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Applicant.Phone != "+84987654321" || got.Applicant.IDNumber != "001090000123" {
			t.Errorf("applicant = %+v; want the form's phone and ID number", got.Applicant)
		}

		// The account's phone stays the contact, and the form's still unlocks tracking.
		in = withApplicant(t, f.application(t, f.citizen), map[string]any{"dien_thoai": "0977000111"})
		out, err = f.s.Submit(ctx, f.citizen, in, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, proof := range []string{"0912345678", "0977000111"} {
			if tr, err := f.s.Track(ctx, out.Code, proof); err != nil || tr.Details == nil {
				t.Errorf("Track(%q) gave no details (%v)", proof, err)
			}
		}
		if got, _ := f.s.Get(ctx, f.citizen, out.Code); got.Applicant.Phone != "+84912345678" {
			t.Errorf("phone = %q; want the account's", got.Applicant.Phone)
		}
	})
}

// Issue 11: the applicant chooses how to receive the result among the procedure's channels;
// public post needs an address; the choice is kept on the dossier and its draft.
func TestResultDelivery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.citizen)

		out, err := f.s.Submit(ctx, f.citizen, in, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, f.citizen, out.Code); got.Delivery != dossier.DeliveryOnline || out.Delivery != dossier.DeliveryOnline {
			t.Errorf("default delivery = %q, %q; want online", got.Delivery, out.Delivery)
		}

		post := in
		post.Delivery = dossier.DeliveryPost
		_, err = f.s.Submit(ctx, f.citizen, post, "")
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Path != "delivery_address" {
			t.Fatalf("post without address: %v; want a delivery_address error", err)
		}
		post.DeliveryAddress = "  12 Hàng Bạc,  phường Hoàn Kiếm, Hà Nội "
		out, err = f.s.Submit(ctx, f.citizen, post, "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Get(ctx, f.officer, out.Code)
		if err != nil || got.Delivery != dossier.DeliveryPost || got.DeliveryAddress != "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội" {
			t.Errorf("post: %q %q %v", got.Delivery, got.DeliveryAddress, err)
		}

		counter := in
		counter.Delivery, counter.DeliveryAddress = dossier.DeliveryCounter, "ignored"
		out, err = f.s.Submit(ctx, f.citizen, counter, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, f.citizen, out.Code); got.Delivery != dossier.DeliveryCounter || got.DeliveryAddress != "" {
			t.Errorf("counter: %q %q", got.Delivery, got.DeliveryAddress)
		}

		bad := in
		bad.Delivery = "pigeon"
		if _, err := f.s.Submit(ctx, f.citizen, bad, ""); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("unknown delivery: %v; want 422", err)
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", bad); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("draft with unknown delivery: %v; want 422", err)
		}

		// A draft keeps the choice, and its submission files it.
		dr, err := f.s.SaveDraft(ctx, f.citizen, "", post)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := f.s.Draft(ctx, f.citizen, dr.ID); again.Delivery != dossier.DeliveryPost || again.DeliveryAddress == "" {
			t.Errorf("draft = %+v", again)
		}
		out, err = f.s.SubmitDraft(ctx, f.citizen, dr.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, f.citizen, out.Code); got.Delivery != dossier.DeliveryPost {
			t.Errorf("submitted draft: delivery %q", got.Delivery)
		}
	})
}

// A paper dossier's result goes back at the counter, or by post to the applicant's address
// when it came by post.
func TestRegisterDelivery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.officer)
		for _, c := range []struct {
			ch      dossier.Channel
			address string
			want    dossier.Delivery
		}{{dossier.ChannelCounter, "12 Hàng Bạc", dossier.DeliveryCounter}, {dossier.ChannelPost, "", dossier.DeliveryCounter},
			{dossier.ChannelPost, "12 Hàng Bạc", dossier.DeliveryPost}} {
			reg := dossier.RegisterInput{SubmitInput: in, Channel: c.ch,
				Applicant: dossier.ApplicantInput{Name: "Nguyễn Văn An", Phone: "0912345678", Address: c.address}}
			out, err := f.s.Register(ctx, f.officer, reg, "")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := f.s.Get(ctx, f.officer, out.Code)
			wantAddress := ""
			if c.want == dossier.DeliveryPost {
				wantAddress = c.address
			}
			if got.Delivery != c.want || got.DeliveryAddress != wantAddress {
				t.Errorf("%s with address %q: delivery %q to %q; want %q", c.ch, c.address, got.Delivery, got.DeliveryAddress, c.want)
			}
		}
	})
}

// A procedure that does not return by post refuses it.
func TestResultDeliveryOffered(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	p, err := f.cat.Current(context.Background(), "1.004222")
	if err != nil {
		t.Fatal(err)
	}
	got := dossier.DeliveriesFor(p)
	if len(got) != 2 || got[0] != dossier.DeliveryOnline || got[1] != dossier.DeliveryCounter {
		t.Errorf("DeliveriesFor(%s) = %v; want online, counter", p.Code, got)
	}
}
