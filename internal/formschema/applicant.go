package formschema

import (
	"slices"
	"strings"
)

// The applicant's own details in a form. The forms share the same key for the same kind of
// field (internal/demo/data/formlib.py: ho_ten, so_dinh_danh, ngay_sinh, dien_thoai, email,
// dia_chi, noi_cu_tru), at the top level or in the section about the person applying. This is
// the one place that knows those names: the form renderer prefills them from the profile and
// offers autocomplete, and tracking accepts the phone and ID number given in them.

// The keys of the applicant's details.
const (
	KeyName      = "ho_ten"
	KeyIDNumber  = "so_dinh_danh"
	KeyBirthDate = "ngay_sinh"
	KeyPhone     = "dien_thoai"
	KeyEmail     = "email"
	KeyAddress   = "dia_chi"
	KeyResidence = "noi_cu_tru"
)

// applicantSections are the sections about the person applying; "" is the top level. Other
// sections (cha, me, ben_nam, nguoi_chet, …) are about someone else and are never prefilled.
// They are listed in the order ApplicantValues reads them.
var applicantSections = []string{"", "nguoi_yeu_cau", "nguoi_de_nghi"}

var applicantKeys = map[string]bool{KeyName: true, KeyIDNumber: true, KeyBirthDate: true, KeyPhone: true,
	KeyEmail: true, KeyAddress: true, KeyResidence: true}

// ApplicantKey returns the key of the applicant's detail a dotted path holds ("ho_ten",
// "nguoi_yeu_cau.dien_thoai"), or "" when the path holds none.
func ApplicantKey(path string) string {
	section, name := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		section, name = path[:i], path[i+1:]
	}
	if !slices.Contains(applicantSections, section) || !applicantKeys[name] {
		return ""
	}
	return name
}

// ApplicantValues returns the applicant's details a form (a decoded JSON object) gives, by key:
// every non-empty string found at the top level, then in each applicant's section in turn.
func ApplicantValues(form map[string]any) map[string][]string {
	out := map[string][]string{}
	for _, section := range applicantSections {
		obj := form
		if section != "" {
			obj, _ = form[section].(map[string]any)
		}
		for k, v := range obj {
			if s, ok := v.(string); ok && applicantKeys[k] && strings.TrimSpace(s) != "" {
				out[k] = append(out[k], strings.TrimSpace(s))
			}
		}
	}
	return out
}

// ApplicantValue is the first of the applicant's details under key, or "".
func ApplicantValue(form map[string]any, key string) string {
	if v := ApplicantValues(form)[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
