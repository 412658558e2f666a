// Package demobill is the demo city's billers, one or more per category of the bill-payment
// hub (internal/bills), used in demo mode only. Each has many customers and monthly bills, all
// computed from the customer code and the month, so nothing is stored here: what motcua paid
// is kept in its database by bills.Store, which never lets a refetch un-pay a bill.
//
// A customer code exists when its digits pass the Luhn check (one code in ten of the right
// form); the last three months before the current one are billed, the newest unpaid, and one
// customer in four also owes the month before. Amounts follow the published tariffs where
// there is one; they are demo figures, not the billers' data.
package demobill

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/vntime"
)

// monthsBilled is how many months before the current one each customer has bills for.
const monthsBilled = 3

// bill is one month's bill of a demo biller: what it says and how much.
type bill func(h uint64, month time.Time) (desc string, amountVND int64)

// Biller is a demo biller.
type Biller struct {
	info  bills.Info
	bill  bill
	dueOn int // day of the month after the period
	now   func() time.Time

	mu       sync.Mutex
	receipts map[string]string // payment ref → receipt, for idempotent Pay and Status
	// Fail, when set, is asked before each Pay; an error it returns is the biller's outage.
	Fail func() error
}

var _ bills.Biller = (*Biller)(nil)

func text(vi, en string) i18n.Text {
	var t i18n.Text
	t[i18n.VI], t[i18n.EN] = vi, en
	return t
}

// All returns the demo billers, reading the month from now (time.Now when nil).
func All(now func() time.Time) []*Biller {
	if now == nil {
		now = time.Now
	}
	phone := regexp.MustCompile(`^0[35789][0-9]{8}$`)
	bs := []*Biller{
		{info: bills.Info{Code: "EVNHANOI", Name: "Tổng công ty Điện lực TP Hà Nội (EVNHANOI)", Category: bills.Electricity,
			CustomerLabel: text("Mã khách hàng", "Customer code"),
			CustomerHint:  text("PD và 11 chữ số, in trên hoá đơn tiền điện, ví dụ PD01000012345", "PD and 11 digits, printed on the electricity bill, e.g. PD01000012345"),
			Pattern:       regexp.MustCompile(`^PD[0-9]{11}$`)}, bill: electricity, dueOn: 15},
		{info: bills.Info{Code: "NUOCSACHHN", Name: "Công ty TNHH MTV Nước sạch Hà Nội (HAWACOM)", Category: bills.Water,
			CustomerLabel: text("Mã khách hàng", "Customer code"),
			CustomerHint:  text("10 chữ số, in trên hoá đơn tiền nước", "10 digits, printed on the water bill"),
			Pattern:       regexp.MustCompile(`^[0-9]{10}$`)}, bill: water, dueOn: 20},
		{info: bills.Info{Code: "VNPT", Name: "VNPT VinaPhone — di động trả sau", Category: bills.Telecom,
			CustomerLabel: text("Số thuê bao", "Phone number"),
			CustomerHint:  text("số di động trả sau 10 chữ số, ví dụ 0912345678", "a 10-digit postpaid mobile number, e.g. 0912345678"),
			Pattern:       phone}, bill: postpaid, dueOn: 20},
		{info: bills.Info{Code: "VIETTEL", Name: "Viettel Hà Nội — di động trả sau", Category: bills.Telecom,
			CustomerLabel: text("Số thuê bao", "Phone number"),
			CustomerHint:  text("số di động trả sau 10 chữ số, ví dụ 0981234567", "a 10-digit postpaid mobile number, e.g. 0981234567"),
			Pattern:       phone}, bill: postpaid, dueOn: 20},
		{info: bills.Info{Code: "IPARKING", Name: "iParking Hà Nội — phí trông giữ xe", Category: bills.Parking,
			CustomerLabel: text("Tài khoản iParking", "iParking account"),
			CustomerHint:  text("số điện thoại đăng ký hoặc biển số xe, ví dụ 30A-123.45", "the registered phone number or the number plate, e.g. 30A-123.45"),
			Pattern:       regexp.MustCompile(`^(0[35789][0-9]{8}|[1-9][0-9][A-Z][A-Z0-9]?[0-9]{4,5})$`)}, bill: parking, dueOn: 10},
		{info: bills.Info{Code: "VNEDU", Name: "vnEdu — Sổ liên lạc điện tử (khoản thu nhà trường)", Category: bills.SchoolFee,
			CustomerLabel: text("Mã học sinh", "Student code"),
			CustomerHint:  text("10 chữ số bắt đầu bằng 01, in trong sổ liên lạc điện tử", "10 digits starting with 01, shown in the electronic contact book"),
			Pattern:       regexp.MustCompile(`^01[0-9]{8}$`)}, bill: school, dueOn: 10},
	}
	seeds := map[string]string{"EVNHANOI": "PD0100001234", "NUOCSACHHN": "200145678", "VNPT": "091234567", "VIETTEL": "098123456",
		"IPARKING": "30A1234", "VNEDU": "010012345"}
	for _, b := range bs {
		b.now, b.receipts = now, map[string]string{}
		b.info.Samples = samples(seeds[b.info.Code], 20)
	}
	return bs
}

// samples are n codes with the prefix stem and a last digit that makes them customers,
// counting up from stem.
func samples(stem string, n int) []string {
	head, num := stem[:len(stem)-3], stem[len(stem)-3:]
	var k int
	fmt.Sscan(num, &k)
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		base := fmt.Sprintf("%s%03d", head, (k+i)%1000)
		for d := '0'; d <= '9'; d++ {
			if c := base + string(d); luhn(c) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// luhn reports whether the digits of code pass the Luhn check (letters are skipped).
func luhn(code string) bool {
	sum, double := 0, false
	for i := len(code) - 1; i >= 0; i-- {
		c := code[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum, double = sum+d, !double
	}
	return sum%10 == 0
}

// Info describes the biller.
func (b *Biller) Info() bills.Info { return b.info }

func hash(parts ...string) uint64 {
	s := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return binary.BigEndian.Uint64(s[:8])
}

// Fetch returns the customer's bills of the last months, newest first.
func (b *Biller) Fetch(ctx context.Context, customer string) ([]bills.Statement, error) {
	if !b.info.Pattern.MatchString(customer) || !luhn(customer) {
		return nil, bills.ErrUnknownCustomer
	}
	now := b.now().In(vntime.Location())
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vntime.Location())
	debtor := hash(b.info.Code, customer)%4 == 0
	var out []bills.Statement
	for i := 1; i <= monthsBilled; i++ {
		m := first.AddDate(0, -i, 0)
		period := m.Format("2006-01")
		desc, amount := b.bill(hash(b.info.Code, customer, period), m)
		out = append(out, bills.Statement{
			ID: b.info.Code + "-" + customer + "-" + m.Format("200601"), Period: period, Description: desc, AmountVND: amount,
			DueOn: time.Date(m.Year(), m.Month()+1, b.dueOn, 0, 0, 0, 0, vntime.Location()).Format(time.DateOnly),
			Paid:  i > 2 || (i == 2 && !debtor),
		})
	}
	return out, nil
}

// Pay confirms a payment, once per ref.
func (b *Biller) Pay(ctx context.Context, p bills.Payment) (string, error) {
	if b.Fail != nil {
		if err := b.Fail(); err != nil {
			return "", err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.receipts[p.Ref]; ok {
		return r, nil
	}
	r := fmt.Sprintf("%s-%012d", b.info.Code, hash(p.Ref)%1e12)
	b.receipts[p.Ref] = r
	return r, nil
}

// Status says whether the biller was told of the payment ref (since this process started).
func (b *Biller) Status(ctx context.Context, ref string) (bills.PaymentState, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.receipts[ref]; ok {
		return bills.StateConfirmed, r, nil
	}
	return bills.StateUnknown, "", nil
}

// Complain answers with a ticket named after the biller.
func (b *Biller) Complain(ctx context.Context, c bills.Complaint) (string, error) {
	return fmt.Sprintf("KN-%s-%08d", b.info.Code, hash(c.BillID, c.PaymentRef, c.Text)%1e8), nil
}

// tiered is the amount of use units priced by tiers: each tier's upper bound (0 for the last)
// and its price per unit.
func tiered(use int64, tiers [][2]int64) int64 {
	var sum, from int64
	for _, t := range tiers {
		upTo, price := t[0], t[1]
		if upTo == 0 || use <= upTo {
			return sum + (use-from)*price
		}
		sum += (upTo - from) * price
		from = upTo
	}
	return sum
}

func month(m time.Time) string { return m.Format("01/2006") }

// electricity: household retail tariff of Decision 1279/QĐ-BCT (9 May 2025), đồng per kWh
// before VAT, by tiers of 50, 50, 100, 100, 100 kWh and above; VAT 8% (Decree 174/2025/NĐ-CP).
func electricity(h uint64, m time.Time) (string, int64) {
	kwh := int64(80 + h%420)
	net := tiered(kwh, [][2]int64{{50, 1984}, {100, 2050}, {200, 2380}, {300, 2998}, {400, 3350}, {0, 3460}})
	return fmt.Sprintf("Tiền điện tháng %s (%d kWh)", month(m), kwh), net * 108 / 100
}

// water: Hà Nội's domestic tariff (Decision 38/2013/QĐ-UBND, from 2015), đồng per m³ by tiers
// of 10 m³; VAT 5%, and the wastewater fee of 10% of the price (Decree 53/2020/NĐ-CP).
func water(h uint64, m time.Time) (string, int64) {
	m3 := int64(6 + h%30)
	net := tiered(m3, [][2]int64{{10, 8500}, {20, 9900}, {30, 16000}, {0, 27000}})
	return fmt.Sprintf("Tiền nước tháng %s (%d m³)", month(m), m3), net*105/100 + net/10
}

// postpaid: a monthly plan and calls beyond it, VAT included.
func postpaid(h uint64, m time.Time) (string, int64) {
	plans := []int64{99000, 149000, 199000, 299000}
	extra := int64(h/7%80) * 1000
	return fmt.Sprintf("Cước di động trả sau tháng %s", month(m)), plans[h%4] + extra
}

// parking: turns of street parking for a car, 30,000 đồng a turn (demo figure).
func parking(h uint64, m time.Time) (string, int64) {
	turns := int64(3 + h%18)
	return fmt.Sprintf("Phí trông giữ xe tháng %s (%d lượt)", month(m), turns), turns * 30000
}

// school: tuition is free in public schools from September 2025 (Resolution 217/2025/QH15);
// the school collects for meals at school (bán trú), drinking water and optional clubs.
func school(h uint64, m time.Time) (string, int64) {
	days := int64(18 + h%5)
	amount, desc := days*35000+15000, fmt.Sprintf("Khoản thu tháng %s: bán trú %d ngày, nước uống", month(m), days)
	if h%3 == 0 {
		amount += 200000
		desc += ", câu lạc bộ tiếng Anh"
	}
	return desc, amount
}

// Registry is the registry of the demo billers.
func Registry(now func() time.Time) *bills.Registry {
	var list []bills.Biller
	for _, b := range All(now) {
		list = append(list, b)
	}
	r, err := bills.NewRegistry(list...)
	if err != nil {
		panic(err) // the demo billers' codes are constants
	}
	return r
}
