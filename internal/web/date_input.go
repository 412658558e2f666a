package web

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/i18n"
)

// Dates are typed in three boxes, day, month and year, in that order whatever the browser's
// locale (<input type=date> shows mm/dd/yyyy to an en-US browser on a Vietnamese page): the
// GOV.UK Design System's date input pattern. The boxes are named NAME-day, NAME-month and
// NAME-year; the day's box carries the field's own id, so that links to the field land on it.
// A date that reads is stored as the schema's YYYY-MM-DD; one that does not is kept as typed,
// "d/m/y", so the person sees it again, with a message naming the part that is wrong.

// Date parts, as bits, to say which are missing or wrong.
const (
	partDay = 1 << iota
	partMonth
	partYear
)

// ymdRe is a date as one value, YYYY-MM-DD, real or not.
var ymdRe = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)

// dateParts is a date as typed in its three boxes.
type dateParts struct{ Day, Month, Year string }

// dateFault says what is wrong with a typed date: the message key, the parts concerned, and
// for a day past the month's end, the month's length.
type dateFault struct {
	Key   string // "" when the date is good or nothing was typed
	Parts int
	Days  int // date.err.real: the days of the month typed
}

// isoDate reads a value that is YYYY-MM-DD exactly.
func isoDate(s string) (time.Time, bool) {
	if len(s) != len(time.DateOnly) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// splitDate is a stored value in its boxes: YYYY-MM-DD without leading zeros, as people type
// it; a value kept as typed ("d/m/y"), part by part.
func splitDate(v string) dateParts {
	if t, ok := isoDate(v); ok {
		return dateParts{strconv.Itoa(t.Day()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Year())}
	}
	if v == "" {
		return dateParts{}
	}
	s := strings.SplitN(v, "/", 3)
	for len(s) < 3 {
		s = append(s, "")
	}
	return dateParts{s[0], s[1], s[2]}
}

// String is the date kept as typed.
func (p dateParts) String() string { return p.Day + "/" + p.Month + "/" + p.Year }

func (p dateParts) empty() bool { return p.Day == "" && p.Month == "" && p.Year == "" }

// readDate reads the boxes of the date input name. A form that posts the date in one value
// (a client of the older form, a link with ?name=YYYY-MM-DD) is read too: YYYY-MM-DD or
// d/m/yyyy.
func readDate(vals url.Values, name string) dateParts {
	clean := func(s string) string { return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")) }
	if !vals.Has(name+"-day") && !vals.Has(name+"-month") && !vals.Has(name+"-year") {
		v := clean(vals.Get(name))
		if m := dmyRe.FindStringSubmatch(v); m != nil {
			return dateParts{m[1], m[2], m[3]}
		}
		if m := ymdRe.FindStringSubmatch(v); m != nil {
			return dateParts{m[3], m[2], m[1]}
		}
		if _, ok := isoDate(v); ok || v == "" {
			return splitDate(v)
		}
		return dateParts{Day: v} // neither: shown back in the day's box and refused there
	}
	return dateParts{clean(vals.Get(name + "-day")), clean(vals.Get(name + "-month")), clean(vals.Get(name + "-year"))}
}

// check reads the parts as a date: YYYY-MM-DD, or what is wrong. Nothing typed is neither: the
// caller decides whether the date is required.
func (p dateParts) check() (string, dateFault) {
	if p.empty() {
		return "", dateFault{}
	}
	missing := 0
	for bit, s := range map[int]string{partDay: p.Day, partMonth: p.Month, partYear: p.Year} {
		if s == "" {
			missing |= bit
		}
	}
	if missing != 0 {
		return "", dateFault{Key: missingKeys[missing], Parts: missing}
	}
	num := func(s string, maxLen int) (int, bool) {
		if len(s) > maxLen {
			return 0, false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	d, okD := num(p.Day, 2)
	m, okM := num(p.Month, 2)
	y, okY := num(p.Year, 4)
	switch {
	case !okD || d < 1 || d > 31:
		return "", dateFault{Key: "date.err.day", Parts: partDay}
	case !okM || m < 1 || m > 12:
		return "", dateFault{Key: "date.err.month", Parts: partMonth}
	case !okY || len(p.Year) != 4 || y < 1000:
		return "", dateFault{Key: "date.err.year", Parts: partYear}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return "", dateFault{Key: "date.err.real", Parts: partDay, Days: last}
	}
	return t.Format(time.DateOnly), dateFault{}
}

// missingKeys are the messages for the parts left empty (not all three).
var missingKeys = map[int]string{
	partDay: "date.err.missing.day", partMonth: "date.err.missing.month", partYear: "date.err.missing.year",
	partDay | partMonth: "date.err.missing.day_month", partDay | partYear: "date.err.missing.day_year",
	partMonth | partYear: "date.err.missing.month_year",
}

// text is the fault's message in every language about the date titled title.
func (f dateFault) text(l Lang, title string, p dateParts) i18n.Text {
	if f.Key == "date.err.real" {
		m, _ := strconv.Atoi(p.Month)
		y, _ := strconv.Atoi(p.Year)
		return l.Text(f.Key, title, m, y, f.Days)
	}
	return l.Text(f.Key, title)
}

// partID is the id of the first box the fault concerns.
func (f dateFault) partID(id string) string {
	switch {
	case f.Parts&partDay != 0 || f.Parts == 0:
		return id
	case f.Parts&partMonth != 0:
		return id + "-month"
	}
	return id + "-year"
}

// ReadDate reads the date input name (whose id is its name) from vals: YYYY-MM-DD when its
// boxes make a date, "" when none was typed, otherwise the parts as typed with the error to
// show, linked to the box that is wrong.
func ReadDate(l Lang, vals url.Values, name, title string) (string, *ViewError) {
	p := readDate(vals, name)
	iso, fault := p.check()
	if fault.Key == "" {
		return iso, nil
	}
	return p.String(), &ViewError{ID: fault.partID(name), Message: fault.text(l, title, p).In(l.Lang)}
}

// DatePosted reports whether vals holds the date input name, in boxes or as one value.
func DatePosted(vals url.Values, name string) bool {
	return vals.Has(name) || vals.Has(name+"-day") || vals.Has(name+"-month") || vals.Has(name+"-year")
}

// DateView is the three boxes of a date input as rendered.
type DateView struct {
	Day, Month, Year          string
	DayBad, MonthBad, YearBad bool   // aria-invalid on that box
	Focus                     string // the id the error summary links to
	Autocomplete              string // "bday" for one's own birth date
}

// dateView splits value into boxes; with an error, the boxes it concerns are marked (all of
// them when the date reads but is refused, say as required or too early).
func dateView(id, value, autocomplete string, hasError bool) *DateView {
	p := splitDate(value)
	dv := &DateView{Day: p.Day, Month: p.Month, Year: p.Year, Focus: id, Autocomplete: autocomplete}
	if !hasError {
		return dv
	}
	_, fault := p.check()
	parts := fault.Parts
	if fault.Key == "" {
		parts = partDay | partMonth | partYear
	}
	dv.DayBad, dv.MonthBad, dv.YearBad = parts&partDay != 0, parts&partMonth != 0, parts&partYear != 0
	dv.Focus = fault.partID(id)
	return dv
}

// PartAutocomplete is the autocomplete token of one box: bday-day, bday-month, bday-year for a
// birth date, off otherwise.
func (d *DateView) PartAutocomplete(part string) string {
	if d.Autocomplete == "" {
		return "off"
	}
	return d.Autocomplete + "-" + part
}
