package portal

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/web"
)

// calendarData is the public calendar of one year.
type calendarData struct {
	Year             int
	YearInput        string // the year parameter as given, for the form
	PrevURL, NextURL string
	PrevYear         int
	NextYear         int
	Months           []calMonth
	Entries          []calEntry
	Failed           bool // the year was bad; nothing else is shown
}

// calMonth is one month grid: weeks from Monday to Sunday, as the Vietnamese week runs.
type calMonth struct {
	ID      string // anchor, "thang-2"
	Caption string
	Weeks   [][7]calCell
}

// calCell is one day of a month grid; Day 0 is a blank cell before the 1st or after the last.
type calCell struct {
	Day     int
	Date    string // YYYY-MM-DD
	Lunar   string // the lunar day, or day/month on lunar day 1 and on the month's first cell
	Leap    bool   // the lunar month shown is a leap month
	Weekend bool
	Status  string // "off": a day off that is not an ordinary weekend; "work": a working day by exception
	Name    string // why, for Status
	Today   bool
	Class   string // the cell's CSS classes
}

// calEntry is a run of consecutive days off, or of working days, for the same reason.
type calEntry struct {
	From, To string // YYYY-MM-DD
	Days     int
	Name     string
	NameVI   bool // the name is Vietnamese on an English page (an administrator's text)
	Kind     calendar.DayKind
	Working  bool
}

// calendarPage shows a year of the working calendar: the months with their lunar dates and
// days off, and the list of holidays and swapped days, from the calendar in force
// (calendar.Store: rules, official schedules and administrators' overrides).
func (h *Handler) calendarPage(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	l := v.L
	today := calendar.DateOf(h.now())
	year := today.Year
	raw := r.URL.Query().Get("year")
	d := calendarData{YearInput: web.Shown(raw)}
	if raw != "" {
		y, err := strconv.Atoi(raw)
		if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
			v.AddError("year", l.T("cal.err.year"))
			d.Failed = true
			v.Data = d
			h.Render(w, r, http.StatusBadRequest, "calendar", v)
			return
		}
		year = y
	}
	cal, err := h.calendar.Calendar(r.Context())
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	days, err := cal.Days(year)
	if err != nil {
		h.Fail(w, r, v, calendar.AsAppError(err))
		return
	}
	d.Year = year
	if d.YearInput == "" {
		d.YearInput = strconv.Itoa(year)
	}
	if year > calendar.MinYear {
		d.PrevYear, d.PrevURL = year-1, "/lich?year="+strconv.Itoa(year-1)
	}
	if year < calendar.MaxYear {
		d.NextYear, d.NextURL = year+1, "/lich?year="+strconv.Itoa(year+1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL

	name := func(day calendar.Day) string {
		if l.EN() {
			return day.NameEN
		}
		return day.NameVI
	}
	reason := map[string]string{} // date → name of the reason in force
	for _, day := range calendar.InForce(days) {
		reason[day.Date.String()] = name(day)
		e := calEntry{From: day.Date.String(), To: day.Date.String(), Days: 1, Name: name(day),
			NameVI: l.EN() && day.Kind == calendar.KindOverride, Kind: day.Kind, Working: day.Working}
		if n := len(d.Entries); n > 0 {
			p := &d.Entries[n-1]
			if p.Name == e.Name && p.Kind == e.Kind && p.Working == e.Working && p.To == day.Date.AddDays(-1).String() {
				p.To, p.Days = e.To, p.Days+1
				continue
			}
		}
		d.Entries = append(d.Entries, e)
	}

	for m := time.January; m <= time.December; m++ {
		mon := calMonth{ID: "thang-" + strconv.Itoa(int(m)), Caption: monthCaption(l, year, m)}
		first := calendar.D(year, m, 1)
		lead := (int(first.Weekday()) + 6) % 7 // Monday = 0
		var week [7]calCell
		col := lead
		for day := first; day.Month == m; day = day.AddDays(1) {
			c, err := dayCell(cal, day, day == first, reason)
			if err != nil {
				h.Fail(w, r, v, calendar.AsAppError(err))
				return
			}
			if day == today {
				c.Today = true
				c.Class = strings.TrimSpace(c.Class + " today")
			}
			week[col] = c
			col++
			if col == 7 {
				mon.Weeks = append(mon.Weeks, week)
				week, col = [7]calCell{}, 0
			}
		}
		if col > 0 {
			mon.Weeks = append(mon.Weeks, week)
		}
		d.Months = append(d.Months, mon)
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "calendar", v)
}

// dayCell describes day for a month grid; firstCell marks the month's first day, which names
// its lunar month.
func dayCell(cal *calendar.Calendar, day calendar.Date, firstCell bool, reason map[string]string) (calCell, error) {
	lunar, err := calendar.SolarToLunar(day.Year, int(day.Month), day.Day)
	if err != nil {
		return calCell{}, err
	}
	working, err := cal.IsWorkingDay(day)
	if err != nil {
		return calCell{}, err
	}
	wd := day.Weekday()
	c := calCell{Day: day.Day, Date: day.String(), Lunar: strconv.Itoa(lunar.Day),
		Weekend: wd == time.Saturday || wd == time.Sunday}
	if lunar.Day == 1 || firstCell {
		c.Lunar += "/" + strconv.Itoa(lunar.Month)
		c.Leap = lunar.Leap
	}
	name, listed := reason[c.Date]
	switch {
	case !working && (listed || !c.Weekend):
		c.Status = "off"
	case working && (listed || c.Weekend):
		c.Status = "work"
	}
	if c.Status != "" && listed {
		c.Name = name
	}
	switch {
	case c.Status != "":
		c.Class = c.Status
	case c.Weekend:
		c.Class = "we"
	}
	return c, nil
}

// monthCaption names a month of year: "Tháng 2 năm 2026", "February 2026".
func monthCaption(l web.Lang, year int, m time.Month) string {
	name := strconv.Itoa(int(m))
	if l.EN() {
		name = m.String()
	}
	return l.T("cal.month_caption", name, strconv.Itoa(year))
}
