package applicant

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/oidctest"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

// oidcFixture is the portal with an OpenID Connect provider: oidctest, built on zitadel/oidc's
// provider library (discovery, signed ID tokens, PKCE and a login page), with one confidential
// client registered for the portal's callback, as internal/org's tests set it up. Its user:
// "test-user@127.0.0.1" / "verysecure", e-mail test-user@zitadel.ch (verified), Test User.
type oidcFixture struct {
	portal, issuer string
	org            *org.Store
	stores         *webtest.Stores
}

func newOIDCFixture(t *testing.T) *oidcFixture {
	t.Helper()
	var portal http.Handler
	ps := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { portal.ServeHTTP(w, r) }))
	t.Cleanup(ps.Close)
	callback := ps.URL + "/dang-nhap/oidc/callback"
	issuer := oidctest.Start(t, callback)

	st := webtest.NewStores(t)
	o, err := identity.NewOIDC(context.Background(), identity.OIDCConfig{Name: "vneid", Issuer: issuer, ClientID: "web", ClientSecret: "secret",
		RedirectURL: callback, Scopes: []string{"openid", "profile", "email"}, ACRValues: "LoA1"})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Config{Org: st.Org, Identity: st.Identity, OIDC: o})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(site, Deps{Catalog: st.Catalog, Org: st.Org, Identity: st.Identity, Dossiers: st.Dossiers, Workflow: st.Workflow})
	if err != nil {
		t.Fatal(err)
	}
	portal = webtest.NewServer(st.Identity, site, h).Handler
	return &oidcFixture{portal: ps.URL, issuer: issuer, org: st.Org, stores: st}
}

// client is a browser that follows redirects, across the portal and the provider.
func oidcClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func read(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// signInAtProvider follows "Đăng nhập bằng VNeID" to the provider's login page and signs in
// there; the provider sends the browser back to the portal's callback, and the portal on to
// next. It returns the last response.
func (f *oidcFixture) signInAtProvider(t *testing.T, c *http.Client, next string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(f.portal + "/dang-nhap/oidc?" + url.Values{"next": {next}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	read(t, res)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/login/username" || !strings.HasPrefix(res.Request.URL.String(), f.issuer) {
		t.Fatalf("the VNeID button ended at %s (%s); want the provider's login page", res.Request.URL, res.Status)
	}
	form := url.Values{"id": {res.Request.URL.Query().Get("authRequestID")}, "username": {"test-user@127.0.0.1"}, "password": {"verysecure"}}
	res, err = c.PostForm(f.issuer+"login/username", form)
	if err != nil {
		t.Fatal(err)
	}
	return res, read(t, res)
}

// TestOIDCSignIn signs in with the provider end to end: the button, the provider's login, the
// callback that checks the state and redeems the code, a new citizen account, the session and
// the page asked for; the second time, the same account. Then what the callback refuses.
func TestOIDCSignIn(t *testing.T) {
	f := newOIDCFixture(t)
	c := oidcClient()
	res, err := c.Get(f.portal + "/dang-nhap?next=%2Fho-so")
	if err != nil {
		t.Fatal(err)
	}
	body := read(t, res)
	webtest.MustContain(t, "sign-in page", body, `href="/dang-nhap/oidc?next=%2Fho-so"`, "Đăng nhập bằng VNeID", "Hoặc đăng nhập bằng mật khẩu")
	webtest.CheckHTML(t, "sign-in page with VNeID", body)

	// The attempt's cookie, before the provider.
	noFollow := &http.Client{Jar: c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = noFollow.Get(f.portal + "/dang-nhap/oidc")
	if err != nil {
		t.Fatal(err)
	}
	read(t, res)
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc.String(), f.issuer) || loc.Query().Get("code_challenge_method") != "S256" ||
		loc.Query().Get("state") == "" || loc.Query().Get("acr_values") != "LoA1" {
		t.Errorf("start = %d to %s; want 303 to the provider with state, PKCE and acr_values", res.StatusCode, loc)
	}
	ck := cookie(res, "motcua_oidc")
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge != 600 {
		t.Errorf("attempt cookie = %+v; want HttpOnly, SameSite=Lax, Path=/, ten minutes", ck)
	}

	res, body = f.signInAtProvider(t, c, "/ho-so")
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/ho-so" {
		t.Fatalf("after the provider: %s %s; want /ho-so\n%s", res.Request.URL, res.Status, webtest.ErrorSummary(body))
	}
	webtest.MustContain(t, "signed in with VNeID", body, "Test User", "Hồ sơ của tôi", "Bạn chưa nộp hồ sơ nào.")
	u, err := f.org.User(context.Background(), "vneid:id1")
	if err != nil || u.Role != org.RoleCitizen || u.FullName != "Test User" {
		t.Fatalf("account made = %+v, %v; want the citizen vneid:id1", u, err)
	}
	// The attempt is used once: its cookie is gone.
	pu, _ := url.Parse(f.portal)
	for _, c := range c.Jar.Cookies(pu) {
		if c.Name == "motcua_oidc" {
			t.Errorf("the attempt's cookie survives the callback")
		}
	}

	// Again, from a fresh browser: the same account.
	c2 := oidcClient()
	res, body = f.signInAtProvider(t, c2, "/tai-khoan")
	if res.Request.URL.Path != "/tai-khoan" || !strings.Contains(body, "vneid:id1") {
		t.Errorf("second sign-in ended at %s; want the same account's profile", res.Request.URL)
	}

	// Refused: a callback without its attempt, with another attempt's state, or the person
	// cancelled at the provider. The sign-in page says so.
	bare, started := oidcClient(), oidcClient()
	for name, tt := range map[string]struct {
		client *http.Client
		query  string
		status int
		msg    string
	}{
		"no attempt":    {bare, "code=x&state=y", 400, "đã hết hạn hoặc không hợp lệ"},
		"another state": {started, "code=x&state=forged", 400, "đã hết hạn hoặc không hợp lệ"},
		"cancelled":     {bare, "error=access_denied&state=y", 401, "bạn đã huỷ"},
	} {
		if name == "another state" {
			res, _ := (&http.Client{Jar: started.Jar, CheckRedirect: noFollow.CheckRedirect}).Get(f.portal + "/dang-nhap/oidc")
			read(t, res)
		}
		res, err := tt.client.Get(f.portal + "/dang-nhap/oidc/callback?" + tt.query)
		if err != nil {
			t.Fatal(err)
		}
		body := read(t, res)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.msg) || !strings.Contains(body, `href="/dang-nhap/oidc"`) {
			t.Errorf("%s: callback = %d; want %d saying %q with the button again", name, res.StatusCode, tt.status, tt.msg)
		}
		webtest.CheckHTML(t, "callback refused: "+name, body)
	}
	// A code redeemed with another attempt's secrets fails at the provider.
	c3 := oidcClient()
	res, err = c3.Get(f.portal + "/dang-nhap/oidc")
	if err != nil {
		t.Fatal(err)
	}
	read(t, res)
	res, err = (&http.Client{Jar: c3.Jar, CheckRedirect: noFollow.CheckRedirect}).PostForm(f.issuer+"login/username",
		url.Values{"id": {res.Request.URL.Query().Get("authRequestID")}, "username": {"test-user@127.0.0.1"}, "password": {"verysecure"}})
	if err != nil {
		t.Fatal(err)
	}
	read(t, res)
	back, _ := url.Parse(res.Header.Get("Location"))
	thief := oidcClient() // starts its own attempt, then brings the victim's code and state
	res, _ = (&http.Client{Jar: thief.Jar, CheckRedirect: noFollow.CheckRedirect}).Get(f.portal + "/dang-nhap/oidc")
	read(t, res)
	res, err = thief.Get(f.portal + "/dang-nhap/oidc/callback?" + back.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if body := read(t, res); res.StatusCode != 400 || strings.Contains(body, "Test User") {
		t.Errorf("a code brought to another browser = %d; want refused", res.StatusCode)
	}
}

// TestOIDCOff: without a provider there is no button and no flow.
func TestOIDCOff(t *testing.T) {
	f := newDemoFixture(t)
	b := f.Browser(t)
	if body := b.Page("/dang-nhap", 200); strings.Contains(body, "VNeID") {
		t.Errorf("the VNeID button shows without a provider")
	}
	for _, path := range []string{"/dang-nhap/oidc", "/dang-nhap/oidc/callback?code=x&state=y"} {
		if res, _ := b.Get(path); res.StatusCode != 404 {
			t.Errorf("GET %s without a provider = %d; want 404", path, res.StatusCode)
		}
	}
}

// TestOIDCPrefill (issue 11): signed in with VNeID, a new application starts with the name the
// provider asserted, marked as taken from VNeID.
func TestOIDCPrefill(t *testing.T) {
	f := newOIDCFixture(t)
	st := f.stores
	if err := demo.Seed(context.Background(), slog.New(slog.DiscardHandler), st.Org, st.Identity, st.Catalog); err != nil {
		t.Fatal(err)
	}
	c := oidcClient()
	res, body := f.signInAtProvider(t, c, "/nop-ho-so/1.001193")
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/nop-ho-so/1.001193" {
		t.Fatalf("after the provider: %s %s", res.Request.URL, res.Status)
	}
	webtest.MustContain(t, "step 1 after VNeID", body, `name="nguoi_yeu_cau.ho_ten" type="text" class="input" value="Test User"`,
		`<strong class="tag tag-prefilled">Lấy từ VNeID</strong>`)
}
