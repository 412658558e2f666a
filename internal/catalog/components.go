package catalog

// Requirement is one thing a dossier must contain: a required component on its own, or a group
// of alternatives ("one of") of which at least one member is required.
type Requirement struct {
	Group      string      // empty for a component on its own
	Components []Component // the component, or the group's members in the procedure's order
	Required   bool
}

// Requirements lists the procedure's components as the pages show them and submission checks
// them: each group once, at the place of its first member, holding all its members; a group is
// required when any member is.
func Requirements(p *Procedure) []Requirement {
	var out []Requirement
	at := map[string]int{}
	for _, c := range p.Components {
		if c.Group == "" {
			out = append(out, Requirement{Components: []Component{c}, Required: c.Required})
			continue
		}
		i, ok := at[c.Group]
		if !ok {
			i = len(out)
			at[c.Group] = i
			out = append(out, Requirement{Group: c.Group})
		}
		out[i].Components = append(out[i].Components, c)
		out[i].Required = out[i].Required || c.Required
	}
	return out
}

// Unmet returns the required components or groups that given does not satisfy: a component
// satisfies itself, and any member satisfies its group.
func Unmet(p *Procedure, given func(Component) bool) []Requirement {
	var out []Requirement
	for _, r := range Requirements(p) {
		if !r.Required {
			continue
		}
		met := false
		for _, c := range r.Components {
			met = met || given(c)
		}
		if !met {
			out = append(out, r)
		}
	}
	return out
}
