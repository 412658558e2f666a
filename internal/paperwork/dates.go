package paperwork

import (
	"fmt"
	"time"
)

// longDate is "ngày 26 tháng 11 năm 2026" in Vietnam's zone. Decree 30/2020/NĐ-CP Annex I: a
// day below 10 and the months 1 and 2 are written with a leading zero.
func longDate(t time.Time) string {
	t = t.In(vietnam)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// clock is "09 giờ 05 phút, ngày 26/11/2026" in Vietnam's zone, the form the slips of
// Circular 01/2018/TT-VPCP use for the times of receipt and return.
func clock(t time.Time) string {
	t = t.In(vietnam)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), t.Format("02/01/2006"))
}

// shortDate is "26/11/2026" in Vietnam's zone.
func shortDate(t time.Time) string { return t.In(vietnam).Format("02/01/2006") }

// stamp is "26/11/2026 09:05" in Vietnam's zone, the form of the times in the register's cells
// (on two lines there: sep is "\n").
func stamp(t time.Time, sep string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format("02/01/2006" + sep + "15:04")
}

// count is a number of copies or sets as the forms write it: two digits at least ("01").
func count(n int) string { return fmt.Sprintf("%02d", n) }
