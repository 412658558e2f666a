package vietqr

import (
	"strconv"
	"strings"
)

// object is one parsed data object.
type object struct{ id, value string }

// Parse reads a VietQR payload back into a Payment: the CRC must match and every object,
// nested ones included, must be well formed, since a right CRC over wrong lengths is still a
// wrong code (standards.md §1). Objects may come in any order between 00 (first) and 63 (last);
// those a transfer does not use (52 MCC, 62.05, 64, …) are checked as TLV and ignored. Errors
// name the object by its ID path (38.01.01) for structure, the Payment field for values.
func Parse(s string) (Payment, error) {
	var p Payment
	if len(s) > MaxPayload {
		return p, errf("payload", "longer than "+strconv.Itoa(MaxPayload)+" characters")
	}
	if err := checkText("payload", s, MaxPayload); err != nil {
		return p, err
	}
	objs, err := split("", s)
	if err != nil {
		return p, err
	}
	if objs[0].id != "00" || objs[0].value != "01" {
		return p, errf("00", "a payload starts with 000201")
	}
	last := objs[len(objs)-1]
	if last.id != "63" || len(last.value) != 4 {
		return p, errf("63", "a payload ends with the CRC, 6304 and four hex digits")
	}
	if want := CRC(s[:len(s)-4]); !strings.EqualFold(last.value, want) {
		return p, errf("63", "CRC "+last.value+" does not match the payload ("+want+")")
	}
	top, err := index("", objs)
	if err != nil {
		return p, err
	}
	switch top["01"] {
	case "12":
		p.Dynamic = true
	case "11", "": // EMVCo: optional; absent = static
	default:
		return p, errf("01", "point of initiation is 11 or 12")
	}
	if err := p.account(top["38"]); err != nil {
		return p, err
	}
	if top["53"] != "704" {
		return p, errf("53", "currency must be 704 (VND)")
	}
	if top["58"] != "VN" {
		return p, errf("58", "country must be VN")
	}
	if a, ok := top["54"]; ok {
		if !digits(a) || a[0] == '0' {
			return p, errf("54", "an amount in đồng is digits without a leading zero")
		}
		if p.Amount, err = strconv.ParseInt(a, 10, 64); err != nil {
			return p, errf("54", "amount too large")
		}
	}
	p.MerchantName, p.MerchantCity = top["59"], top["60"]
	if add, ok := top["62"]; ok {
		sub, err := parseIndex("62", add)
		if err != nil {
			return p, err
		}
		p.Bill, p.Purpose = sub["01"], sub["08"]
	}
	return p, p.check()
}

// account reads object 38, NAPAS's consumer account information, strictly: GUID, beneficiary
// (BIN, account) and service, nothing else, so that a mis-declared nested length fails.
func (p *Payment) account(v string) error {
	if v == "" {
		return errf("38", "missing NAPAS account information")
	}
	sub, err := parseIndex("38", v)
	if err != nil {
		return err
	}
	if err := only("38", sub, "00", "01", "02"); err != nil {
		return err
	}
	if sub["00"] != napasGUID {
		return errf("38.00", "GUID must be "+napasGUID+" (NAPAS)")
	}
	ben, err := parseIndex("38.01", sub["01"])
	if err != nil {
		return err
	}
	if err := only("38.01", ben, "00", "01"); err != nil {
		return err
	}
	p.BIN, p.Account = ben["00"], ben["01"]
	switch Service(sub["02"]) {
	case ToAccount, ToCard:
		p.Service = Service(sub["02"])
	default:
		return errf("38.02", "service must be QRIBFTTA or QRIBFTTC")
	}
	return nil
}

// only refuses objects outside ids, and requires each of them.
func only(path string, m map[string]string, ids ...string) error {
	for id := range m {
		found := false
		for _, want := range ids {
			found = found || id == want
		}
		if !found {
			return errf(path+"."+id, "unexpected object (a nested length may be wrong)")
		}
	}
	for _, id := range ids {
		if m[id] == "" {
			return errf(path+"."+id, "missing")
		}
	}
	return nil
}

func parseIndex(path, v string) (map[string]string, error) {
	objs, err := split(path, v)
	if err != nil {
		return nil, err
	}
	return index(path, objs)
}

// index maps IDs to values, refusing a repeated ID.
func index(path string, objs []object) (map[string]string, error) {
	m := make(map[string]string, len(objs))
	for _, o := range objs {
		if _, dup := m[o.id]; dup {
			return nil, errf(join(path, o.id), "repeated")
		}
		m[o.id] = o.value
	}
	return m, nil
}

// split cuts s into ID(2) LEN(2) VALUE objects that cover it exactly.
func split(path, s string) ([]object, error) {
	if s == "" {
		return nil, errf(join(path, ""), "empty")
	}
	var objs []object
	for i := 0; i < len(s); {
		if len(s)-i < 4 || !digits(s[i:i+4]) {
			return nil, errf(join(path, ""), "malformed object at "+strconv.Itoa(i)+": want two-digit ID and length")
		}
		id := s[i : i+2]
		n, _ := strconv.Atoi(s[i+2 : i+4])
		i += 4
		if n == 0 || n > len(s)-i {
			return nil, errf(join(path, id), "length "+strconv.Itoa(n)+" does not fit")
		}
		objs = append(objs, object{id, s[i : i+n]})
		i += n
	}
	return objs, nil
}

func join(path, id string) string {
	switch {
	case path == "":
		if id == "" {
			return "payload"
		}
		return id
	case id == "":
		return path
	}
	return path + "." + id
}
