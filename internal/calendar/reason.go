package calendar

// InForce keeps, of days as Calendar.Days lists them, only the reason in force for each date:
// the last one listed for it, since an official schedule or an administrator's override comes
// after the rule it changes. A date listed twice for the same reason is kept once, where it
// first appears; the order of Days is otherwise kept.
func InForce(days []Day) []Day {
	last := make(map[Date]Day, len(days))
	for _, d := range days {
		last[d.Date] = d
	}
	out := make([]Day, 0, len(last))
	for _, d := range days {
		if l, ok := last[d.Date]; !ok || l != d {
			continue // superseded, or already kept
		}
		delete(last, d.Date)
		out = append(out, d)
	}
	return out
}
