// Package demo seeds the demo city of CONTRACT.md: Hà Nội's People's Committee, departments,
// its 126 wards and communes, the demo accounts (password "demo") and a catalog of real
// procedures compiled from the national public-service portal.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Hà Nội: province code 01 (QĐ 19/2025/QĐ-TTg). Its level-1 agency ID under QĐ 20/2020 is
// taken to be H26, which egov.md §4 marks unconfirmed.
const (
	Province   = "01"
	ProvinceID = "H26"
	CityCode   = "UBND-HN"
	Password   = "demo"
)

// Departments are the city departments (sở) seeded, after the 2025 mergers.
var Departments = []org.Agency{
	{Code: "STP", Name: "Sở Tư pháp", NameEn: "Department of Justice"},
	{Code: "SXD", Name: "Sở Xây dựng", NameEn: "Department of Construction"},
	{Code: "STC", Name: "Sở Tài chính", NameEn: "Department of Finance"},
	{Code: "SNNMT", Name: "Sở Nông nghiệp và Môi trường", NameEn: "Department of Agriculture and Environment"},
	{Code: "SGDDT", Name: "Sở Giáo dục và Đào tạo", NameEn: "Department of Education and Training"},
	{Code: "SYT", Name: "Sở Y tế", NameEn: "Department of Health"},
	{Code: "SNV", Name: "Sở Nội vụ", NameEn: "Department of Home Affairs"},
	{Code: "CATP", Name: "Công an thành phố Hà Nội", NameEn: "Hanoi City Police"},
}

// fieldAgency says which department receives a province-level procedure of a field, for the
// demo catalog (the national records name the agency in prose only).
var fieldAgency = map[string]string{
	"xay dung": "SXD", "hoat dong xay dung": "SXD", "quy hoach xay dung": "SXD",
	"dat dai": "SNNMT", "ly lich tu phap": "CATP", "quan ly xuat nhap canh": "CATP", "xuat nhap canh": "CATP",
	"thanh lap va hoat dong cua doanh nghiep": "STC", "sat hach cap giay phep lai xe": "CATP", "dang ky doanh nghiep": "STC", "duong bo": "SXD",
	"nuoi con nuoi": "STP", "ho tich": "STP", "chung thuc": "STP", "can cuoc": "CATP", "cu tru": "CATP",
}

// Account is a demo account.
type Account struct {
	Username, FullName string
	Role               org.Role
	Agency             string
}

// Accounts are the demo accounts of CONTRACT.md, all with password "demo".
var Accounts = []Account{
	{"admin", "Quản trị hệ thống", org.RoleSysAdmin, CityCode},
	{"catalog", "Nguyễn Thị Danh Mục", org.RoleCatalogAdmin, CityCode},
	{"bientap", "Hoàng Thị Biên Tập", org.RoleEditor, CityCode},
	{"vanphong", "Bùi Văn Phòng", org.RoleOffice, CityCode},
	{"tiepnhan", "Trần Văn Tiếp Nhận", org.RoleReception, "00070"},
	{"chuyenvien", "Lê Thị Chuyên Viên", org.RoleSpecialist, "00070"},
	{"lanhdao", "Phạm Văn Lãnh Đạo", org.RoleLeader, "00070"},
	{"ketoan", "Vũ Thị Kế Toán", org.RoleAccountant, "00070"},
	{"tiepnhan2", "Đỗ Thị Tiếp Nhận", org.RoleReception, "00004"},
	// The city police's one-stop desk, which receives the province-level procedures of its
	// fields (fieldAgency), such as Phiếu lý lịch tư pháp (3.000333, with a fee, fully online).
	{"tiepnhan.catp", "Vũ Văn Tiếp Nhận", org.RoleReception, "CATP"},
	{"chuyenvien.catp", "Ngô Thị Chuyên Viên", org.RoleSpecialist, "CATP"},
	{"lanhdao.catp", "Đinh Văn Lãnh Đạo", org.RoleLeader, "CATP"},
	{"congdan", "Nguyễn Văn An", org.RoleCitizen, ""},
	{"congdan2", "Trần Thị Bình", org.RoleCitizen, ""},
}

//go:embed data/procedures.json
var proceduresJSON []byte

// DecisionNumber is the number of the decision that publishes the demo catalog.
const DecisionNumber = "DEMO-01/QĐ-UBND"

// Procedures returns the demo catalog with receiving agencies filled in.
func Procedures() ([]catalog.Item, error) {
	items, err := catalog.DecodeJSON(strings.NewReader(string(proceduresJSON)))
	if err != nil {
		return nil, fmt.Errorf("demo: catalog data: %w", err)
	}
	for i := range items {
		p := &items[i].Procedure
		if p.Level == catalog.LevelProvince && len(p.AgencyCodes) == 0 {
			if code, ok := fieldAgency[vntext.Fold(p.Field)]; ok {
				p.AgencyCodes = []string{code}
			}
		}
	}
	return items, nil
}

//go:embed data/synonyms.json
var synonymsJSON []byte

// Synonyms returns the demo's search synonyms (data/synonyms.json).
func Synonyms() ([]catalog.Synonym, error) {
	var f struct {
		Items []catalog.Synonym `json:"items"`
	}
	if err := json.Unmarshal(synonymsJSON, &f); err != nil {
		return nil, fmt.Errorf("demo: synonyms data: %w", err)
	}
	return f.Items, nil
}

// Seed creates whatever of the demo city is missing; on a seeded database it does nothing.
// Agencies go through orgs, accounts through ids.
func Seed(ctx context.Context, log *slog.Logger, orgs *org.Store, ids *identity.Store, cs *catalog.Store) error {
	if _, err := orgs.Agency(ctx, CityCode); apperr.KindOf(err) == apperr.KindNotFound {
		city := &org.Agency{Code: CityCode, NationalID: "000.00.00." + ProvinceID, Kind: org.KindCity, Level: "province",
			Name: "Ủy ban nhân dân thành phố Hà Nội", NameEn: "Hanoi People's Committee"}
		if err := orgs.CreateAgency(ctx, city); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	for i, d := range Departments {
		if _, err := orgs.Agency(ctx, d.Code); err == nil {
			continue
		}
		d.ParentCode, d.Kind, d.Level = CityCode, org.KindDepartment, "province"
		d.NationalID = fmt.Sprintf("000.00.%02d.%s", i+1, ProvinceID)
		if err := orgs.CreateAgency(ctx, &d); err != nil {
			return err
		}
	}
	p, err := org.ProvinceByCode(Province)
	if err != nil {
		return err
	}
	n, err := orgs.SeedUnits(ctx, p, CityCode, ProvinceID)
	if err != nil {
		return err
	}
	users := 0
	for _, a := range Accounts {
		if _, err := orgs.User(ctx, a.Username); err == nil {
			continue
		}
		agency := a.Agency
		if a.Role == org.RoleCitizen {
			agency = ""
		}
		if _, err := ids.CreateUser(ctx, identity.NewUser{Username: a.Username, Password: Password, FullName: a.FullName,
			Role: a.Role, AgencyCode: agency}); err != nil {
			return err
		}
		users++
	}
	procs := 0
	if _, err := cs.DecisionByNumber(ctx, DecisionNumber); apperr.KindOf(err) == apperr.KindNotFound {
		items, err := Procedures()
		if err != nil {
			return err
		}
		rep, err := cs.Import(ctx, &org.User{Username: "demo", Role: org.RoleCatalogAdmin}, items, catalog.Decision{
			Number: DecisionNumber, SignedOn: "2026-07-01", Signer: "Dữ liệu mẫu (demo)",
			Title: "Dữ liệu mẫu: danh mục thủ tục hành chính tổng hợp từ Cổng Dịch vụ công quốc gia",
		})
		if err != nil {
			return fmt.Errorf("demo: catalog: %w", err)
		}
		procs = len(rep.Published) + len(rep.Amended)
	} else if err != nil {
		return err
	}
	// The synonyms are seeded once: a list an administrator has emptied stays empty.
	syns := 0
	demoAdmin := &org.User{Username: "demo", Role: org.RoleCatalogAdmin}
	if cur, err := cs.Synonyms(ctx, demoAdmin); err != nil {
		return err
	} else if cur.Version == 0 {
		items, err := Synonyms()
		if err != nil {
			return err
		}
		if _, err := cs.ReplaceSynonyms(ctx, demoAdmin, items); err != nil {
			return fmt.Errorf("demo: synonyms: %w", err)
		}
		syns = len(items)
	}
	if n+users+procs+syns > 0 {
		log.Info("demo city seeded", "units", n, "users", users, "procedures", procs, "synonyms", syns)
	}
	return nil
}
