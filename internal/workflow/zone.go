package workflow

import "github.com/motcua/motcua/internal/calendar"

var vnZone = calendar.Location()
