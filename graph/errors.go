package graph

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/lib/pq"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Error codes in extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeBadInput        = "BAD_USER_INPUT"
	CodeConflict        = "CONFLICT"
	CodeNotFound        = "NOT_FOUND"
	CodeUnavailable     = "UNAVAILABLE"
	CodeThrottled       = "TOO_MANY_REQUESTS"
	CodeTOTPRequired    = "TOTP_REQUIRED"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
)

var errInternal = errors.New("internal error")

// domainCodes are the codes of the services' refusals.
var domainCodes = map[domain.Kind]string{
	domain.Invalid:   CodeBadInput,
	domain.Refused:   CodeBadInput,
	domain.NotFound:  CodeNotFound,
	domain.Conflict:  CodeConflict,
	domain.Forbidden: CodeForbidden,
}

// errUnavailableMessage is shown while the database cannot be reached.
const errUnavailableMessage = "the service is temporarily unavailable; try again shortly"

// inputError is invalid input to a resolver, naming the field.
type inputError struct{ field, msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(field, msg string) error { return &inputError{field, msg} }

func codeErr(msg, code, field string) *gqlerror.Error {
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	return &gqlerror.Error{Message: msg, Extensions: ext}
}

// columnField maps a database column named in a conflict to the API's field name.
func columnField(col string) string {
	parts := strings.Split(col, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "ip" || parts[i] == "id" {
			parts[i] = strings.ToUpper(parts[i])
			continue
		}
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// presentError turns resolver errors into GraphQL errors that never leak internals: known
// refusals keep their message and get a code; anything else is logged and shown as
// "internal error". No message that names the database driver ever reaches the client.
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	ge := r.presentKnown(ctx, err)
	if ge != nil && ge.Extensions != nil && ge.Extensions["messageKey"] == nil && ge.Extensions["code"] == CodeInternal {
		keyed(ge, "error.internal", nil)
	}
	if ge != nil && leaksInternals(ge.Message) {
		r.deps.Logger.Error("GraphQL error message names the database; shown as internal error", "err", err, "path", ge.Path.String())
		out := *ge
		out.Message, out.Extensions, out.Err = errInternal.Error(), map[string]any{"code": CodeInternal, "messageKey": "error.internal"}, nil
		return &out
	}
	return ge
}

// driverMessage matches what the database drivers, database/sql and ent put in their errors.
var driverMessage = regexp.MustCompile(`(?i)(^|[^a-z0-9_])(pq|sql|ent|driver): |sqlite|sql logic error|sqlstate`)

// leaksInternals reports whether a message names the database driver or ent.
func leaksInternals(msg string) bool { return driverMessage.MatchString(msg) }

// isBadText reports whether PostgreSQL refused text it cannot store (a NUL character, or
// bytes that are not UTF-8): the input's fault, which inputCheck normally catches first.
func isBadText(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}

func (r *Resolver) presentKnown(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) && gerr.Err == nil {
		// gqlgen's own parse and validation errors, or ours made with codeErr.
		return gerr
	}
	ge := graphql.DefaultErrorPresenter(ctx, err)
	inner := err
	if gerr != nil && gerr.Err != nil {
		inner = gerr.Err
	}
	set := func(msg, code, field string) *gqlerror.Error {
		ge.Message = msg
		ge.Extensions = map[string]any{"code": code}
		if field != "" {
			ge.Extensions["field"] = field
		}
		ge.Err = nil
		return ge
	}
	var (
		ie *inputError
		se *auth.StaffInputError
		ve *ent.ValidationError
		de *domain.Error
	)
	if arg := argumentOf(ctx, ge); arg != "" {
		// The value of an argument could not be read (a bad ID, cursor or time).
		return keyed(set("invalid value for argument "+arg, CodeBadInput, arg), "error.invalidArgument", map[string]any{"argument": arg})
	}
	switch {
	case errors.As(inner, &de):
		out := set(de.Message, domainCodes[de.Kind], de.Field)
		if de.Key != "" {
			out.Extensions["messageKey"] = de.Key
			if len(de.Params) > 0 {
				out.Extensions["params"] = de.Params
			}
		}
		return out
	case errors.Is(inner, auth.ErrUnauthenticated):
		return keyed(set(auth.ErrUnauthenticated.Error(), CodeUnauthenticated, ""), "error.unauthenticated", nil)
	case errors.Is(inner, auth.ErrForbidden):
		return keyed(set(auth.ErrForbidden.Error(), CodeForbidden, ""), "error.forbidden", nil)
	case errors.Is(inner, auth.ErrBadCredentials):
		return keyed(set(inner.Error(), CodeUnauthenticated, ""), "error.badCredentials", nil)
	case errors.Is(inner, auth.ErrTOTPWrong):
		return keyed(set(inner.Error(), CodeTOTPRequired, "totpCode"), "error.totpWrong", nil)
	case errors.Is(inner, auth.ErrTOTPRequired):
		return keyed(set(inner.Error(), CodeTOTPRequired, "totpCode"), "error.totpRequired", nil)
	case errors.Is(inner, auth.ErrThrottled):
		return keyed(set(inner.Error(), CodeThrottled, ""), "error.throttled", nil)
	case errors.As(inner, &ie):
		return set(ie.msg, CodeBadInput, ie.field)
	case errors.As(inner, &se):
		return keyed(set(se.Message, CodeBadInput, se.Field), se.Key, se.Params)
	case isBadText(inner):
		return keyed(set("text must be UTF-8 without NUL characters", CodeBadInput, ""), "error.badText", nil)
	case store.IsUnavailable(inner):
		r.deps.Logger.Warn("database unavailable", "err", inner, "path", ge.Path.String())
		return keyed(set(errUnavailableMessage, CodeUnavailable, ""), "error.unavailable", nil)
	case store.AsConflict(inner) != nil:
		msg, field := conflictMessage(store.AsConflict(inner))
		if field == "" {
			return keyed(set(msg, CodeConflict, field), "error.alreadyExists", nil)
		}
		return keyed(set(msg, CodeConflict, field), "error.taken", map[string]any{"field": field})
	case ent.IsNotFound(inner):
		return keyed(set("not found", CodeNotFound, ""), "error.notFound", nil)
	case errors.As(inner, &ve):
		return keyed(set("invalid value for "+columnField(ve.Name), CodeBadInput, columnField(ve.Name)),
			"error.invalidValue", map[string]any{"field": columnField(ve.Name)})
	}
	if gerr != nil && gerr.Err == nil {
		return gerr
	}
	r.deps.Logger.Error("GraphQL resolver failed", "err", inner, "path", ge.Path.String())
	return set(errInternal.Error(), CodeInternal, "")
}

// conflictMessage says which value a unique constraint refused, and names its field.
func conflictMessage(ce *store.ConflictError) (msg, field string) {
	if len(ce.Columns) > 0 {
		field = columnField(ce.Columns[len(ce.Columns)-1])
	}
	if field == "" {
		return "already exists", ""
	}
	return field + " is already taken", field
}

// argumentOf names the argument an error is about: gqlgen reports a value it cannot read
// on the field's path followed by the argument's name.
func argumentOf(ctx context.Context, ge *gqlerror.Error) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || len(ge.Path) != len(fc.Path())+1 {
		return ""
	}
	name, ok := ge.Path[len(ge.Path)-1].(ast.PathName)
	if !ok || fc.Field.Arguments.ForName(string(name)) == nil {
		return ""
	}
	return string(name)
}

// keyed gives ge the translation key (and parameters) a client shows in its language; an
// empty key leaves ge as it is.
func keyed(ge *gqlerror.Error, key string, params map[string]any) *gqlerror.Error {
	if key == "" {
		return ge
	}
	ge.Extensions["messageKey"] = key
	if len(params) > 0 {
		ge.Extensions["params"] = params
	}
	return ge
}
