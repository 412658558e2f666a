package catalog

import (
	"slices"
	"time"
)

// FeeInput is what the amount owed for a dossier of a procedure depends on.
type FeeInput struct {
	Online     bool     // filed online (some fees are reduced for online filing)
	Copies     int      // copies of the result asked for, the result itself included; 0 means 1
	Components []string // the components given, where a fee is per component
	Pages      int      // pages of the original, where a fee is per page; 0 means 1
	// Cases and Categories are what the applicant declares and an officer confirms: the
	// cases that make a conditional fee due ("qua-han") and the categories of person that a
	// reduction is for ("ho-ngheo").
	Cases      []string
	Categories []string
	On         time.Time // the day the dossier is filed, for reductions in force for a time; zero is now
}

// FeeLine is one line of a quote: a fee or charge, or a reduction (negative), with its basis.
type FeeLine struct {
	Name      string
	AmountVND int64
	Basis     string
	Units     int64  // units charged (copies, pages); 0 on a reduction
	Statement string // the fee or reduction in plain words, when the catalog gives them
}

// FeeQuote is what an applicant owes for one dossier, line by line; TotalVND is their sum.
// Unpriced names the fees due whose amount the catalog does not state (the agency says it).
type FeeQuote struct {
	TotalVND int64
	Lines    []FeeLine
	Unpriced []string
}

// maxUnits bounds the copies and pages a quote counts, so that no amount overflows int64
// (amounts are at most maxVND).
const maxUnits = 10_000

// Quote is the amount owed for a dossier of p: a line for each fee due that costs something and
// a negative line for the reduction applied to it. Of several reductions a dossier qualifies
// for on one fee the largest applies (none of the demo's sources adds them up); a fee is never
// reduced below zero. A reduction by percent leaves the payer the reduced amount rounded down
// to whole đồng: the sources give no rounding rule, so the payer gets the fraction.
func (p *Procedure) Quote(in FeeInput) FeeQuote {
	day := in.On
	if day.IsZero() {
		day = time.Now()
	}
	today := day.In(vnZone).Format(time.DateOnly)
	var q FeeQuote
	for _, f := range p.Fees {
		if f.InfoOnly || (f.Filed == "online" && !in.Online) || (f.Filed == "paper" && in.Online) ||
			(f.Case != "" && !slices.Contains(in.Cases, f.Case)) {
			continue
		}
		if f.AmountVND == nil {
			q.Unpriced = append(q.Unpriced, f.Name)
			continue
		}
		gross, units := f.charge(in)
		if gross <= 0 {
			continue
		}
		q.Lines = append(q.Lines, FeeLine{Name: f.Name, AmountVND: gross, Basis: f.Basis, Units: units, Statement: f.Statement})
		q.TotalVND += gross
		var best *Reduction
		var off int64
		for i := range f.Reductions {
			r := &f.Reductions[i]
			if o := r.off(gross); r.applies(in, today) && o > off {
				best, off = r, o
			}
		}
		if best != nil {
			q.Lines = append(q.Lines, FeeLine{Name: best.Name, AmountVND: -off, Basis: best.Basis, Statement: best.Statement})
			q.TotalVND -= off
		}
	}
	return q
}

// charge is the amount of f for a dossier and the units it counts.
func (f *Fee) charge(in FeeInput) (amount, units int64) {
	copies := int64(min(max(in.Copies, 1), maxUnits))
	switch f.Per {
	case "copy":
		units = copies
	case "page":
		units = int64(min(max(in.Pages, 1), maxUnits))
	case "component":
		for _, c := range in.Components[:min(len(in.Components), maxUnits)] {
			if c == f.PerComponent {
				units++
			}
		}
	default:
		units = 1
	}
	amount = f.units(units)
	if f.Per == "page" { // the cap is per copy, the pages counted on the original
		if f.CapVND != nil {
			amount = min(amount, *f.CapVND)
		}
		return amount * copies, units * copies
	}
	if f.CapVND != nil {
		amount = min(amount, *f.CapVND)
	}
	return amount, units
}

// units is the amount for units 1..n: nothing before FromUnit, then AmountVND a unit, then
// Then.AmountVND a unit from Then.FromUnit on.
func (f *Fee) units(n int64) int64 {
	start := int64(max(f.FromUnit, 1))
	if n < start {
		return 0
	}
	if f.Then == nil {
		return (n - start + 1) * *f.AmountVND
	}
	switchAt := max(int64(f.Then.FromUnit), start)
	base := max(min(n, switchAt-1)-start+1, 0)
	rest := max(n-switchAt+1, 0)
	return base**f.AmountVND + rest*f.Then.AmountVND
}

// applies says whether r is for this dossier on day (YYYY-MM-DD).
func (r *Reduction) applies(in FeeInput, day string) bool {
	if r.Online && !in.Online {
		return false
	}
	if len(r.Categories) > 0 && !slices.ContainsFunc(r.Categories, func(c string) bool { return slices.Contains(in.Categories, c) }) {
		return false
	}
	return (r.From == "" || r.From <= day) && (r.Until == "" || day <= r.Until)
}

// off is how much r takes off a fee of gross đồng, at most all of it.
func (r *Reduction) off(gross int64) int64 {
	if r.AmountVND != nil {
		return min(*r.AmountVND, gross)
	}
	return gross - gross*int64(100-r.Percent)/100
}

// Claimable lists the reductions of p an applicant may claim by category, each name once, so
// that the pages can say who pays less; an officer confirms a claim before it counts.
func (p *Procedure) Claimable() []Reduction {
	var out []Reduction
	for _, f := range p.Fees {
		for _, r := range f.Reductions {
			if len(r.Categories) > 0 && !f.InfoOnly &&
				!slices.ContainsFunc(out, func(o Reduction) bool { return o.Name == r.Name }) {
				out = append(out, r)
			}
		}
	}
	return out
}
