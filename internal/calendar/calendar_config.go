package calendar

import (
	"strings"
	"time"
)

// ParseSessions reads office hours written as "08:00-12:00,13:00-17:00".
func ParseSessions(s string) ([]Session, error) {
	var out []Session
	for _, part := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(part), "-")
		start, err1 := parseClock(a)
		end, err2 := parseClock(b)
		if !ok || err1 != nil || err2 != nil || end <= start {
			return nil, invalid("officeHours", msgs.Text("is_not_session_like_08_00", part))
		}
		out = append(out, Session{Start: start, End: end})
	}
	return out, nil
}

// ParseClock reads a time of day "15:00" as the duration since midnight.
func ParseClock(s string) (time.Duration, error) {
	d, err := parseClock(s)
	if err != nil {
		return 0, invalid("cutOff", msgs.Text("is_not_time_of_day_like", s))
	}
	return d, nil
}

func parseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
