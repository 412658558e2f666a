package workflow

import "github.com/motcua/motcua/internal/vntime"

var vnZone = vntime.Location()
