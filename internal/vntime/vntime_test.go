package vntime

import (
	"testing"
	"time"
)

func TestLocation(t *testing.T) {
	loc := Location()
	if loc.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("Location() = %s; want Asia/Ho_Chi_Minh", loc)
	}
	// 1975 to today: UTC+7 all year, no daylight saving.
	for _, utc := range []time.Time{
		time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC),
	} {
		if _, off := utc.In(loc).Zone(); off != 7*3600 {
			t.Errorf("offset at %v = %d; want %d", utc, off, 7*3600)
		}
	}
}
