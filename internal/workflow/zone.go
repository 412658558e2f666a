package workflow

import (
	"time"
	_ "time/tzdata"
)

var vnZone, _ = time.LoadLocation("Asia/Ho_Chi_Minh")
