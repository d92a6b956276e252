package portal

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/graph"
	svc "github.com/linedesk/linedesk/internal/portal"
)

// Limits of an operation.
const (
	MaxDepth = 8
	// MaxCost bounds the work of one operation: every field costs 1 and a list multiplies
	// what it selects by its length (first, days, or its default).
	MaxCost = 5000
)

// anonymous are the operations answered without a sign-in.
var anonymous = map[string]bool{
	"portalLogin": true, "portalRequestCode": true, "portalVerifyCode": true, "isp": true, "__typename": true,
}

// gate bounds every operation (depth, cost, text of arguments) and refuses those that need a
// sign-in without one; introspection needs a sign-in.
type gate struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = gate{}

func (gate) ExtensionName() string                   { return "PortalGate" }
func (gate) Validate(graphql.ExecutableSchema) error { return nil }

func (gate) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	si := svc.SignInFrom(ctx)
	oc.DisableIntrospection = si == nil
	if oc.Operation == nil {
		return nil
	}
	if d := graph.Depth(oc.Operation.SelectionSet, oc.Doc.Fragments); d > MaxDepth {
		return codeErr(fmt.Sprintf("the query is nested %d levels deep; at most %d are allowed", d, MaxDepth), "QUERY_TOO_DEEP", "")
	}
	if c := cost(oc.Operation.SelectionSet, oc.Doc.Fragments, oc.Variables, 0); c > MaxCost {
		return codeErr(fmt.Sprintf("the query would cost %d; at most %d is allowed: ask for shorter lists", c, MaxCost), "QUERY_TOO_COMPLEX", "")
	}
	if name, ok := badText(oc); !ok {
		return codeErr("text must be UTF-8 without NUL characters", CodeBadInput, name)
	}
	if si != nil || onlyAnonymous(oc.Operation.SelectionSet) {
		return nil
	}
	ri := infoFrom(ctx)
	switch {
	case ri.lookupFailed:
		return codeErr(errUnavailableMessage, CodeUnavailable, "")
	case ri.staffToken:
		return codeErr("staff tokens do not work on the subscriber portal: sign in with the subscriber's username and password", CodeUnauthenticated, "")
	}
	return codeErr(svc.ErrUnauthenticated.Error(), CodeUnauthenticated, "")
}

func onlyAnonymous(set ast.SelectionSet) bool {
	for _, s := range set {
		f, ok := s.(*ast.Field)
		if !ok || !anonymous[f.Name] {
			return false
		}
	}
	return len(set) > 0
}

// cost estimates a selection set's work; it saturates instead of overflowing.
func cost(set ast.SelectionSet, frags ast.FragmentDefinitionList, vars map[string]any, depth int) int {
	if depth > 2*MaxDepth {
		return MaxCost + 1
	}
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += 1 + listLength(s, vars)*cost(s.SelectionSet, frags, vars, depth+1)
		case *ast.InlineFragment:
			total += cost(s.SelectionSet, frags, vars, depth+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				total += cost(f.SelectionSet, frags, vars, depth+1)
			}
		}
		if total > MaxCost {
			return MaxCost + 1
		}
	}
	return total
}

// listLength is how many items a field may return.
func listLength(f *ast.Field, vars map[string]any) int {
	if f.Definition == nil || f.Definition.Type == nil || f.Definition.Type.Elem == nil {
		return 1
	}
	args := f.ArgumentMap(vars)
	for _, k := range []string{"first", "days"} {
		if v, ok := args[k].(int64); ok && v > 0 {
			return int(min(v, 1000))
		}
	}
	switch f.Name {
	case "dailyUsage":
		return 31
	case "offeredPlans":
		return 50
	}
	return svc.DefaultList
}

// badText finds an argument (literal or variable) holding a NUL character or invalid UTF-8.
func badText(oc *graphql.OperationContext) (string, bool) {
	for name, v := range oc.Variables {
		if !cleanValue(v) {
			return name, false
		}
	}
	var walk func(ast.SelectionSet) (string, bool)
	walk = func(set ast.SelectionSet) (string, bool) {
		for _, sel := range set {
			if f, ok := sel.(*ast.Field); ok {
				for _, a := range f.Arguments {
					if a.Value != nil && a.Value.Kind == ast.StringValue && !cleanString(a.Value.Raw) {
						return a.Name, false
					}
				}
				if n, ok := walk(f.SelectionSet); !ok {
					return n, false
				}
			}
		}
		return "", true
	}
	return walk(oc.Operation.SelectionSet)
}

func cleanValue(v any) bool {
	switch x := v.(type) {
	case string:
		return cleanString(x)
	case []any:
		for _, e := range x {
			if !cleanValue(e) {
				return false
			}
		}
	case map[string]any:
		for _, e := range x {
			if !cleanValue(e) {
				return false
			}
		}
	}
	return true
}

func cleanString(s string) bool {
	return utf8.ValidString(s) && !containsNUL(s)
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
