package catalog

// FeeInput is what the amount owed for a dossier of a procedure depends on.
type FeeInput struct {
	Online     bool     // filed online (some fees are reduced for online filing)
	Copies     int      // copies of the result asked for, where a fee is per copy; 0 means 1
	Components []string // the components given, where a fee is per component
}

// FeeLine is one line of a quote: a fee or charge, or a reduction (negative), with its basis.
type FeeLine struct {
	Name      string
	AmountVND int64
	Basis     string
}

// FeeQuote is what an applicant owes for one dossier, line by line; TotalVND is their sum.
type FeeQuote struct {
	TotalVND int64
	Lines    []FeeLine
}

// Quote is the amount owed for a dossier of p. For now it is the headline fee as one line.
func (p *Procedure) Quote(in FeeInput) FeeQuote {
	if p.FeeVND == nil || *p.FeeVND <= 0 {
		return FeeQuote{}
	}
	line := FeeLine{Name: "Phí, lệ phí", AmountVND: *p.FeeVND}
	if len(p.Fees) > 0 {
		line.Basis = p.Fees[0].Basis
	}
	return FeeQuote{TotalVND: line.AmountVND, Lines: []FeeLine{line}}
}
