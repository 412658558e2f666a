package paperwork

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestControlSlipXLSX(t *testing.T) {
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, vietnam)
	c := ControlSlip{Agency: "UBND PHƯỜNG HOÀN KIẾM", Code: "070.00.30.H26-261126-0001", Procedure: "Đăng ký khai sinh",
		ApplicantName: "Nguyễn Văn An", ReceivedAt: at, DueAt: at.Add(8 * time.Hour), Handler: "UBND phường Hoàn Kiếm",
		Steps: []ControlStep{{From: "Bộ phận Một cửa", To: "Thẩm định – Lê Thị Chuyên Viên", At: at.Add(time.Hour), Due: at.Add(5 * time.Hour), Result: OnTime}}}
	b, err := ControlSlipXLSX(c)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Phiếu kiểm soát")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range rows {
		for _, v := range r {
			found = found || v == "Thẩm định – Lê Thị Chuyên Viên"
		}
	}
	if !found || rows[0][0] != ControlSlipTitle || rows[2][1] != c.Code {
		t.Errorf("control slip rows = %q", rows)
	}
	if _, err := ControlSlipXLSX(ControlSlip{}); err == nil {
		t.Error("an empty control slip was accepted")
	}
}
