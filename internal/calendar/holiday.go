package calendar

import (
	"fmt"
	"sort"
	"time"

	"github.com/motcua/motcua/internal/i18n"
)

// Occasion is one of the public holidays of Labour Code 2019 Art. 112(1). Official schedules
// name the occasions whose days they arrange.
type Occasion string

const (
	NewYear       Occasion = "new_year"      // Tết Dương lịch, 1 January
	Tet           Occasion = "tet"           // Tết Âm lịch (Nguyên đán), 5 days
	HungKings     Occasion = "hung_kings"    // Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month
	Reunification Occasion = "reunification" // Ngày Chiến thắng, 30 April
	LabourDay     Occasion = "labour_day"    // Ngày Quốc tế lao động, 1 May
	NationalDay   Occasion = "national_day"  // Quốc khánh, 2 September and an adjacent day
)

func (o Occasion) valid() bool {
	switch o {
	case NewYear, Tet, HungKings, Reunification, LabourDay, NationalDay:
		return true
	}
	return false
}

// DayKind says why a day is listed by Holidays or Calendar.Days.
type DayKind string

const (
	KindHoliday      DayKind = "holiday"      // a holiday of Art. 112(1), default arrangement
	KindCompensatory DayKind = "compensatory" // nghỉ bù: a holiday fell on a weekly rest day, Art. 111(3)
	KindScheduled    DayKind = "scheduled"    // from an official schedule (Schedule)
	KindOverride     DayKind = "override"     // from an administrator's Override
)

// Day is a day whose status is not simply that of its weekday, with the reason.
type Day struct {
	Date     Date     `json:"date"`
	Working  bool     `json:"working"` // true for a weekend day made a working day
	Kind     DayKind  `json:"kind"`
	Occasion Occasion `json:"occasion,omitempty"` // empty for overrides
	NameVI   string   `json:"name_vi"`
	NameEN   string   `json:"name_en"`
	Source   string   `json:"source"` // legal basis or announcement
}

const (
	srcArt112   = "Bộ luật Lao động 2019 (Labour Code 45/2019/QH14) Art. 112(1)"
	srcArt111_3 = "Bộ luật Lao động 2019 (Labour Code 45/2019/QH14) Art. 111(3)"
)

// occasionName is a holiday's name in l, from the catalog's occasion.NAME.
func occasionName(l i18n.Lang, o Occasion) string { return msgs.T(l, "occasion."+string(o)) }

var occasionClause = map[Occasion]string{
	NewYear: "(a)", Tet: "(b)", Reunification: "(c)", LabourDay: "(d)", NationalDay: "(đ)", HungKings: "(e)",
}

// Holidays returns the public holidays of year under Labour Code 2019 Art. 112(1) in their
// default arrangement, with the days off in lieu that Art. 111(3) gives when one falls on a
// Saturday or Sunday (the weekly rest days of state agencies, QĐ 188/1999/QĐ-TTg), in date order.
//
// Defaults where the Prime Minister decides each year (Art. 112(3)):
//   - Tết: the last day of the old lunar year (30 tháng Chạp, or 29 when the month is short)
//     and mùng 1–4 of the new year.
//   - National Day: 2 September and 1 September, or 3 September when 2 September is a Thursday
//     so that the break joins the weekend (as in 2021).
//
// Official schedules (Schedule) replace these defaults; Calendar.Days gives the days in force.
func Holidays(year int) ([]Day, error) {
	if year < MinYear || year > MaxYear {
		return nil, errYearRange("year", year)
	}
	days, err := statutory(year, nil)
	if err != nil {
		return nil, err
	}
	off := map[int]bool{}
	for _, d := range days {
		off[d.Date.num()] = true
	}
	days = append(days, compensate(days, func(n int) bool { return !off[n] && !weekend(n) })...)
	sortDays(days)
	return days, nil
}

// statutory returns the Art. 112(1) days of year in the default arrangement, leaving out the
// occasions in skip.
func statutory(year int, skip map[Occasion]bool) ([]Day, error) {
	var days []Day
	// add records a holiday; which names one of its days (Tết's eve, its first days, the day
	// beside National Day) in both languages, or is empty.
	add := func(o Occasion, d Date, which i18n.Text) {
		if skip[o] {
			return
		}
		var names i18n.Text
		for l := range i18n.NumLangs {
			names[l] = occasionName(l, o)
			if which[l] != "" {
				names[l] += " – " + which[l]
			}
		}
		days = append(days, Day{Date: d, Kind: KindHoliday, Occasion: o, NameVI: names.In(i18n.VI), NameEN: names.In(i18n.EN),
			Source: srcArt112 + occasionClause[o]})
	}
	add(NewYear, D(year, time.January, 1), i18n.Text{})

	tet, err := LunarToSolar(LunarDate{Year: year, Month: 1, Day: 1})
	if err != nil {
		return nil, fmt.Errorf("calendar: Tết %d: %w", year, err)
	}
	eve := tet.AddDays(-1)
	last, _ := SolarToLunar(eve.Year, int(eve.Month), eve.Day)             // in range: Tết is after 20 January
	add(Tet, eve, msgs.Text(fmt.Sprintf("occasion.tet.eve_%d", last.Day))) // the last lunar month has 29 or 30 days
	for i := range 4 {
		add(Tet, tet.AddDays(i), msgs.Text("occasion.tet.day", i+1))
	}

	hung, err := LunarToSolar(LunarDate{Year: year, Month: 3, Day: 10})
	if err != nil {
		return nil, fmt.Errorf("calendar: Hùng Kings %d: %w", year, err)
	}
	add(HungKings, hung, i18n.Text{})
	add(Reunification, D(year, time.April, 30), i18n.Text{})
	add(LabourDay, D(year, time.May, 1), i18n.Text{})

	nd := D(year, time.September, 2)
	adj := D(year, time.September, 1)
	if nd.Weekday() == time.Thursday {
		adj = D(year, time.September, 3)
	}
	add(NationalDay, nd, i18n.Text{})
	add(NationalDay, adj, msgs.Text("occasion.national_day.adjacent"))
	sortDays(days)
	return days, nil
}

// compensate gives each holiday of days that falls on a Saturday or Sunday a day off in lieu on
// the next working day (Art. 111(3)); working reports whether a day number is one, and days
// already given are skipped. days must be in date order.
func compensate(days []Day, working func(n int) bool) []Day {
	var out []Day
	taken := map[int]bool{}
	for _, h := range days {
		n := h.Date.num()
		if !weekend(n) {
			continue
		}
		m := n + 1
		for !working(m) || taken[m] {
			m++
		}
		taken[m] = true
		out = append(out, Day{Date: dateOfNum(m), Kind: KindCompensatory, Occasion: h.Occasion,
			NameVI: msgs.T(i18n.VI, "occasion.in_lieu", occasionName(i18n.VI, h.Occasion)),
			NameEN: msgs.T(i18n.EN, "occasion.in_lieu", occasionName(i18n.EN, h.Occasion)), Source: srcArt111_3})
	}
	return out
}

// weekend reports whether day number n is a Saturday or Sunday, the weekly rest days of state
// agencies (QĐ 188/1999/QĐ-TTg Art. 1: 40 hours, Monday to Friday).
func weekend(n int) bool {
	w := (n + 1) % 7 // 1900-01-01 was a Monday
	return w == int(time.Saturday) || w == int(time.Sunday)
}

func sortDays(days []Day) {
	sort.SliceStable(days, func(i, j int) bool { return days[i].Date.Compare(days[j].Date) < 0 })
}
