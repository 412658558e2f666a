// Package org holds the organisation: agencies as a tree (the city People's Committee, its
// departments, its wards and communes), the users who act for them and their roles, which the
// domain packages check to authorise. How people sign in is internal/identity, which builds on
// org; org imports neither identity nor notify.
package org

import (
	"context"
	"time"
)

// Kind is the kind of an agency.
type Kind string

const (
	KindCity        Kind = "city"         // UBND thành phố
	KindDepartment  Kind = "department"   // sở
	KindWard        Kind = "ward"         // phường
	KindCommune     Kind = "commune"      // xã
	KindSpecialZone Kind = "special_zone" // đặc khu
	KindCentre      Kind = "centre"       // Trung tâm Phục vụ hành chính công
)

// Agency is a state agency that receives or decides dossiers.
type Agency struct {
	ID   int64  `json:"-"`
	Code string `json:"code"` // the 5-digit unit code of a ward/commune, or a department's code
	// NationalID is the agency ID code of QĐ 20/2020/QĐ-TTg Art. 4 used in dossier codes.
	NationalID string `json:"national_id,omitempty"`
	ParentID   int64  `json:"-"`
	ParentCode string `json:"parent_code,omitempty"`
	Kind       Kind   `json:"kind"`
	Level      string `json:"level"` // province | commune
	Name       string `json:"name"`
	NameEn     string `json:"name_en,omitempty"`
}

// Role is what a user may do. Each user has exactly one, scoped to an agency for officers.
type Role string

const (
	RoleCitizen      Role = "citizen"
	RoleReception    Role = "reception"     // cán bộ tiếp nhận, Bộ phận Một cửa
	RoleSpecialist   Role = "specialist"    // chuyên viên thụ lý
	RoleLeader       Role = "leader"        // lãnh đạo phê duyệt
	RoleAccountant   Role = "accountant"    // kế toán: the agency's collections, reviews and refunds
	RoleEditor       Role = "editor"        // biên tập viên: writes and moderates the city's portal
	RoleOffice       Role = "office"        // Văn phòng UBND: records the committee's directives, follows their tasks
	RoleCatalogAdmin Role = "catalog_admin" // quản trị danh mục TTHC
	RoleSysAdmin     Role = "sysadmin"      // quản trị hệ thống
)

// Roles lists every role.
var Roles = []Role{RoleCitizen, RoleReception, RoleSpecialist, RoleLeader, RoleAccountant, RoleEditor, RoleOffice, RoleCatalogAdmin, RoleSysAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Officer reports whether r acts for an agency.
func (r Role) Officer() bool { return r == RoleReception || r == RoleSpecialist || r == RoleLeader }

// User is a person who signs in.
type User struct {
	ID         int64     `json:"-"`
	Username   string    `json:"username"`
	FullName   string    `json:"full_name"`
	Email      string    `json:"email,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	Role       Role      `json:"role"`
	AgencyID   int64     `json:"-"`
	AgencyCode string    `json:"agency_code,omitempty"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
}

// CanManageCatalog reports whether u may publish, amend and abolish procedures.
func (u *User) CanManageCatalog() bool {
	return u != nil && (u.Role == RoleCatalogAdmin || u.Role == RoleSysAdmin)
}

// Agency reports whether r acts for an agency (the officers and the accountant).
func (r Role) Agency() bool { return r.Officer() || r == RoleAccountant }

// IsAdmin reports whether u administers the system.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleSysAdmin }

type ctxKey struct{}

// WithUser returns ctx carrying the signed-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// UserFrom returns the signed-in user, or nil for an anonymous caller.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}
