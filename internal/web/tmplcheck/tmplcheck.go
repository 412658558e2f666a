// Package tmplcheck checks the pages' templates at start: every t or tn call names a constant
// message key that the catalog holds (internal/web calls it on each page it parses).
package tmplcheck

import (
	"errors"
	"fmt"
	"html/template"
	"text/template/parse"

	"github.com/motcua/motcua/internal/i18n"
)

// Keys walks every template of t and fails on a t or tn call whose key is not a constant
// string or is missing from the message catalog.
func Keys(t *template.Template, msg *i18n.Catalog) error {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		var errs []error
		WalkKeys(tt.Tree.Root, func(fn, key string, constant bool) {
			switch {
			case !constant:
				errs = append(errs, fmt.Errorf("template %q: %s needs a constant message key", tt.Name(), fn))
			case fn == "t" && !msg.Has(key):
				errs = append(errs, fmt.Errorf("template %q: unknown message key %q", tt.Name(), key))
			case fn == "tn" && (!msg.Has(key+".one") || !msg.Has(key+".other")):
				errs = append(errs, fmt.Errorf("template %q: unknown message keys %q.one/.other", tt.Name(), key))
			}
		})
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

// WalkKeys calls found for every call of t or tn under n.
func WalkKeys(n parse.Node, found func(fn, key string, constant bool)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			WalkKeys(c, found)
		}
	case *parse.ActionNode:
		WalkKeys(n.Pipe, found)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			WalkKeys(c, found)
		}
	case *parse.CommandNode:
		if id, ok := n.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "t" || id.Ident == "tn") {
			if len(n.Args) < 2 {
				found(id.Ident, "", false)
			} else if s, ok := n.Args[1].(*parse.StringNode); ok {
				found(id.Ident, s.Text, true)
			} else {
				found(id.Ident, "", false)
			}
		}
		for _, a := range n.Args {
			WalkKeys(a, found)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, found)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, found)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, found)
	case *parse.TemplateNode:
		WalkKeys(n.Pipe, found)
	}
}

func walkBranch(b *parse.BranchNode, found func(fn, key string, constant bool)) {
	WalkKeys(b.Pipe, found)
	WalkKeys(b.List, found)
	WalkKeys(b.ElseList, found)
}
