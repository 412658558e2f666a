package app_test

import (
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// TestDeliveryAndTrackingAPI (issue 11): a submission may choose how its result is received
// (public post needs an address), the dossier's JSON says which, and the phone typed into the
// application unlocks its tracking.
func TestDeliveryAndTrackingAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			cit := login(t, base, "congdan")
			in := khaiSinh(t, a, cit)
			var form map[string]any
			if err := json.Unmarshal(in["form"].(json.RawMessage), &form); err != nil {
				t.Fatal(err)
			}
			form["nguoi_yeu_cau"].(map[string]any)["dien_thoai"] = "0987654321"
			in["form"] = form
			in["result_delivery"] = "post"
			var eb errBody
			cit.json("POST", "/api/v1/dossiers", in, 422, &eb)
			if len(eb.Error.Fields) != 1 || eb.Error.Fields[0].Path != "delivery_address" {
				t.Errorf("post without an address: %+v", eb.Error.Fields)
			}
			in["delivery_address"] = "12 Hàng Bạc, Hoàn Kiếm, Hà Nội"
			var out struct {
				Code     string
				Delivery string `json:"result_delivery"`
			}
			cit.json("POST", "/api/v1/dossiers", in, 201, &out)
			if out.Delivery != "post" {
				t.Errorf("submitted: result_delivery %q", out.Delivery)
			}
			var d struct {
				Delivery string `json:"result_delivery"`
				Address  string `json:"delivery_address"`
			}
			cit.json("GET", "/api/v1/dossiers/"+out.Code, nil, 200, &d)
			if d.Delivery != "post" || d.Address != "12 Hàng Bạc, Hoàn Kiếm, Hà Nội" {
				t.Errorf("dossier: %+v", d)
			}
			anon := &client{t: t, base: base}
			var tr struct {
				Details *struct{ Code string }
			}
			anon.json("GET", "/api/v1/track/"+out.Code+"?proof=0987654321", nil, 200, &tr)
			if tr.Details == nil {
				t.Errorf("the application's phone does not unlock tracking")
			}
			tr.Details = nil
			anon.json("GET", "/api/v1/track/"+out.Code+"?proof=0987654322", nil, 200, &tr)
			if tr.Details != nil {
				t.Errorf("a wrong phone unlocks tracking")
			}
			// Without a choice, an online submission's result is online.
			delete(in, "result_delivery")
			delete(in, "delivery_address")
			cit.json("POST", "/api/v1/dossiers", in, 201, &out)
			if out.Delivery != "online" {
				t.Errorf("default result_delivery %q; want online", out.Delivery)
			}
		})
	}
}
