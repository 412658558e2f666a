package portal

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

// demoPortal serves the demo city's portal.
func demoPortal(t *testing.T) *webtest.Demo {
	t.Helper()
	return webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		h, err := New(site, Deps{Catalog: d.Catalog, Calendar: d.Calendar, Dossiers: d.Dossiers})
		return []webtest.Routes{h}, err
	})
}

// editorial are traces of the catalog editors' notes that a citizen must never read: field
// names, null, the source compilation's remarks and the repositories it was read from.
var editorial = []string{"Cổng DVCQG ghi", "extra_sources", "processing_days", "fee_vnd", "online_level", "channels",
	"null", "github", "GitHub", "Nguồn thứ cấp", "PARTIAL", "Chưa công bố", "chưa công bố", "Not published", "DVCQG"}

// bareNumber is a legal document given by its number alone, e.g. "123/2015/NĐ-CP".
var bareNumber = regexp.MustCompile(`^[0-9][0-9.a-zA-Z]*/[0-9]{4}/[A-ZĐ][-A-ZĐa-z0-9]*$`)

// mainText is the visible text of the page's main element, with its list items.
func mainText(t *testing.T, body string) (string, []string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	m := find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "main" })
	if m == nil {
		t.Fatal("no <main>")
	}
	var items []string
	for _, li := range findAll(m, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "li" }) {
		items = append(items, strings.TrimSpace(textOf(li)))
	}
	return textOf(m), items
}

// TestCitizenProcedurePages walks every procedure of the demo catalog as a citizen (signed out,
// and signed in as a citizen) in both languages: no page shows an editor's note, "not
// published", or a legal basis as a bare number.
func TestCitizenProcedurePages(t *testing.T) {
	d := demoPortal(t)
	res, err := d.Catalog.Search(context.Background(), catalog.Query{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total < 40 {
		t.Fatalf("demo catalog has %d procedures", res.Total)
	}
	anon, citizen := d.Browser(t), d.Browser(t)
	citizen.SignIn("congdan")
	for _, b := range []*webtest.Browser{anon, citizen} {
		for _, p := range res.Items {
			for _, lang := range []string{"vi", "en"} {
				_, body := b.Get("/thu-tuc/" + p.Code + "?lang=" + lang)
				text, items := mainText(t, body)
				for _, w := range editorial {
					if strings.Contains(text, w) {
						i := strings.Index(text, w)
						t.Errorf("%s (%s): shows %q: …%s…", p.Code, lang, w, text[max(0, i-80):min(len(text), i+80)])
					}
				}
				for _, li := range items {
					if bareNumber.MatchString(li) {
						t.Errorf("%s (%s): legal basis %q has no title", p.Code, lang, li)
					}
				}
				if strings.Contains(body, `id="editors"`) {
					t.Errorf("%s (%s): a citizen sees the editors' section", p.Code, lang)
				}
			}
		}
	}
}

// TestEditorsView: a catalog administrator reads the editors' section (the source's wording,
// the notes, each figure's citation, each legal title's source); a citizen and a visitor do not.
func TestEditorsView(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, u := range []identity.NewUser{
		{Username: "catalog", Password: "mat-khau-1", Role: org.RoleCatalogAdmin, AgencyCode: "UBTP"},
		{Username: "congdan", Password: "mat-khau-1", Role: org.RoleCitizen},
	} {
		if _, err := f.identity.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	editorOnly := []string{`id="editors"`, "Dữ liệu đối chiếu ngày 01/01/2026.", "Ngay trong ngày tiếp nhận; sau 15 giờ",
		"Chưa có mức thu.", "Theo Nghị quyết của HĐND thành phố.", "Trình tự: trả kết quả trong ngày.",
		`href="https://dichvucong.gov.vn/thu-tuc/1.001193"`, "Cổng DVCQG, căn cứ pháp lý của thủ tục 1.001193",
		`href="https://dichvucong.gov.vn/p/home/`}
	for _, who := range []string{"", "congdan", "catalog"} {
		var hdr []string
		if who != "" {
			hdr = []string{f.signIn(t, who, "mat-khau-1")}
		}
		for _, lang := range []string{"vi", "en"} {
			res, body := f.do(t, "GET", "/thu-tuc/1.001193?lang="+lang, nil, hdr...)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", who, res.StatusCode)
			}
			checkHTML(t, "/thu-tuc/1.001193 as "+who, body)
			for _, s := range editorOnly {
				if got := strings.Contains(body, s); got != (who == "catalog") {
					t.Errorf("%q (%s) sees %q: %v", who, lang, s, got)
				}
			}
		}
	}
}
