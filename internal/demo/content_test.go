package demo

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
)

// editorsOnly are traces of the compilation that belong in the editors' notes and citations,
// never in what a citizen reads: field names, null, the compiler's remarks, repositories.
var editorsOnly = []string{"null", "extra_sources", "processing_days", "fee_vnd", "online_level", "amount_vnd",
	"github", "GitHub", "Cổng DVCQG ghi", "DVCQG", "PARTIAL", "Nguồn thứ cấp", "Chưa công bố", "chưa công bố"}

// citizenTexts are the texts of p that the procedure page shows a citizen.
func citizenTexts(p *catalog.Procedure) map[string]string {
	out := map[string]string{"name": p.Name, "field": p.Field, "implementing_agency": p.ImplementingAgency,
		"deciding_agency": p.DecidingAgency, "time_statement": p.TimeStatement, "fee_statement": p.FeeStatement,
		"conditions": p.Conditions, "result": p.Result}
	for i, f := range p.Fees {
		out["fees["+itoa(i)+"].name"] = f.Name
		out["fees["+itoa(i)+"].statement"] = f.Statement
		out["fees["+itoa(i)+"].legal_basis"] = f.Basis
		for j, r := range f.Reductions {
			at := "fees[" + itoa(i) + "].reductions[" + itoa(j) + "]"
			out[at+".name"], out[at+".statement"], out[at+".legal_basis"] = r.Name, r.Statement, r.Basis
		}
	}
	for i, c := range p.Components {
		out["components["+itoa(i)+"].name"] = c.Name
		out["components["+itoa(i)+"].condition"] = c.Condition
		out["components["+itoa(i)+"].template_name"] = c.TemplateName
	}
	for i, s := range p.Steps {
		out["steps["+itoa(i)+"]"] = s
	}
	for i, d := range p.LegalDocuments {
		out["legal_documents["+itoa(i)+"]"] = d.Kind + " " + d.Number + " " + d.Title
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestSeedContent: every procedure tells a citizen its time and its fee in plain words, each
// fee without a figure says what to do, every legal basis has a title, no citizen text carries
// an editor's note, and the paper declaration and the e-form are one "one of" group.
func TestSeedContent(t *testing.T) {
	_, ps := loadSeed(t)
	for _, p := range ps {
		if p.TimeStatement == "" || p.FeeStatement == "" {
			t.Errorf("%s: time statement %q, fee statement %q", p.Code, p.TimeStatement, p.FeeStatement)
		}
		for field, text := range citizenTexts(&p) {
			for _, w := range editorsOnly {
				if strings.Contains(text, w) {
					t.Errorf("%s %s: citizens would read %q: %s", p.Code, field, w, text)
				}
			}
		}
		for i, f := range p.Fees {
			if f.AmountVND == nil && f.Statement == "" {
				t.Errorf("%s fees[%d] %q: no figure and no statement", p.Code, i, f.Name)
			}
		}
		if len(p.LegalDocuments) != len(p.LegalBases) {
			t.Errorf("%s: %d legal bases, %d documents", p.Code, len(p.LegalBases), len(p.LegalDocuments))
		}
		for i, d := range p.LegalDocuments {
			if i < len(p.LegalBases) && d.Number != p.LegalBases[i] {
				t.Errorf("%s legal_documents[%d] = %s, legal_bases[%d] = %s", p.Code, i, d.Number, i, p.LegalBases[i])
			}
			if d.Title == "" || d.Kind == "" || d.Source == "" || d.Title == d.Number {
				t.Errorf("%s %s: kind %q, title %q, source %q", p.Code, d.Number, d.Kind, d.Title, d.Source)
			}
		}
		if len(p.Citations) == 0 {
			t.Errorf("%s: no citations for editors", p.Code)
		}
		for _, c := range p.Citations {
			if c.Figure == "" || c.Text == "" || c.Source == "" {
				t.Errorf("%s: incomplete citation %+v", p.Code, c)
			}
		}
		ids := map[string]string{}
		for _, c := range p.Components {
			ids[c.ID] = c.Group
		}
		if _, ok := ids["to-khai-dien-tu"]; ok && (ids["to-khai"] == "" || ids["to-khai"] != ids["to-khai-dien-tu"]) {
			t.Errorf("%s: the paper declaration and the e-form are not one group", p.Code)
		}
	}
	i := slices.IndexFunc(ps, func(p catalog.Procedure) bool { return p.Code == "1.000894" })
	if i < 0 || !strings.Contains(ps[i].TimeStatement, "05 ngày làm việc") {
		t.Errorf("kết hôn's time statement: %q", ps[i].TimeStatement)
	}
}
