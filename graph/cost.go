package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// MaxCost bounds the work one operation may ask for: every field costs 1, and a connection
// multiplies the cost of what it selects by its page size (first or last, MaxPage when
// neither is given), so aliases and nested pages cannot multiply work unnoticed.
const MaxCost = 25000

// costLimit refuses operations whose estimated cost exceeds max.
type costLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = costLimit{}

func (costLimit) ExtensionName() string                   { return "LinedeskCost" }
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (c costLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	cost := selectionCost(oc.Operation.SelectionSet, oc.Doc.Fragments, oc.Variables, 0)
	if cost > c.max {
		return codeErr(fmt.Sprintf("the query would cost %d; at most %d is allowed: ask for smaller pages or fewer fields", cost, c.max), "QUERY_TOO_COMPLEX", "")
	}
	return nil
}

// selectionCost estimates the cost of a selection set; it saturates instead of overflowing.
func selectionCost(set ast.SelectionSet, frags ast.FragmentDefinitionList, vars map[string]any, depth int) int {
	if depth > 2*MaxDepth {
		return MaxCost + 1
	}
	total := 0
	for _, sel := range set {
		var c int
		switch s := sel.(type) {
		case *ast.Field:
			c = 1 + multiplier(s, vars)*selectionCost(s.SelectionSet, frags, vars, depth+1)
		case *ast.InlineFragment:
			c = selectionCost(s.SelectionSet, frags, vars, depth+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				c = selectionCost(f.SelectionSet, frags, vars, depth+1)
			}
		}
		total += c
		if total > MaxCost {
			return MaxCost + 1
		}
	}
	return total
}

// multiplier is how many items a field may return: the page size of a connection, the number
// of ids of nodes(ids), otherwise 1.
func multiplier(f *ast.Field, vars map[string]any) int {
	if f.Definition == nil || f.Definition.Type == nil {
		return 1
	}
	args := f.ArgumentMap(vars)
	if f.Name == "nodes" {
		if ids, ok := args["ids"].([]any); ok && len(ids) > 0 {
			return len(ids)
		}
		return 1
	}
	if !strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		return 1
	}
	n := 0
	for _, k := range []string{"first", "last"} {
		if v, ok := args[k].(int64); ok && int(v) > n {
			n = int(v)
		}
	}
	if n <= 0 {
		n = MaxPage
	}
	return n
}
