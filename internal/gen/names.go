package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/motcua/motcua/internal/vntext"
)

// Vietnamese personal names. Family names carry rough national shares (Nguyễn about 38%, Trần
// 11%, Lê 9.5%, …; northern spellings: Vũ and Hoàng rather than Võ and Huỳnh); middle and given
// names are common northern choices. Good enough for test data, not a statistic.
var (
	familyNames = weighted[string]{
		{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9.5}, {"Phạm", 7}, {"Hoàng", 4}, {"Vũ", 4}, {"Phan", 3},
		{"Đặng", 2.1}, {"Bùi", 2}, {"Đỗ", 1.8}, {"Ngô", 1.3}, {"Dương", 1}, {"Đinh", 1}, {"Đào", 0.9},
		{"Trịnh", 0.8}, {"Hồ", 0.8}, {"Lý", 0.5}, {"Mai", 0.5}, {"Lương", 0.5}, {"Tạ", 0.4}, {"Chu", 0.4},
		{"Cao", 0.4}, {"Kiều", 0.3}, {"Khúc", 0.2}, {"Nghiêm", 0.2}, {"Quách", 0.2},
	}
	maleMiddle   = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Tiến", "Thành", "Công", "Mạnh", "Ngọc", "Anh", "Trung", "Duy"}
	femaleMiddle = []string{"Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Thùy", "Khánh", "Bảo", "Diệu", "Mai"}
	maleGiven    = []string{"Anh", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Minh", "Đức", "Thắng", "Sơn", "Quân", "Phong",
		"Huy", "Trung", "Hiếu", "Khánh", "Tùng", "Bình", "Cường", "Việt", "Hoàng", "Thành", "Kiên", "Đạt", "Vinh", "Toàn",
		"Lâm", "Hưng", "Phúc", "Khoa", "Quang", "Tiến", "Hào", "Nghĩa"}
	femaleGiven = []string{"Hương", "Lan", "Linh", "Trang", "Hà", "Mai", "Hoa", "Ngọc", "Thảo", "Huyền", "Nga", "Hằng",
		"Phương", "Yến", "Thủy", "Hạnh", "Vân", "Nhung", "Dung", "Loan", "Anh", "Chi", "Giang", "Quỳnh", "Thư", "Hiền",
		"Oanh", "Hòa", "Nhi", "Trâm", "Ly", "Ngân"}
	// Streets of Hà Nội, used for ward addresses without regard to which ward they run through.
	streets = []string{"Hàng Bông", "Hàng Gai", "Hàng Bạc", "Lò Đúc", "Bà Triệu", "Kim Mã", "Đội Cấn", "Láng", "Nguyễn Trãi",
		"Giải Phóng", "Trần Duy Hưng", "Cầu Giấy", "Minh Khai", "Xã Đàn", "Tây Sơn", "Thái Hà", "Hoàng Quốc Việt",
		"Phạm Văn Đồng", "Nguyễn Văn Cừ", "Ngọc Lâm", "Lạc Long Quân", "Âu Cơ", "Nguyễn Chí Thanh", "Láng Hạ",
		"Trường Chinh", "Lê Duẩn", "Kim Ngưu", "Tam Trinh", "Lĩnh Nam", "Quang Trung", "Tô Hiệu", "Nguyễn Xiển"}
	hamlets = []string{"Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Hạ", "Thôn Trung", "Thôn Nam", "Thôn Bắc", "Xóm Mới",
		"Thôn Cầu", "Thôn Chùa", "Thôn Đình", "Thôn Ngọc", "Thôn Phú", "Thôn An"}
	// CCCD province-of-birth codes (Circular 59/2021/TT-BCA): Hà Nội and its neighbours.
	birthProvinces = weighted[string]{{"001", 70}, {"031", 2}, {"033", 3}, {"034", 3}, {"035", 2}, {"036", 3}, {"037", 2},
		{"038", 3}, {"040", 3}, {"022", 1}, {"024", 2}, {"025", 2}, {"026", 2}, {"027", 2}, {"019", 2}}
	// Mobile prefixes of the three large networks.
	phonePrefixes = []string{"096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038", "039",
		"091", "094", "088", "081", "082", "083", "084", "085", "090", "093", "089", "070", "076", "077", "078", "079"}
)

func init() {
	// Source text is NFC already; normalise anyway so stored names never depend on an editor.
	for _, l := range [][]string{maleMiddle, femaleMiddle, maleGiven, femaleGiven, streets, hamlets} {
		for i := range l {
			l[i] = vntext.NFC(l[i])
		}
	}
	for i := range familyNames {
		familyNames[i].v = vntext.NFC(familyNames[i].v)
	}
}

// weighted is a list of values with relative weights.
type weighted[T any] []struct {
	v T
	w float64
}

// pick draws a value in proportion to its weight.
func (ws weighted[T]) pick(r *rand.Rand) T {
	sum := 0.0
	for _, x := range ws {
		sum += x.w
	}
	u := r.Float64() * sum
	for _, x := range ws {
		if u < x.w {
			return x.v
		}
		u -= x.w
	}
	return ws[len(ws)-1].v
}

func one(r *rand.Rand, l []string) string { return l[r.IntN(len(l))] }

// person is an applicant: a citizen account or someone at the counter.
type person struct {
	id                              int64 // users.id, 0 without an account
	name, idNumber, phone, email    string
	address, unit, birth, givenName string
	female                          bool
	files                           [2]string // documents the citizen uploaded (ids), when an account
}

// newPerson makes up a person living in unit (a ward or commune name, e.g. "Phường Hoàn Kiếm")
// born in birthYear.
func newPerson(r *rand.Rand, unit string, ward bool, birthYear int) person {
	p := person{female: r.IntN(2) == 0, unit: unit}
	family := familyNames.pick(r)
	if p.female {
		p.givenName = one(r, femaleGiven)
		p.name = family + " " + one(r, femaleMiddle) + " " + p.givenName
	} else {
		p.givenName = one(r, maleGiven)
		p.name = family + " " + one(r, maleMiddle) + " " + p.givenName
	}
	p.birth = fmt.Sprintf("%04d-%02d-%02d", birthYear, 1+r.IntN(12), 1+r.IntN(28))
	// CCCD: province of birth, sex-and-century digit, two-digit year of birth, six digits.
	sexCentury := 0
	if birthYear >= 2000 {
		sexCentury = 2
	}
	if p.female {
		sexCentury++
	}
	p.idNumber = fmt.Sprintf("%s%d%02d%06d", birthProvinces.pick(r), sexCentury, birthYear%100, r.IntN(1_000_000))
	p.phone = e164(one(r, phonePrefixes) + fmt.Sprintf("%07d", r.IntN(10_000_000)))
	if ward {
		p.address = fmt.Sprintf("Số %d ngõ %d phố %s, %s, Hà Nội", 1+r.IntN(120), 1+r.IntN(200), one(r, streets), unit)
	} else {
		p.address = fmt.Sprintf("%s, %s, Hà Nội", one(r, hamlets), unit)
	}
	return p
}

// uniquePhone gives citizen number n a phone number no other generated citizen has: the
// prefix and a bijective scramble of the rest, so verified numbers never collide.
func uniquePhone(n int) string {
	k := len(phonePrefixes)
	rest := (uint64(n/k)*7_919 + 1_234_567) % 10_000_000
	return e164(phonePrefixes[n%k] + fmt.Sprintf("%07d", rest))
}

// e164 writes a national number 0xxxxxxxxx as +84xxxxxxxxx, the form the database keeps
// (contact.NormalizePhone) and notifications require.
func e164(national string) string { return "+84" + national[1:] }

// national writes +84xxxxxxxxx as 0xxxxxxxxx, the form application forms ask for.
func national(phone string) string {
	if strings.HasPrefix(phone, "+84") {
		return "0" + phone[3:]
	}
	return phone
}

// emailOf is an address at a reserved domain (RFC 2606), unique by the citizen number.
func emailOf(name string, n int) string {
	f := strings.ReplaceAll(vntext.Fold(name), " ", "")
	return fmt.Sprintf("%s.%d@example.com", f, n)
}
