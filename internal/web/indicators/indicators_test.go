package indicators

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/indicators"
	"github.com/motcua/motcua/internal/tabular"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

type fixture struct {
	*webtest.Demo
	h     *Handler
	month string
}

// newFixture serves the pages on the demo city with one dossier of the ward 00070 settled on
// time this month, submitted online.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{month: time.Now().In(vntime.Location()).Format("2006-01")}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		h, err := New(site, Deps{Indicators: indicators.NewStore(d.DB, d.Org, nil)})
		f.h = h
		return []webtest.Routes{h}, err
	})
	ctx := context.Background()
	ag, err := f.Org.Agency(ctx, "00070")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := f.DB.Exec(ctx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name, channel, status,
		status_code, form, submitted_at, received_at, due_at, finished_at, updated_at) VALUES ('HS-766-1', '1.001193', 1, ?, 'Nguyễn Văn An',
		'online', 'returned', 10, '{}', ?, ?, ?, ?, ?)`, ag.ID, now, now, now.Add(time.Hour), now, now); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMessages(t *testing.T) {
	f := newFixture(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

// TestPages: the ward's leader sees the ranking of their ward, its scorecard with the formula
// and source of each indicator, and the dossier behind 2.1, linked to the back office; the
// tables download as CSV and XLSX; a citizen is refused and a bad month named.
func TestPages(t *testing.T) {
	f := newFixture(t)
	b := f.Browser(t)
	b.SignIn("lanhdao")
	body := b.Page("/bao-cao/chi-so-766", http.StatusOK)
	webtest.MustContain(t, "ranking", body, "Xếp hạng tháng "+f.month, `href="/bao-cao/chi-so-766/00070?thang=`+f.month+`"`)
	body = b.Page("/bao-cao/chi-so-766/00070", http.StatusOK)
	// 2.1: 1 of 1 on time → 100 %, 20 points.
	webtest.MustContain(t, "scorecard", body, "Giải quyết đúng hạn", "100,0 %", "20,00", "Chưa tính", "egov.md §5",
		`href="/bao-cao/chi-so-766/00070/2.1?thang=`+f.month+`"`)
	body = b.Page("/bao-cao/chi-so-766/00070/2.1?danh-sach=mau-so", http.StatusOK)
	webtest.MustContain(t, "items", body, `href="/can-bo/ho-so/HS-766-1"`)

	res, csv := b.Get("/bao-cao/chi-so-766/00070?dinh-dang=csv")
	// The export's cells are typed: the rate 1 (100 %), 1 of 1, 20 points; the header as shown.
	if res.StatusCode != 200 || !strings.HasPrefix(csv, "\ufeffChỉ số,") || !strings.Contains(csv, "\n2.1,Giải quyết đúng hạn,1,1,1,20,") {
		t.Errorf("scorecard CSV = %d\n%s", res.StatusCode, csv)
	}
	res, x := b.Get("/bao-cao/chi-so-766?dinh-dang=xlsx")
	if res.StatusCode != 200 {
		t.Fatalf("ranking XLSX = %d", res.StatusCode)
	}
	xf, err := excelize.OpenReader(bytes.NewReader([]byte(x)))
	if err != nil {
		t.Fatalf("ranking XLSX does not open: %v", err)
	}
	if v, _ := xf.GetCellValue(tabular.SheetData, "B2"); v != "00070" {
		t.Errorf("ranking XLSX B2 = %q; want 00070", v)
	}
	res, x = b.Get("/bao-cao/chi-so-766/00070?dinh-dang=xlsx")
	if xf, err = excelize.OpenReader(bytes.NewReader([]byte(x))); res.StatusCode != 200 || err != nil {
		t.Fatalf("scorecard XLSX = %d, %v", res.StatusCode, err)
	}
	// Row 6 is 2.1 (after 1.1–1.4): a rate of 1, 1 of 1, 20 points, as numbers.
	for cell, want := range map[string]string{"A6": "2.1", "C6": "1", "D6": "1", "E6": "1", "F6": "20", "C2": ""} {
		if v, _ := xf.GetCellValue(tabular.SheetData, cell); v != want {
			t.Errorf("scorecard XLSX %s = %q; want %q", cell, v, want)
		}
	}
	if typ, _ := xf.GetCellType(tabular.SheetData, "F6"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("scorecard XLSX F6 type %v; want a number", typ)
	}

	if res, body := b.Get("/bao-cao/chi-so-766?thang=2026-13"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(webtest.ErrorSummary(body), "Nhập tháng dạng YYYY-MM") || !strings.Contains(body, `href="#thang"`) {
		t.Errorf("bad month = %d, summary %q; want 422 naming the month", res.StatusCode, webtest.ErrorSummary(body))
	}
	if res, _ := b.Get("/bao-cao/chi-so-766/00004"); res.StatusCode != http.StatusForbidden {
		t.Errorf("another ward's scorecard = %d; want 403", res.StatusCode)
	}
	c := f.Browser(t)
	c.SignIn("congdan")
	if res, _ := c.Get("/bao-cao/chi-so-766"); res.StatusCode != http.StatusForbidden {
		t.Errorf("citizen = %d; want 403", res.StatusCode)
	}
}
