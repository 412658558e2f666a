package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// hcm is Vietnam's time zone (UTC+7, no daylight saving).
var hcm = vntime.Location()

// number formats a count the Vietnamese way (1.500); English pages see the same digits, as the
// figures on official Vietnamese documents read.
func number(n int) string { return vntext.Thousands(int64(n)) }

// money formats an amount of đồng Vietnamese style, "100.000 đ", in both languages: it is the
// figure of the legal text.
func money(v int64) string { return vntext.Thousands(v) + " đ" }

// fee is an amount as a citizen reads it: "Miễn phí" for 0, "Chưa công bố" when the published
// source states none (the catalog never invents a figure).
func fee(l Lang, v *int64) string {
	switch {
	case v == nil:
		return l.T("fee.unknown")
	case *v == 0:
		return l.T("fee.free")
	}
	return money(*v)
}

// date formats a YYYY-MM-DD string or a time as dd/mm/yyyy, times in Vietnam's zone. English
// pages write dates the same way: they are the dates of Vietnamese documents, and a reader
// from an mm/dd country must never have to guess which is the month (issue 11).
func date(_ Lang, v any) string {
	var t time.Time
	switch v := v.(type) {
	case string:
		var err error
		if t, err = time.Parse(time.DateOnly, v); err != nil {
			return v
		}
	case time.Time:
		if v.IsZero() {
			return ""
		}
		t = v.In(hcm)
	case *time.Time:
		if v == nil || v.IsZero() {
			return ""
		}
		t = v.In(hcm)
	default:
		return fmt.Sprint(v)
	}
	return t.Format(dmy)
}

// dmy is the layout of every date shown to people.
const dmy = "02/01/2006"

// dateTime formats a moment in Vietnam's zone: 15/02/2027 09:30, in both languages.
func dateTime(_ Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(hcm).Format(dmy + " 15:04")
}

// processingTime states a procedure's time limit in its unit, or "Chưa công bố" when the
// source gives none.
func processingTime(l Lang, v any) string {
	p, ok := v.(*catalog.Procedure)
	switch {
	case !ok || p == nil:
		return l.T("ptime.unknown")
	case p.ProcessingDays != nil && *p.ProcessingDays == 0:
		return l.T("ptime.days.zero") // due the day it is received
	case p.ProcessingDays != nil:
		return l.N("ptime.days", *p.ProcessingDays)
	case p.ProcessingHours != nil:
		return l.N("ptime.hours", *p.ProcessingHours)
	case p.ProcessingCalendarDays != nil:
		return l.N("ptime.calendar_days", *p.ProcessingCalendarDays)
	}
	return l.T("ptime.unknown")
}

// EnumLabel translates an enumerated value (online level, level, change, channel) through the
// message prefix+value, showing the raw value when there is no message for it.
func EnumLabel(l Lang, prefix string, v any) string {
	s := fmt.Sprint(v)
	if l.Has(prefix + s) {
		return l.T(prefix + s)
	}
	return s
}

// formatList writes accepted file formats as "PDF, JPG".
func formatList(fs []string) string {
	return strings.ToUpper(strings.Join(fs, ", "))
}

// isURL reports whether s is a web address to link rather than text to show.
func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// fileSize writes a size in bytes as people read it: 850 B, 12 KB, 3,4 MB.
func fileSize(l Lang, n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return strconv.FormatInt((n+512)/1024, 10) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if !l.EN() {
		s = commaDecimal(s)
	}
	return s + " MB"
}

func commaDecimal(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

// when is the moment of a pointer, for templates: nil is "".
func when(l Lang, v any) string {
	switch t := v.(type) {
	case time.Time:
		return dateTime(l, t)
	case *time.Time:
		if t == nil {
			return ""
		}
		return dateTime(l, *t)
	}
	return ""
}
