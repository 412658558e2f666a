// Package vntime is Vietnam's time zone, Asia/Ho_Chi_Minh (UTC+7, no daylight saving), in which
// motcua shows every time and reckons every date; times are stored in UTC. It imports only the
// standard library, so any package may use it without linking the rest of motcua.
package vntime

import (
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load on hosts without a zoneinfo database.
)

var vietnam = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err) // unreachable: time/tzdata is embedded
	}
	return loc
}()

// Location returns Asia/Ho_Chi_Minh.
func Location() *time.Location { return vietnam }
