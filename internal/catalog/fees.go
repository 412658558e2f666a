package catalog

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// maxVND bounds every amount of a schedule (a thousand billion đồng), so that a quote's sums
// stay far inside int64 (see maxUnits).
const maxVND = 1_000_000_000_000

// feeUnits are the units a fee may be charged by (Fee.Per).
var feeUnits = map[string]bool{"": true, "dossier": true, "copy": true, "page": true, "component": true}

// validateFees checks each fee and its schedule, every problem with its path
// (fees[1].per_component, fees[0].reductions[2].percent).
func validateFees(p *Procedure, fe *apperr.Fields, text func(path, v string, required bool, max int)) {
	amount := func(path string, v int64) {
		switch {
		case v < 0:
			fe.Add(path, msgs.Text("amount_must_not_be_negative"))
		case v > maxVND:
			fe.Add(path, msgs.Text("amount_too_large", int64(maxVND)))
		}
	}
	slug := func(path, v string) {
		if !componentIDRe.MatchString(v) || len(v) > 64 {
			fe.Add(path, msgs.Text("fee_case_must_be_slug"))
		}
	}
	ids := map[string]bool{}
	for _, c := range p.Components {
		ids[c.ID] = true
	}
	for i, f := range p.Fees {
		path := fmt.Sprintf("fees[%d]", i)
		text(path+".name", f.Name, true, 1000)
		text(path+".note", f.Note, false, maxText)
		text(path+".legal_basis", f.Basis, false, 1000)
		text(path+".statement", f.Statement, false, 2000)
		if f.AmountVND != nil {
			amount(path+".amount_vnd", *f.AmountVND)
		}
		if !feeUnits[f.Per] {
			fe.Add(path+".per", msgs.Text("fee_per_must_be"))
		}
		switch {
		case f.Per == "component" && !ids[f.PerComponent]:
			fe.Add(path+".per_component", msgs.Text("per_component_names_no_component", f.PerComponent))
		case f.Per != "component" && f.PerComponent != "":
			fe.Add(path+".per_component", msgs.Text("per_component_only_with_per"))
		}
		if f.FromUnit < 0 || f.FromUnit > maxUnits {
			fe.Add(path+".from_unit", msgs.Text("unit_must_be_0_to", maxUnits))
		}
		if f.Then != nil {
			if f.Then.FromUnit <= max(f.FromUnit, 1) || f.Then.FromUnit > maxUnits {
				fe.Add(path+".then.from_unit", msgs.Text("then_from_unit_after", max(f.FromUnit, 1), maxUnits))
			}
			amount(path+".then.amount_vnd", f.Then.AmountVND)
		}
		if f.CapVND != nil {
			amount(path+".cap_vnd", *f.CapVND)
		}
		if f.Filed != "" && f.Filed != "online" && f.Filed != "paper" {
			fe.Add(path+".filed", msgs.Text("filed_must_be_online_or_paper"))
		}
		if f.Case != "" {
			slug(path+".case", f.Case)
		}
		if len(f.Reductions) > 20 {
			fe.Add(path+".reductions", msgs.Text("too_many_items"))
		}
		for j, r := range f.Reductions {
			rp := fmt.Sprintf("%s.reductions[%d]", path, j)
			text(rp+".name", r.Name, true, 1000)
			text(rp+".legal_basis", r.Basis, true, 1000)
			text(rp+".statement", r.Statement, false, 2000)
			switch {
			case (r.Percent != 0) == (r.AmountVND != nil):
				fe.Add(rp+".percent", msgs.Text("reduction_percent_or_amount"))
			case r.AmountVND != nil:
				amount(rp+".amount_vnd", *r.AmountVND)
			case r.Percent < 1 || r.Percent > 100:
				fe.Add(rp+".percent", msgs.Text("percent_must_be_1_to_100"))
			}
			if r.Online && f.Filed == "paper" {
				fe.Add(rp+".online", msgs.Text("online_reduction_of_paper_fee"))
			}
			if len(r.Categories) > 20 {
				fe.Add(rp+".categories", msgs.Text("too_many_items"))
			}
			for k, c := range r.Categories {
				slug(fmt.Sprintf("%s.categories[%d]", rp, k), c)
			}
			var from, until time.Time
			for _, d := range []struct {
				name string
				v    string
				t    *time.Time
			}{{"from", r.From, &from}, {"until", r.Until, &until}} {
				if d.v == "" {
					continue
				}
				t, err := time.Parse(time.DateOnly, d.v)
				if err != nil {
					fe.Add(rp+"."+d.name, msgs.Text("date_must_be_yyyy_mm_dd"))
				}
				*d.t = t
			}
			if !from.IsZero() && !until.IsZero() && until.Before(from) {
				fe.Add(rp+".until", msgs.Text("until_before_from"))
			}
		}
	}
}
