package payment

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A receipt lists what was collected: reductions are netted into the fee they follow.
func TestReceiptLines(t *testing.T) {
	tests := []struct {
		name string
		in   []Line
		want []Line
	}{
		{"fees only", []Line{{"Phí A", 200000, "TT 244/2016"}, {"Phí B", 5000, ""}},
			[]Line{{"Phí A", 200000, "TT 244/2016"}, {"Phí B", 5000, ""}}},
		{"a reduction", []Line{{"Lệ phí", 100000, "NQ 1"}, {"Giảm 50% nộp trực tuyến", -50000, "NQ 2"}, {"Phí bản sao", 5000, ""}},
			[]Line{{"Lệ phí", 50000, "NQ 1; Giảm 50% nộp trực tuyến -50.000 đ (NQ 2)"}, {"Phí bản sao", 5000, ""}}},
		{"a fee reduced to nothing", []Line{{"Lệ phí", 100000, ""}, {"Miễn", -100000, ""}, {"Phí", 7000, ""}},
			[]Line{{"Phí", 7000, ""}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, receiptLines(tt.in)); diff != "" {
			t.Errorf("%s: receiptLines mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
