package calendar

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// LunarDate is a date of the Vietnamese lunar calendar (âm lịch). Year is the Gregorian number
// of the lunar year (Tết of lunar year Y falls in January or February of Y); Leap marks the
// intercalary month (tháng nhuận), which repeats the number of the month before it.
type LunarDate struct {
	Year  int  `json:"year"`
	Month int  `json:"month"`
	Day   int  `json:"day"`
	Leap  bool `json:"leap,omitempty"`
}

// String formats l the way Vietnamese calendars do, day/month/year: "7/6/2025",
// "1/4/2020 (nhuận)".
func (l LunarDate) String() string {
	s := fmt.Sprintf("%d/%d/%d", l.Day, l.Month, l.Year)
	if l.Leap {
		s += " (nhuận)"
	}
	return s
}

// SolarToLunar converts the Gregorian date y-m-d to the Vietnamese lunar calendar (reckoned at
// UTC+7 from 1968 and UTC+8 before, see the package doc). Dates outside 1900-01-01..2199-12-31
// return an error wrapping ErrOutOfRange; impossible dates one wrapping ErrInvalid.
func SolarToLunar(y, m, d int) (LunarDate, error) {
	sd := Date{y, time.Month(m), d}
	if err := sd.check("date"); err != nil {
		return LunarDate{}, err
	}
	return lunarOf(sd.num()), nil
}

// LunarToSolar converts a Vietnamese lunar date to the Gregorian calendar. It rejects months that
// do not exist (a leap month in a year without one, day 30 of a 29-day month) and results outside
// 1900-01-01..2199-12-31.
func LunarToSolar(l LunarDate) (Date, error) {
	if l.Month < 1 || l.Month > 12 {
		return Date{}, invalid("month", msgs.Text("lunar_month_is_not_between_1", l.Month))
	}
	if l.Day < 1 || l.Day > 30 {
		return Date{}, invalid("day", msgs.Text("lunar_day_is_not_between_1", l.Day))
	}
	if l.Year < MinYear-1 || l.Year > MaxYear {
		return Date{}, errYearRange("year", l.Year)
	}
	months := lunarMonths()
	key := monthKey(l.Year, l.Month, l.Leap)
	i := sort.Search(len(months)-1, func(i int) bool { return months[i].key() >= key })
	if i == len(months)-1 || months[i].key() != key {
		if l.Leap {
			return Date{}, invalid("leap", msgs.Text("lunar_year_has_no_leap_month", l.Year, l.Month))
		}
		return Date{}, errYearRange("year", l.Year)
	}
	if n := int(months[i+1].start - months[i].start); l.Day > n {
		return Date{}, invalid("day", msgs.Text("lunar_month_has_days_not", l.Month, l.Year, n, l.Day))
	}
	sd := dateOfNum(int(months[i].start) + l.Day - 1)
	if err := sd.check("date"); err != nil {
		return Date{}, err
	}
	return sd, nil
}

// lunarOf converts a day number known to be in range.
func lunarOf(n int) LunarDate {
	months := lunarMonths()
	// The last month with start <= n; months[0] starts before 1900-01-01.
	i := sort.Search(len(months), func(i int) bool { return int(months[i].start) > n }) - 1
	m := months[i]
	return LunarDate{Year: int(m.year), Month: int(m.month), Day: n - int(m.start) + 1, Leap: m.leap}
}

// lunarMonth is the first day of one lunar month.
type lunarMonth struct {
	start int32 // day number of day 1
	year  int16
	month int8
	leap  bool
}

func monthKey(y, m int, leap bool) int {
	k := (y*13 + m) * 2
	if leap {
		k++
	}
	return k
}

func (m lunarMonth) key() int { return monthKey(int(m.year), int(m.month), m.leap) }

// lunarMonths returns every lunar month from the one holding 1900-01-01 to the one after
// 2199-12-31, in order. It is computed once; the result is never modified.
var lunarMonths = sync.OnceValue(func() []lunarMonth { return buildMonths(true) })

// buildMonths computes the month table by the published rules and, when pinned is set, moves the
// month starts listed in publishedStarts to their published dates.
func buildMonths(pinned bool) []lunarMonth {
	var months []lunarMonth
	for _, era := range tzEras {
		// Span y runs from month 11 of lunar year y-1 (the month holding the December solstice
		// of y-1) to month 11 of lunar year y.
		var span []lunarMonth
		prev := month11(era.firstSpan-1, era.tz)
		for y := era.firstSpan; y <= era.lastSpan; y++ {
			next := month11(y, era.tz)
			span = appendSpan(span, y, prev, next, era.tz)
			prev = next
		}
		for _, m := range span {
			if m.start >= era.from && m.start < era.to {
				months = append(months, m)
			}
		}
	}
	if pinned {
		for _, p := range publishedStarts {
			key := monthKey(p.month.Year, p.month.Month, p.month.Leap)
			i := sort.Search(len(months), func(i int) bool { return months[i].key() >= key })
			if i == len(months) || months[i].key() != key || int(months[i].start) != p.rules.num() {
				panic(fmt.Sprintf("calendar: month %v does not start on %v by the rules", p.month, p.rules))
			}
			months[i].start = int32(p.published.num())
		}
	}
	return months
}

// tzEras are the meridians the Vietnamese lunar calendar was reckoned at. Before 1968 it was
// computed for UTC+8, as the Chinese calendar is; North Vietnam's decree of 8 August 1967 moved
// it to UTC+7 from 1968, and the South followed in 1975 (why Tết Mậu Thân fell on 29 January
// 1968 in the North and 30 January in the South). Each era is computed whole and kept only for
// the months that begin inside it.
var tzEras = []struct {
	tz                  float64
	firstSpan, lastSpan int   // spans to compute
	from, to            int32 // day numbers of the month starts kept
}{
	{8, MinYear, 1968, math.MinInt32, int32(Date{1968, time.January, 1}.num())},
	{7, 1968, MaxYear + 1, int32(Date{1968, time.January, 1}.num()), math.MaxInt32},
}

// publishedStarts are the month starts where Hồ Ngọc Đức's published calendar tables differ from
// his published rules; motcua follows the tables (as shipped in npm @dqcai/vn-lunar 1.0.1).
// Before 1968 the tables record the calendar as it was printed, which no meridian reproduces.
// From 1968 each case is a new moon within 2½ minutes of local midnight, where the rules'
// truncated series (error of minutes) cannot decide; a precise ephemeris (PyEphem 4.1.4) sides
// with the tables on all of them except 2054, where the new moon falls 14 s after midnight,
// inside the uncertainty of ΔT. See doc.go; lunar_test.go pins every case.
var publishedStarts = []struct {
	month            LunarDate // Day unused
	rules, published Date
}{
	{LunarDate{Year: 1906, Month: 4}, D(1906, 4, 24), D(1906, 4, 23)},
	{LunarDate{Year: 1914, Month: 10}, D(1914, 11, 18), D(1914, 11, 17)},
	{LunarDate{Year: 1916, Month: 1}, D(1916, 2, 4), D(1916, 2, 3)},
	{LunarDate{Year: 1920, Month: 10}, D(1920, 11, 11), D(1920, 11, 10)},
	{LunarDate{Year: 1925, Month: 1}, D(1925, 1, 24), D(1925, 1, 25)},
	{LunarDate{Year: 2054, Month: 4}, D(2054, 5, 8), D(2054, 5, 7)},     // ephemeris: 8 May 00:00:14
	{LunarDate{Year: 2072, Month: 11}, D(2072, 12, 10), D(2072, 12, 9)}, // ephemeris: 9 Dec 23:58:28
	{LunarDate{Year: 2077, Month: 10}, D(2077, 11, 16), D(2077, 11, 15)},
	{LunarDate{Year: 2130, Month: 4}, D(2130, 5, 8), D(2130, 5, 7)},
	{LunarDate{Year: 2150, Month: 5}, D(2150, 5, 27), D(2150, 5, 26)},
	{LunarDate{Year: 2159, Month: 4}, D(2159, 5, 18), D(2159, 5, 17)},
	{LunarDate{Year: 2175, Month: 1}, D(2175, 1, 23), D(2175, 1, 22)}, // Tết
	{LunarDate{Year: 2199, Month: 1}, D(2199, 1, 27), D(2199, 1, 26)}, // Tết
}

// appendSpan appends the months from a11 (start of month 11 of lunar year y-1) up to, not
// including, b11 (month 11 of year y). calrules §5: the span has a leap month when it holds 13
// new moons, i.e. b11-a11 > 365 days; the leap month is the first month in which no major solar
// term (trung khí, a multiple of 30° of solar longitude) begins, and it takes the number of the
// month before it.
func appendSpan(months []lunarMonth, y, a11, b11 int, tz float64) []lunarMonth {
	k0 := int(math.Floor((float64(julianDay(a11))-2415021.076998695)/synodicMonth + 0.5))
	n := 12
	leapAt := -1
	if b11-a11 > 365 {
		n = 13
		for i := 1; i < 13; i++ {
			if sunSector(newMoonDay(k0+i, tz), tz) == sunSector(newMoonDay(k0+i+1, tz), tz) {
				leapAt = i
				break
			}
		}
		if leapAt < 0 {
			panic(fmt.Sprintf("calendar: lunar year %d has 13 months but no month without a major term", y))
		}
	}
	num := 10 // month 11 is i == 0
	for i := 0; i < n; i++ {
		leap := i == leapAt
		if !leap {
			num = num%12 + 1
		}
		year := y
		if num >= 11 {
			year = y - 1
		}
		start := a11
		if i > 0 {
			start = newMoonDay(k0+i, tz)
		}
		months = append(months, lunarMonth{start: int32(start), year: int16(year), month: int8(num), leap: leap})
	}
	return months
}

const (
	synodicMonth = 29.530588853 // mean length of a lunation, days
)

// month11 returns the day number of the first day of the lunar month that holds the December
// solstice of Gregorian year y (calrules §4): the new moon before 31 December, or the one before
// that if the Sun has already passed 270° when the month begins.
func month11(y int, tz float64) int {
	off := float64(julianDay(Date{y, time.December, 31}.num()) - 2415021)
	k := int(math.Floor(off / synodicMonth))
	nm := newMoonDay(k, tz)
	if sunSector(nm, tz) >= 9 {
		nm = newMoonDay(k-1, tz)
	}
	return nm
}

// newMoonDay returns the day number of the civil day at UTC+tz on which new moon k falls;
// k = 0 is the new moon of 1900-01-01.
func newMoonDay(k int, tz float64) int {
	return int(math.Floor(newMoon(k)+0.5+tz/24)) - 2415021
}

// sunSector returns the 30° sector (0..11) of the Sun's longitude at the midnight (UTC+tz) that
// starts day number n. Sector 9 begins at the December solstice (270°).
func sunSector(n int, tz float64) int {
	return int(math.Floor(sunLongitude(float64(julianDay(n))-0.5-tz/24) / 30))
}

// newMoon returns the Julian Day (UT) of new moon k, by Meeus's truncated series
// (Astronomical Formulae for Calculators, "Phases of the Moon"; T in Julian centuries from
// 1900 January 0.5). Its error is a few minutes, which is what the published Vietnamese
// calendar rules use; see doc.go on the days where that matters.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2 := t * t
	t3 := t2 * t
	mean := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3 +
		0.00033*sinDeg(166.56+132.87*t-0.009173*t2)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3   // Sun's mean anomaly
	mp := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // Moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3   // Moon's argument of latitude
	c := (0.1734-0.000393*t)*sinDeg(m) + 0.0021*sinDeg(2*m) -
		0.4068*sinDeg(mp) + 0.0161*sinDeg(2*mp) - 0.0004*sinDeg(3*mp) +
		0.0104*sinDeg(2*f) - 0.0051*sinDeg(m+mp) - 0.0074*sinDeg(m-mp) +
		0.0004*sinDeg(2*f+m) - 0.0004*sinDeg(2*f-m) - 0.0006*sinDeg(2*f+mp) +
		0.0010*sinDeg(2*f-mp) + 0.0005*sinDeg(m+2*mp)
	// ΔT = TD − UT in days, Meeus's polynomial for the epoch.
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return mean + c - deltaT
}

// sunLongitude returns the Sun's geometric mean-equinox longitude in degrees [0, 360) at Julian
// Day jd, by Meeus's low-accuracy series (equation of centre only, no nutation or aberration),
// as the published rules do.
func sunLongitude(jd float64) float64 {
	t := (jd - 2451545.0) / 36525 // centuries from J2000.0
	t2 := t * t
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	c := (1.914600-0.004817*t-0.000014*t2)*sinDeg(m) +
		(0.019993-0.000101*t)*sinDeg(2*m) + 0.000290*sinDeg(3*m)
	l := math.Mod(l0+c, 360)
	if l < 0 {
		l += 360
	}
	return l
}

func sinDeg(x float64) float64 { return math.Sin(x * math.Pi / 180) }
