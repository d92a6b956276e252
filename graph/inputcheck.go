package graph

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/internal/auth"
)

// inputCheck reads every argument of an operation (literal or variable, at any depth of the
// selection and of input objects) before any resolver runs, and refuses the operation when
//   - a string holds a NUL character or is not UTF-8 (PostgreSQL cannot store either):
//     BAD_USER_INPUT naming the argument;
//   - a caller below ADMIN filters on staff (staffID…, hasStaff… of a where input), which
//     would reveal the staff records node(id) refuses them: FORBIDDEN.
type inputCheck struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = inputCheck{}

func (inputCheck) ExtensionName() string                   { return "LinedeskInputCheck" }
func (inputCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (x inputCheck) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Doc == nil {
		return nil
	}
	p := auth.FromContext(ctx)
	w := &argWalker{schema: x.schema, vars: oc.Variables, frags: oc.Doc.Fragments,
		admin: p != nil && auth.Allows(p.Role, auth.Admin), seen: map[string]bool{}}
	return w.selections(oc.Operation.SelectionSet)
}

// argWalker walks the arguments of a selection set.
type argWalker struct {
	schema *ast.Schema
	vars   map[string]any
	frags  ast.FragmentDefinitionList
	admin  bool
	seen   map[string]bool // fragments walked (their arguments do not depend on the spread)
}

func (w *argWalker) selections(set ast.SelectionSet) *gqlerror.Error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if err := w.field(s); err != nil {
				return err
			}
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if w.seen[s.Name] {
				continue
			}
			w.seen[s.Name] = true
			if f := w.frags.ForName(s.Name); f != nil {
				if err := w.selections(f.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (w *argWalker) field(f *ast.Field) *gqlerror.Error {
	for _, a := range f.Arguments {
		if a.Value == nil {
			continue
		}
		v, err := a.Value.Value(w.vars)
		if err != nil {
			continue // validation reports it
		}
		var typ *ast.Type
		if f.Definition != nil {
			if def := f.Definition.Arguments.ForName(a.Name); def != nil {
				typ = def.Type
			}
		}
		if err := w.value(a.Name, a.Name, v, typ); err != nil {
			return err
		}
	}
	return nil
}

// value checks v, of type typ, found at path; name is the innermost argument or input field.
func (w *argWalker) value(path, name string, v any, typ *ast.Type) *gqlerror.Error {
	switch x := v.(type) {
	case string:
		if !utf8.ValidString(x) || strings.ContainsRune(x, 0) {
			return codeErr(fmt.Sprintf("%s must be UTF-8 text without NUL characters", path), CodeBadInput, name)
		}
	case []any:
		var elem *ast.Type
		if typ != nil {
			elem = typ.Elem
		}
		for _, e := range x {
			if err := w.value(path, name, e, elem); err != nil {
				return err
			}
		}
	case map[string]any:
		var def *ast.Definition
		if typ != nil {
			def = w.schema.Types[typ.Name()]
		}
		for k, e := range x {
			if !w.admin && isStaffFilter(def, k) {
				return codeErr("filtering on staff ("+path+"."+k+") needs the admin role", CodeForbidden, k)
			}
			var ft *ast.Type
			if def != nil {
				if fd := def.Fields.ForName(k); fd != nil {
					ft = fd.Type
				}
			}
			if err := w.value(path+"."+k, k, e, ft); err != nil {
				return err
			}
		}
	}
	return nil
}

// isStaffFilter reports whether field of input type def filters on staff records.
func isStaffFilter(def *ast.Definition, field string) bool {
	if def == nil || !strings.HasSuffix(def.Name, "WhereInput") {
		return false
	}
	return def.Name == "StaffWhereInput" || strings.HasPrefix(field, "staffID") || strings.HasPrefix(field, "hasStaff")
}
