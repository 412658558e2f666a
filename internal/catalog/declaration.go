package catalog

// TemplateNames lists the official templates (mẫu đơn, tờ khai) that the procedure's components
// name, each once, in the components' order: the forms its printable declaration stands for.
func (p *Procedure) TemplateNames() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range p.Components {
		if c.TemplateName != "" && !seen[c.TemplateName] {
			seen[c.TemplateName] = true
			out = append(out, c.TemplateName)
		}
	}
	return out
}
