package identity

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

func TestCCCDProvinces(t *testing.T) {
	if n := len(cccdProvinceSet); n != 63 {
		t.Errorf("len(cccdProvinceSet) = %d; want the 63 pre-2025 provinces", n)
	}
	for _, c := range []string{"001", "031", "048", "079", "092", "096"} { // HN, HP, ĐN, HCM, CT, Cà Mau
		if !cccdProvinceSet[c] {
			t.Errorf("province %s missing", c)
		}
	}
}

func TestParseCCCD(t *testing.T) {
	tests := []struct {
		in   string
		want CCCD
		ok   bool
	}{
		{"087084000999", CCCD{"087084000999", "087", 1984, false}, true}, // standards.md §5: Đồng Tháp, male, 1984
		{"001195012345", CCCD{"001195012345", "001", 1995, true}, true},  // Hà Nội, female, 1995
		{"079303000001", CCCD{"079303000001", "079", 2003, true}, true},  // HCM, G=3: female 2000s
		{"096200999999", CCCD{"096200999999", "096", 2000, false}, true}, // Cà Mau, G=2: male 2000s
		{"031599000000", CCCD{"031599000000", "031", 2199, true}, true},  // G=5: female 21xx
		{"001800000000", CCCD{"001800000000", "001", 2300, false}, true}, // G=8 → 23xx
		{"", CCCD{}, false},
		{"08708400099", CCCD{}, false},   // 11 digits
		{"0870840009990", CCCD{}, false}, // 13 digits
		{"08708400099a", CCCD{}, false},
		{"087 084 000 999", CCCD{}, false},
		{"٠٨٧٠٨٤٠٠٠٩٩٩", CCCD{}, false}, // Arabic-Indic digits
		{"003084000999", CCCD{}, false}, // 003 is no province
		{"000084000999", CCCD{}, false},
		{"097084000999", CCCD{}, false}, // after the last code, 096
		{"100084000999", CCCD{}, false},
	}
	for _, tt := range tests {
		got, err := ParseCCCD(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseCCCD(%q) error = %v; want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && got != tt.want {
			t.Errorf("ParseCCCD(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
		if (ValidCCCD(tt.in) == nil) != tt.ok {
			t.Errorf("ValidCCCD(%q) disagrees with ParseCCCD", tt.in)
		}
	}
}

func TestCheckCCCDBirth(t *testing.T) {
	d := func(s string) time.Time { tm, _ := time.Parse(time.DateOnly, s); return tm }
	tests := []struct {
		id    string
		birth time.Time
		ok    bool
	}{
		{"087084000999", d("1984-07-01"), true},
		{"087084000999", time.Time{}, true}, // no birth date: structure only
		{"087084000999", d("1985-01-01"), false},
		{"087284000999", d("1984-07-01"), false}, // G=2 says 2084
		{"001206000001", d("2006-02-28"), true},
		{"001106000001", d("2006-02-28"), false}, // G=1 says 1906
		{"003084000999", d("1984-07-01"), false}, // bad structure wins
	}
	for _, tt := range tests {
		if err := CheckCCCDBirth(tt.id, tt.birth); (err == nil) != tt.ok {
			t.Errorf("CheckCCCDBirth(%q, %v) = %v; want ok=%v", tt.id, tt.birth.Format(time.DateOnly), err, tt.ok)
		}
	}
}

// newCitizen signs up and verifies a citizen through the store, returning the account.
func newCitizen(t *testing.T, s *Store, d *db.DB, login string) *org.User {
	t.Helper()
	ctx := context.Background()
	p, err := s.SignUp(ctx, SignUpInput{Login: login, Password: "mật khẩu dài", FullName: "Nguyễn Văn An"})
	if err != nil {
		t.Fatalf("SignUp(%s): %v", login, err)
	}
	u, err := s.Verify(ctx, login, lastCode(t, d, p.Login))
	if err != nil {
		t.Fatalf("Verify(%s): %v", login, err)
	}
	return u
}

func fieldPaths(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Path)
	}
	return out
}

func TestProfile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d)
		u := newCitizen(t, s, d, "an@example.vn")

		p, err := s.Profile(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := &Profile{Username: "an@example.vn", FullName: "Nguyễn Văn An", Email: "an@example.vn", EmailVerified: true, Lang: "vi"}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("Profile after sign-up (-want +got):\n%s", diff)
		}

		// Every bad field at once.
		_, err = s.UpdateProfile(ctx, u, ProfileInput{FullName: " ", IDNumber: "003084000999", BirthDate: "1984-02-30",
			Phone: "0212345678", Email: "not-an-email", UnitCode: "99999", AddressLine: "số 1\x00"})
		if apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Fatalf("UpdateProfile(bad) = %v; want 422", err)
		}
		wantPaths := []string{"full_name", "birth_date", "id_number", "phone", "email", "unit_code", "address_line"}
		if diff := cmp.Diff(wantPaths, fieldPaths(err)); diff != "" {
			t.Errorf("UpdateProfile(bad) fields (-want +got):\n%s\n%v", diff, err)
		}

		// CCCD against birth date; an address needs its commune.
		_, err = s.UpdateProfile(ctx, u, ProfileInput{FullName: "An", IDNumber: "087084000999", BirthDate: "1990-01-01", AddressLine: "số 1"})
		if diff := cmp.Diff([]string{"id_number", "unit_code"}, fieldPaths(err)); diff != "" {
			t.Errorf("UpdateProfile(mismatch) fields (-want +got):\n%s", diff)
		}
		_, err = s.UpdateProfile(ctx, u, ProfileInput{FullName: "An", BirthDate: s.now().AddDate(0, 0, 2).Format(time.DateOnly)})
		if diff := cmp.Diff([]string{"birth_date"}, fieldPaths(err)); diff != "" {
			t.Errorf("UpdateProfile(future birth) fields (-want +got):\n%s", diff)
		}

		// A good profile, in decomposed Unicode: stored in NFC. Ba Đình (00004) is in Hà Nội (01).
		nfd := func(s string) string { return norm.NFD.String(s) }
		in := ProfileInput{FullName: nfd("  Trần   Thị Bình "), IDNumber: "001184000123", BirthDate: "1984-05-06",
			Phone: "0912 345 678", Email: "an@example.vn", UnitCode: "00004", AddressLine: nfd("Số 12, phố Điện Biên Phủ")}
		p, err = s.UpdateProfile(ctx, u, in)
		if err != nil {
			t.Fatalf("UpdateProfile: %v", err)
		}
		want = &Profile{Username: "an@example.vn", FullName: "Trần Thị Bình", IDNumber: "001184000123", BirthDate: "1984-05-06",
			Email: "an@example.vn", EmailVerified: true, Phone: "+84912345678", UnitCode: "00004", UnitName: "Phường Ba Đình",
			ProvinceCode: "01", ProvinceName: "Thành phố Hà Nội", AddressLine: "Số 12, phố Điện Biên Phủ", Lang: "vi"}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("UpdateProfile (-want +got):\n%s", diff)
		}
		if got, _ := s.Profile(ctx, u.ID); !cmp.Equal(got, p) {
			t.Errorf("Profile = %+v; want what UpdateProfile returned", got)
		}

		// A new e-mail address is not verified; the old one no longer signs in, the username does.
		in.Email = "binh@example.vn"
		if p, err = s.UpdateProfile(ctx, u, in); err != nil || p.EmailVerified || p.Email != "binh@example.vn" {
			t.Fatalf("UpdateProfile(new email) = %+v, %v; want binh@example.vn unverified", p, err)
		}
		if _, err := s.Authenticate(ctx, "binh@example.vn", "mật khẩu dài"); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("Authenticate(unverified email) = %v; want refused", err)
		}
		if _, err := s.Authenticate(ctx, "an@example.vn", "mật khẩu dài"); err != nil {
			t.Errorf("Authenticate(username) = %v", err)
		}

		// Clearing optional fields.
		if p, err = s.UpdateProfile(ctx, u, ProfileInput{FullName: "Bình"}); err != nil {
			t.Fatal(err)
		}
		if want := (&Profile{Username: "an@example.vn", FullName: "Bình", Lang: "vi"}); !cmp.Equal(want, p) {
			t.Errorf("UpdateProfile(clear) = %+v; want %+v", p, want)
		}

		if _, err := s.UpdateProfile(ctx, nil, in); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("UpdateProfile(nil actor) = %v; want unauthenticated", err)
		}
		if _, err := s.Profile(ctx, 987654); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Profile(unknown) = %v; want not found", err)
		}
	})
}
