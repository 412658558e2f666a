package news

import (
	"strings"
	"testing"
)

func TestDirectiveInput(t *testing.T) {
	d := Directive{Number: "12/CT-UBND", SignedOn: "2026-12-01", Signer: "Chủ tịch", Title: "Về cải cách hành chính",
		Summary: "Giao *các sở* thực hiện [ngay](javascript:alert(1)).",
		Tasks:   []DirectiveTask{{Agency: "Sở Tư pháp", Title: "Rà soát thủ tục", DueOn: "2026-12-31"}}}
	in := d.Input()
	if in.Category != Directives || in.Status != Published || in.Title != d.Title || in.Summary != d.Summary {
		t.Errorf("Input = %+v", in)
	}
	html := string(HTML(in.Body))
	for _, want := range []string{"12/CT-UBND", "01/12/2026", "<h2>Nhiệm vụ</h2>", "<strong>Sở Tư pháp</strong>: Rà soát thủ tục (hạn 31/12/2026)",
		"Giao *các sở* thực hiện [ngay](javascript:alert(1))."} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML(Input().Body) lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<a ") || strings.Contains(html, "<em>") {
		t.Errorf("the office's text was read as markup:\n%s", html)
	}
	if in := (Directive{Title: "T", Number: "1"}).Input(); in.Summary != "T" {
		t.Errorf("a directive without a summary: the article's summary = %q; want the title", in.Summary)
	}
}
