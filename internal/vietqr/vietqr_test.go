package vietqr

import (
	"errors"
	"strings"
	"testing"
)

// vectors are every test vector of shared/domain/standards.md §1, with what each says.
var vectors = []struct {
	name    string
	payload string
	p       Payment
}{
	{"1 NAPAS §6.1.4 dynamic to card",
		"00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203",
		Payment{BIN: "970403", Account: "9704031101234567", Service: ToCard, Dynamic: true, Amount: 180000, Bill: "NPS6869", Purpose: "thanh toan don hang"}},
	{"2 NAPAS §6.1.3 dynamic to account",
		"00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
		Payment{BIN: "970403", Account: "0011012345678", Service: ToAccount, Dynamic: true, Amount: 180000, Bill: "NPS6869", Purpose: "thanh toan don hang"}},
	{"3 NAPAS §6.1.2 static to card",
		"00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
		Payment{BIN: "970403", Account: "9704031101234567", Service: ToCard}},
	{"4 subiz static TPBank",
		"00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
		Payment{BIN: "970423", Account: "0099999999", Service: ToAccount}},
	{"7 vietnam-qr-pay static ACB",
		"00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
		Payment{BIN: "970416", Account: "257678859", Service: ToAccount}},
	{"8 vietnam-qr-pay dynamic ACB",
		"00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6",
		Payment{BIN: "970416", Account: "257678859", Service: ToAccount, Dynamic: true, Amount: 10000, Purpose: "Chuyen tien"}},
}

func TestCRCCheckValue(t *testing.T) {
	if got := CRC("123456789"); got != "29B1" {
		t.Errorf(`CRC("123456789") = %s; want 29B1 (CRC-16/CCITT-FALSE check value)`, got)
	}
}

func TestVectors(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			got, err := Encode(v.p)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if got != v.payload {
				t.Errorf("Encode = %s\n          want %s", got, v.payload)
			}
			p, err := Parse(v.payload)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p != v.p {
				t.Errorf("Parse = %+v; want %+v", p, v.p)
			}
		})
	}
}

// TestEncodeDefaults: an empty Service is a transfer to an account; a static code may carry
// an amount; merchant name and city are objects 59 and 60.
func TestEncodeDefaults(t *testing.T) {
	s, err := Encode(Payment{BIN: "970436", Account: "0011001234567", Amount: 50000, Purpose: "HS 000.00.30.H26 001", MerchantName: "UBND PHUONG HOAN KIEM", MerchantCity: "HA NOI"})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"010211", "0208QRIBFTTA", "540550000", "5921UBND PHUONG HOAN KIEM", "6006HA NOI", "62240820HS 000.00.30.H26 001"} {
		if !strings.Contains(s, part) {
			t.Errorf("payload %s lacks %s", s, part)
		}
	}
	p, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	if p.Service != ToAccount || p.MerchantName != "UBND PHUONG HOAN KIEM" || p.MerchantCity != "HA NOI" {
		t.Errorf("Parse = %+v", p)
	}
}

// TestLongest: every field at its bound still makes objects under 100 characters and a payload
// that parses back to the same payment.
func TestLongest(t *testing.T) {
	p := Payment{BIN: "970418", Account: strings.Repeat("9", MaxAccount), Dynamic: true, Amount: 9999999999999,
		Bill: strings.Repeat("B", MaxPurpose), Purpose: strings.Repeat("~", MaxPurpose),
		MerchantName: strings.Repeat("N", MaxMerchantName), MerchantCity: strings.Repeat("C", MaxMerchantCity), Service: ToAccount}
	s, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) >= 230 {
		t.Errorf("longest payload is %d characters; want under 230", len(s))
	}
	got, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	if got != p {
		t.Errorf("Parse = %+v; want %+v", got, p)
	}
	card := Payment{BIN: "970418", Account: "9704" + strings.Repeat("1", 15), Service: ToCard}
	if s, err = Encode(card); err != nil {
		t.Fatal(err)
	}
	if got, err := Parse(s); err != nil || got != card {
		t.Errorf("Parse(%s) = %+v, %v", s, got, err)
	}
}

func TestEncodeErrors(t *testing.T) {
	ok := Payment{BIN: "970436", Account: "0011001234567", Dynamic: true, Amount: 1000, Purpose: "ABC"}
	for _, c := range []struct {
		field  string
		change func(*Payment)
	}{
		{"bin", func(p *Payment) { p.BIN = "97043" }},
		{"bin", func(p *Payment) { p.BIN = "9704366" }},
		{"bin", func(p *Payment) { p.BIN = "97043A" }},
		{"bin", func(p *Payment) { p.BIN = "" }},
		{"account", func(p *Payment) { p.Account = "" }},
		{"account", func(p *Payment) { p.Account = strings.Repeat("1", MaxAccount+1) }},
		{"account", func(p *Payment) { p.Account = "0011-0012" }},
		{"account", func(p *Payment) { p.Account = "abc123" }},
		{"account", func(p *Payment) { p.Account = "00110 12" }},
		{"account", func(p *Payment) { p.Service, p.Account = ToCard, "0011001234567890" }},
		{"account", func(p *Payment) { p.Service, p.Account = ToCard, "97040311012345" }},
		{"service", func(p *Payment) { p.Service = "QRPUSH" }},
		{"amount", func(p *Payment) { p.Amount = 0 }},
		{"amount", func(p *Payment) { p.Amount = -1 }},
		{"amount", func(p *Payment) { p.Dynamic, p.Amount = false, -5 }},
		{"amount", func(p *Payment) { p.Amount = 10000000000000 }},
		{"purpose", func(p *Payment) { p.Purpose = "Nộp phí" }},
		{"purpose", func(p *Payment) { p.Purpose = "line\nbreak" }},
		{"purpose", func(p *Payment) { p.Purpose = strings.Repeat("x", MaxPurpose+1) }},
		{"purpose", func(p *Payment) { p.Purpose = "   " }},
		{"bill", func(p *Payment) { p.Bill = strings.Repeat("x", MaxPurpose+1) }},
		{"merchant_name", func(p *Payment) { p.MerchantName = strings.Repeat("N", MaxMerchantName+1) }},
		{"merchant_name", func(p *Payment) { p.MerchantName = "Hà Nội" }},
		{"merchant_city", func(p *Payment) { p.MerchantCity = strings.Repeat("C", MaxMerchantCity+1) }},
	} {
		p := ok
		c.change(&p)
		s, err := Encode(p)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Encode(%+v) = %q, %v; want an *Error on %s", p, s, err, c.field)
			continue
		}
		if e.Field != c.field || e.Reason == "" {
			t.Errorf("Encode(%+v): error %v on %q; want field %q", p, err, e.Field, c.field)
		}
	}
	if _, err := Encode(ok); err != nil {
		t.Errorf("Encode(%+v): %v", ok, err)
	}
}

// withCRC completes body with a correct CRC object, so a test reaches the checks behind it.
func withCRC(body string) string { return body + "6304" + CRC(body+"6304") }

func TestParseErrors(t *testing.T) {
	v2 := vectors[1].payload
	body2 := v2[:len(v2)-8]
	for _, c := range []struct {
		name, payload, field string
	}{
		{"empty", "", "payload"},
		{"wrong CRC", v2[:len(v2)-1] + "F", "63"},
		{"no CRC", body2, "63"},
		{"CRC not last", withCRC(body2) + "0102AB", "63"},
		{"truncated", v2[:len(v2)-3], "63"},
		{"not 00 first", withCRC("010212000201" + body2[12:]), "00"},
		{"format 02", withCRC("000202" + body2[6:]), "00"},
		{"ID not digits", withCRC(body2 + "A1"), "payload"},
		{"length past end", withCRC(body2 + "9950abc"), "99"},
		{"zero length", withCRC(body2 + "9900"), "99"},
		{"repeated object", withCRC(body2 + "5802VN"), "58"},
		// standards.md §1 negatives: CRC right, nested lengths wrong.
		{"38.01.01 declares 12 for 13 characters", withCRC(strings.Replace(body2, "01130011012345678", "01120011012345678", 1)), "38.01"},
		{"service nested in 38.01", withCRC(strings.Replace(body2, "38570010A00000072701270006970403011300110123456780208QRIBFTTA", "38570010A00000072701390006970403011300110123456780208QRIBFTTA", 1)), "38.02"},
		{"service nested in 38.01 and in 38", withCRC(strings.Replace(body2, "38570010A00000072701270006970403011300110123456780208QRIBFTTA", "38690010A00000072701390006970403011300110123456780208QRIBFTTA0208QRIBFTTA", 1)), "38.01.02"},
		{"no 38", withCRC("000201010212" + body2[strings.Index(body2, "5303"):]), "38"},
		{"GUID", withCRC(strings.Replace(body2, "A000000727", "A000000728", 1)), "38.00"},
		{"service", withCRC(strings.Replace(body2, "QRIBFTTA", "QRPUSH00", 1)), "38.02"},
		{"currency", withCRC(strings.Replace(body2, "5303704", "5303840", 1)), "53"},
		{"country", withCRC(strings.Replace(body2, "5802VN", "5802TH", 1)), "58"},
		{"initiation", withCRC(strings.Replace(body2, "010212", "010213", 1)), "01"},
		{"amount with decimals", withCRC(strings.Replace(body2, "5406180000", "5409180000.00", 1)), "54"},
		{"amount leading zero", withCRC(strings.Replace(body2, "5406180000", "5406018000", 1)), "54"},
		{"dynamic without amount", withCRC(strings.Replace(body2, "5406180000", "", 1)), "amount"},
		{"BIN 5 digits", withCRC(strings.Replace(body2, "38570010A00000072701270006970403", "38560010A0000007270126000597040", 1)), "bin"},
		{"62 malformed", withCRC(strings.Replace(body2, "0819thanh", "0820thanh", 1)), "62.08"},
		{"non-ASCII", withCRC(strings.Replace(body2, "0819thanh toan don hang", "0819thành toan don hang", 1)), "payload"},
		{"too long", withCRC(body2 + strings.Repeat("9999"+strings.Repeat("x", 99), 5)), "payload"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(c.payload)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %+v, %v; want an *Error on %s", c.payload, p, err, c.field)
			}
			if e.Field != c.field {
				t.Errorf("Parse(%q): %v; want field %q", c.payload, err, c.field)
			}
		})
	}
}

// TestParseTolerant: objects in another order (53 and 58 before 38, as some banks print), a
// lower-case CRC and objects a transfer ignores (52, 62.05) still parse.
func TestParseTolerant(t *testing.T) {
	s := withCRC("0002010102115303704580" + "2VN5204599938540010A00000072701240006970423011000999999990208QRIBFTTA62090505REF01")
	s = s[:len(s)-4] + strings.ToLower(s[len(s)-4:])
	p, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	if want := (Payment{BIN: "970423", Account: "0099999999", Service: ToAccount}); p != want {
		t.Errorf("Parse = %+v; want %+v", p, want)
	}
}

// FuzzParse: Parse never panics, and whatever it accepts encodes to a payload that parses to
// the same payment. An input ending in a CRC object is also tried with its CRC made right, so
// that mutations reach the checks behind the CRC.
func FuzzParse(f *testing.F) {
	for _, v := range vectors {
		f.Add(v.payload)
	}
	f.Add(withCRC("000201010211"))
	f.Add("000201")
	f.Fuzz(func(t *testing.T, s string) {
		parseRoundTrip(t, s)
		if n := len(s); n >= 8 && s[n-8:n-4] == "6304" {
			parseRoundTrip(t, s[:n-4]+CRC(s[:n-4]))
		}
	})
}

func parseRoundTrip(t *testing.T, s string) {
	p, err := Parse(s)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Parse(%q): %v is not an *Error", s, err)
		}
		return
	}
	enc, err := Encode(p)
	if err != nil {
		t.Fatalf("Parse(%q) = %+v, which Encode refuses: %v", s, p, err)
	}
	back, err := Parse(enc)
	if err != nil || back != p {
		t.Fatalf("Encode(%+v) = %q parses to %+v, %v", p, enc, back, err)
	}
}

// FuzzEncode: whatever Encode accepts parses back to the same payment; what it refuses is an
// *Error.
func FuzzEncode(f *testing.F) {
	for _, v := range vectors {
		f.Add(v.p.BIN, v.p.Account, v.p.Service == ToCard, v.p.Dynamic, v.p.Amount, v.p.Bill, v.p.Purpose, v.p.MerchantName)
	}
	f.Fuzz(func(t *testing.T, bin, account string, card, dynamic bool, amount int64, bill, purpose, name string) {
		p := Payment{BIN: bin, Account: account, Service: ToAccount, Dynamic: dynamic, Amount: amount, Bill: bill, Purpose: purpose, MerchantName: name}
		if card {
			p.Service = ToCard
		}
		s, err := Encode(p)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Encode(%+v): %v is not an *Error", p, err)
			}
			return
		}
		back, err := Parse(s)
		if err != nil || back != p {
			t.Fatalf("Encode(%+v) = %q parses to %+v, %v", p, s, back, err)
		}
	})
}
