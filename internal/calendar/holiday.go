package calendar

import (
	"fmt"
	"sort"
	"time"
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

var occasionNames = map[Occasion][2]string{
	NewYear:       {"Tết Dương lịch", "New Year's Day"},
	Tet:           {"Tết Âm lịch", "Lunar New Year (Tết)"},
	HungKings:     {"Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hùng Kings' Commemoration Day"},
	Reunification: {"Ngày Chiến thắng (30/4)", "Reunification Day"},
	LabourDay:     {"Ngày Quốc tế lao động (1/5)", "International Labour Day"},
	NationalDay:   {"Quốc khánh (2/9)", "National Day"},
}

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
	add := func(o Occasion, d Date, vi, en string) {
		if skip[o] {
			return
		}
		names := occasionNames[o]
		if vi != "" {
			names[0] += " – " + vi
			names[1] += " – " + en
		}
		days = append(days, Day{Date: d, Kind: KindHoliday, Occasion: o, NameVI: names[0], NameEN: names[1],
			Source: srcArt112 + occasionClause[o]})
	}
	add(NewYear, D(year, time.January, 1), "", "")

	tet, err := LunarToSolar(LunarDate{Year: year, Month: 1, Day: 1})
	if err != nil {
		return nil, fmt.Errorf("calendar: Tết %d: %w", year, err)
	}
	eve := tet.AddDays(-1)
	last, _ := SolarToLunar(eve.Year, int(eve.Month), eve.Day) // in range: Tết is after 20 January
	add(Tet, eve, fmt.Sprintf("%d tháng Chạp", last.Day), "New Year's Eve")
	for i := range 4 {
		add(Tet, tet.AddDays(i), fmt.Sprintf("mùng %d", i+1), fmt.Sprintf("day %d", i+1))
	}

	hung, err := LunarToSolar(LunarDate{Year: year, Month: 3, Day: 10})
	if err != nil {
		return nil, fmt.Errorf("calendar: Hùng Kings %d: %w", year, err)
	}
	add(HungKings, hung, "", "")
	add(Reunification, D(year, time.April, 30), "", "")
	add(LabourDay, D(year, time.May, 1), "", "")

	nd := D(year, time.September, 2)
	adj := D(year, time.September, 1)
	if nd.Weekday() == time.Thursday {
		adj = D(year, time.September, 3)
	}
	add(NationalDay, nd, "", "")
	add(NationalDay, adj, "ngày liền kề", "adjacent day")
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
		names := occasionNames[h.Occasion]
		out = append(out, Day{Date: dateOfNum(m), Kind: KindCompensatory, Occasion: h.Occasion,
			NameVI: "Nghỉ bù " + names[0], NameEN: "Day off in lieu: " + names[1], Source: srcArt111_3})
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
