package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestInForce(t *testing.T) {
	tet := Day{Date: D(2026, time.February, 17), Kind: KindHoliday, NameVI: "Tết", NameEN: "Tet"}
	swapped := Day{Date: D(2026, time.February, 21), Working: true, Kind: KindScheduled, NameVI: "Làm bù", NameEN: "Make-up"}
	over := Day{Date: D(2026, time.February, 17), Working: true, Kind: KindOverride, NameVI: "Làm việc", NameEN: "Làm việc"}
	local := Day{Date: D(2026, time.March, 2), Kind: KindOverride, NameVI: "Nghỉ", NameEN: "Nghỉ"}
	tests := []struct {
		name string
		in   []Day
		want []Day
	}{
		{"empty", nil, []Day{}},
		{"untouched", []Day{tet, swapped}, []Day{tet, swapped}},
		{"the later reason wins", []Day{tet, swapped, over}, []Day{swapped, over}},
		{"a date listed twice for one reason", []Day{tet, swapped, tet, local}, []Day{tet, swapped, local}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, InForce(tt.in)); diff != "" {
			t.Errorf("%s: InForce mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
