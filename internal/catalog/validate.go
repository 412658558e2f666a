package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/vntext"
)

var (
	// National TTHC code d.dddddd (egov.md §4), e.g. 1.000894.
	codeRe = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)
	// Localised code: the national code followed by dot groups of digits and capitals,
	// e.g. 1.001612.000.00.00.H48 or the older 1.000948.H38.
	localCodeRe   = regexp.MustCompile(`^[0-9]\.[0-9]{6}(\.[0-9A-Z]{1,4}){1,5}$`)
	componentIDRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	formats       = map[string]bool{"pdf": true, "jpg": true, "jpeg": true, "png": true, "docx": true, "doc": true, "xlsx": true, "xml": true}
	channels      = map[string]bool{"online": true, "counter": true, "post": true}
)

// Limits that keep one procedure within what the pages and the database handle well.
const (
	maxText      = 10_000
	maxList      = 200
	maxSchemaLen = 256 << 10
	maxDays      = 3650
)

// Normalize puts every text of p in NFC and trims it, in place.
func Normalize(p *Procedure) {
	t := func(s *string) { *s = strings.TrimSpace(vntext.NFC(*s)) }
	for _, s := range []*string{&p.Code, &p.LocalCode, &p.Name, &p.Field, &p.ImplementingAgency, &p.DecidingAgency,
		&p.ProcessingTimeText, &p.TimeStatement, &p.FeeStatement, &p.Conditions, &p.Result, &p.Source, &p.Notes} {
		t(s)
	}
	for i := range p.Fees {
		f := &p.Fees[i]
		for _, s := range []*string{&f.Name, &f.Note, &f.Basis, &f.Statement, &f.Per, &f.PerComponent, &f.Filed, &f.Case} {
			t(s)
		}
		for j := range f.Reductions {
			r := &f.Reductions[j]
			for _, s := range []*string{&r.Name, &r.From, &r.Until, &r.Basis, &r.Statement} {
				t(s)
			}
			for k := range r.Categories {
				t(&r.Categories[k])
			}
		}
	}
	for i := range p.LegalDocuments {
		d := &p.LegalDocuments[i]
		for _, s := range []*string{&d.Number, &d.Kind, &d.Title, &d.IssuedOn, &d.Source} {
			t(s)
		}
	}
	for i := range p.Citations {
		c := &p.Citations[i]
		for _, s := range []*string{&c.Figure, &c.Text, &c.Source} {
			t(s)
		}
	}
	for i := range p.Components {
		c := &p.Components[i]
		for _, s := range []*string{&c.ID, &c.Name, &c.Condition, &c.TemplateName, &c.TemplateURL, &c.Group} {
			t(s)
		}
		for j := range c.Formats {
			c.Formats[j] = strings.ToLower(strings.TrimSpace(c.Formats[j]))
		}
	}
	for _, l := range [][]string{p.Steps, p.LegalBases, p.AgencyCodes, p.Channels} {
		for i := range l {
			t(&l[i])
		}
	}
	// Empty lists read as [] rather than null, in the API and in stored documents alike.
	if p.Fees == nil {
		p.Fees = []Fee{}
	}
	if p.Components == nil {
		p.Components = []Component{}
	}
	if p.LegalBases == nil {
		p.LegalBases = []string{}
	}
	if len(p.FormSchema) > 0 {
		p.FormSchema = json.RawMessage(vntext.NFC(string(p.FormSchema)))
	}
}

// Validate checks one procedure and returns every problem with its field path.
func Validate(p *Procedure) []apperr.FieldError {
	var fe apperr.Fields
	if !codeRe.MatchString(p.Code) {
		fe.Add("code", msgs.Text("code_must_look_like_d_dddddd_1_000894"))
	}
	if p.LocalCode != "" && (!localCodeRe.MatchString(p.LocalCode) || !strings.HasPrefix(p.LocalCode, p.Code+".")) {
		fe.Add("local_code", msgs.Text("local_code_must_start_with_national"))
	}
	text := func(path, v string, required bool, max int) {
		switch {
		case required && v == "":
			fe.Add(path, msgs.Text("must_not_be_empty"))
		case utf8.RuneCountInString(v) > max: // characters, as the OpenAPI document says
			fe.Add(path, msgs.Text("longer_than_characters", max))
		}
	}
	text("name", p.Name, true, 1000)
	text("field", p.Field, true, 200)
	text("implementing_agency", p.ImplementingAgency, true, 1000)
	text("deciding_agency", p.DecidingAgency, false, 1000)
	text("processing_time_text", p.ProcessingTimeText, false, maxText)
	text("time_statement", p.TimeStatement, false, 2000)
	text("fee_statement", p.FeeStatement, false, 2000)
	text("conditions", p.Conditions, false, maxText)
	text("result", p.Result, false, maxText)
	text("source", p.Source, false, 2000)
	text("notes", p.Notes, false, maxText)
	if p.Level != LevelProvince && p.Level != LevelCommune {
		fe.Add("level", msgs.Text("level_must_be_province_or_commune.procedure"))
	}
	if p.OnlineLevel != OnlineFull && p.OnlineLevel != OnlinePartial && p.OnlineLevel != OnlineNone {
		fe.Add("online_level", msgs.Text("online_level_must_be_full_partial"))
	}
	if p.LegacyLevel < 0 || p.LegacyLevel > 4 {
		fe.Add("legacy_level", msgs.Text("legacy_level_must_be_1_to"))
	}
	set := 0
	for path, v := range map[string]*int{"processing_days": p.ProcessingDays, "processing_hours": p.ProcessingHours,
		"processing_calendar_days": p.ProcessingCalendarDays} {
		if v == nil {
			continue
		}
		set++
		if *v < 0 || *v > maxDays {
			fe.Add(path, msgs.Text("must_be_0_to", maxDays))
		}
	}
	if set > 1 {
		fe.Add("processing_days", msgs.Text("give_time_limit_in_one_unit"))
	}
	if p.FeeVND != nil && *p.FeeVND < 0 {
		fe.Add("fee_vnd", msgs.Text("fee_must_not_be_negative"))
	}
	if len(p.Fees) > maxList {
		fe.Add("fees", msgs.Text("too_many_fees"))
	}
	validateFees(p, &fe, text)
	if len(p.Components) > maxList {
		fe.Add("components", msgs.Text("too_many_components"))
	}
	ids := map[string]bool{}
	groups := map[string]int{}
	for i, c := range p.Components {
		if c.Group != "" {
			groups[c.Group]++
			if !componentIDRe.MatchString(c.Group) || len(c.Group) > 64 {
				fe.Add(fmt.Sprintf("components[%d].group", i), msgs.Text("group_must_be_lower_case"))
			}
		}
		path := fmt.Sprintf("components[%d]", i)
		switch {
		case !componentIDRe.MatchString(c.ID) || len(c.ID) > 64:
			fe.Add(path+".id", msgs.Text("component_id_must_be_lower_case"))
		case ids[c.ID]:
			fe.Add(path+".id", msgs.Text("duplicate_component_id", c.ID))
		}
		ids[c.ID] = true
		text(path+".name", c.Name, true, 2000)
		if c.Originals < 0 || c.Copies < 0 || c.Originals > 100 || c.Copies > 100 {
			fe.Add(path+".originals", msgs.Text("number_of_copies_must_be_0"))
		}
		for j, f := range c.Formats {
			if !formats[f] {
				fe.Add(fmt.Sprintf("%s.formats[%d]", path, j), msgs.Text("unsupported_format", f))
			}
		}
		if c.TemplateURL != "" && !strings.HasPrefix(c.TemplateURL, "https://") && !strings.HasPrefix(c.TemplateURL, "/") {
			fe.Add(path+".template_url", msgs.Text("template_url_must_start_with_https"))
		}
	}
	for i, c := range p.Components {
		if c.Group != "" && groups[c.Group] == 1 {
			fe.Add(fmt.Sprintf("components[%d].group", i), msgs.Text("group_needs_two_components", c.Group))
		}
	}
	validateEditorial(p, &fe, text)
	for i, s := range p.Steps {
		text(fmt.Sprintf("steps[%d]", i), s, true, maxText)
	}
	for i, s := range p.LegalBases {
		text(fmt.Sprintf("legal_bases[%d]", i), s, true, 1000)
	}
	for i, s := range p.Channels {
		if !channels[s] {
			fe.Add(fmt.Sprintf("channels[%d]", i), msgs.Text("channel_must_be_online_counter_or"))
		}
	}
	if err := validateSchema(p.FormSchema); err != "" {
		fe.Add("form_schema", msgs.Text("form_is_not_valid_json_schema", err))
	}
	return fe.List()
}

// validateEditorial checks the legal documents and the editors' citations.
func validateEditorial(p *Procedure, fe *apperr.Fields, text func(path, v string, required bool, max int)) {
	if len(p.LegalDocuments) > maxList {
		fe.Add("legal_documents", msgs.Text("too_many_items"))
	}
	for i, d := range p.LegalDocuments {
		path := fmt.Sprintf("legal_documents[%d]", i)
		text(path+".number", d.Number, true, 200)
		text(path+".kind", d.Kind, true, 200)
		text(path+".title", d.Title, true, 2000)
		text(path+".source", d.Source, false, 2000)
		if d.IssuedOn != "" {
			if _, err := time.Parse(time.DateOnly, d.IssuedOn); err != nil {
				fe.Add(path+".issued_on", msgs.Text("date_must_be_yyyy_mm_dd"))
			}
		}
	}
	if len(p.Citations) > maxList {
		fe.Add("citations", msgs.Text("too_many_items"))
	}
	for i, c := range p.Citations {
		path := fmt.Sprintf("citations[%d]", i)
		text(path+".figure", c.Figure, true, 200)
		text(path+".text", c.Text, true, maxText)
		text(path+".source", c.Source, true, 2000)
	}
}

// validateSchema checks that raw is a JSON Schema (draft 2020-12) for an object.
func validateSchema(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "thiếu (missing)"
	}
	if len(raw) > maxSchemaLen {
		return "quá lớn (too large)"
	}
	_, err := CompileSchema(raw)
	if err != nil {
		return err.Error()
	}
	var top struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(raw, &top) != nil || top.Type != "object" {
		return `"type" phải là "object" (must be "object")`
	}
	if _, err := formschema.Parse(raw); err != nil { // the form's model: a malformed "x-en", say
		return err.Error()
	}
	return ""
}

// CompileSchema compiles a form schema as draft 2020-12, never fetching remote references.
func CompileSchema(raw json.RawMessage) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(noLoader{})
	if err := c.AddResource("form.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("form.json")
}

type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("external reference %s not allowed", url)
}
