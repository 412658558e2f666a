package org

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/motcua/motcua/internal/vntext"
)

// The 34 provinces and 3,321 communes, wards and special zones of the two-tier government
// (QĐ 19/2025/QĐ-TTg, effective 1 July 2025, and the change effective 30 April 2026), with
// their official codes. MIT; see vnunits/LICENSE.txt and vnunits/SOURCE.md.
//
//go:embed vnunits/vn_units_34_provinces_simplified.json
var unitsJSON []byte

// Province is a province-level unit and its communes.
type Province struct {
	Code     string `json:"Code"`
	Name     string `json:"Name"`
	NameEn   string `json:"NameEn"`
	FullName string `json:"FullName"`
	FullEn   string `json:"FullNameEn"`
	Units    []Unit `json:"Wards"`
}

// Unit is a commune-level unit: a ward (phường), commune (xã) or special zone (đặc khu).
type Unit struct {
	Code     string `json:"Code"` // 5 digits
	Name     string `json:"Name"`
	NameEn   string `json:"NameEn"`
	FullName string `json:"FullName"`
	FullEn   string `json:"FullNameEn"`
}

// Kind tells a ward from a commune or special zone by its full name.
func (u Unit) Kind() Kind {
	n := strings.ToLower(u.FullName)
	switch {
	case strings.HasPrefix(n, "phường"):
		return KindWard
	case strings.HasPrefix(n, "đặc khu"):
		return KindSpecialZone
	}
	return KindCommune
}

// EnglishName is the unit's English name with its own name as written in Vietnamese
// ("Hoàn Kiếm Ward"): the data's English names drop the diacritics ("Hoan Kiem Ward"), which
// only the kind of unit needs. An English exonym ("Paracel") is kept as it is.
func (u Unit) EnglishName() string {
	if u.NameEn == "" || vntext.Fold(u.Name) != vntext.Fold(u.NameEn) || !strings.Contains(u.FullEn, u.NameEn) {
		return u.FullEn
	}
	return strings.Replace(u.FullEn, u.NameEn, u.Name, 1)
}

// Provinces returns the official list of provinces and their units, names in NFC.
func Provinces() ([]Province, error) {
	var ps []Province
	if err := json.Unmarshal(unitsJSON, &ps); err != nil {
		return nil, fmt.Errorf("org: units data: %w", err)
	}
	for i := range ps {
		p := &ps[i]
		p.Name, p.FullName = vntext.NFC(p.Name), vntext.NFC(p.FullName)
		for j := range p.Units {
			u := &p.Units[j]
			u.Name, u.FullName = vntext.NFC(u.Name), vntext.NFC(u.FullName)
			// One record's full name is lower-case ("xã Bắc Sơn"); capitalise the kind.
			if r := []rune(u.FullName); len(r) > 0 {
				u.FullName = strings.ToUpper(string(r[0])) + string(r[1:])
			}
		}
	}
	return ps, nil
}

// ProvinceByCode returns one province (e.g. "01" for Hà Nội).
func ProvinceByCode(code string) (*Province, error) {
	ps, err := Provinces()
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].Code == code {
			return &ps[i], nil
		}
	}
	return nil, fmt.Errorf("org: no province %q", code)
}

// unitProvince maps every commune-level unit code to its province, read once.
var unitProvince = sync.OnceValues(func() (map[string]*Province, error) {
	ps, err := Provinces()
	if err != nil {
		return nil, err
	}
	m := map[string]*Province{}
	for i := range ps {
		for _, u := range ps[i].Units {
			m[u.Code] = &ps[i]
		}
	}
	return m, nil
})

// ProvinceOf returns the province of the agency code in the organisation tree: the province of
// its own unit code for a ward or commune, otherwise that of the wards and communes under the
// same root (a department takes its city's). It is how a deployment's place names come from
// its data rather than from code.
func (s *Store) ProvinceOf(ctx context.Context, code string) (*Province, error) {
	units, err := unitProvince()
	if err != nil {
		return nil, err
	}
	if p, ok := units[code]; ok {
		return p, nil
	}
	all, err := s.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]*Agency, len(all))
	for _, a := range all {
		byCode[a.Code] = a
	}
	root := func(code string) string {
		for i := 0; i < len(all); i++ { // bounded: a tree is never deeper than its size
			a, ok := byCode[code]
			if !ok || a.ParentCode == "" {
				break
			}
			code = a.ParentCode
		}
		return code
	}
	want := root(code)
	for _, a := range all {
		if p, ok := units[a.Code]; ok && root(a.Code) == want {
			return p, nil
		}
	}
	return nil, fmt.Errorf("org: no province for agency %q", code)
}

// ServedProvinces lists the provinces with at least one ward or commune in the organisation
// tree: the ones this deployment serves.
func (s *Store) ServedProvinces(ctx context.Context) ([]*Province, error) {
	units, err := unitProvince()
	if err != nil {
		return nil, err
	}
	all, err := s.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Province
	for _, a := range all {
		if p, ok := units[a.Code]; ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// UnitNationalID derives a placeholder agency ID code (QĐ 20/2020/QĐ-TTg Art. 4 shape
// V1V2V3.Z1Z2.Y1Y2.MX1X2) for a commune-level unit from its 5-digit code, under the
// province's level-1 code. The real codes come from each province's register, which was
// not available; see ARCHITECTURE.md.
func UnitNationalID(unitCode, province string) string {
	if len(unitCode) != 5 {
		return ""
	}
	return unitCode[2:] + "." + unitCode[:2] + ".30." + province
}

// SeedUnits creates the agencies of one province under parent: every ward, commune and special
// zone, with its official code. Existing agencies are left alone.
func (s *Store) SeedUnits(ctx context.Context, p *Province, parentCode, provinceID string) (int, error) {
	n := 0
	for _, u := range p.Units {
		if _, err := s.Agency(ctx, u.Code); err == nil {
			continue
		}
		a := &Agency{Code: u.Code, NationalID: UnitNationalID(u.Code, provinceID), ParentCode: parentCode,
			Kind: u.Kind(), Level: "commune", Name: "UBND " + u.FullName, NameEn: u.EnglishName() + " People's Committee"}
		if err := s.CreateAgency(ctx, a); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
