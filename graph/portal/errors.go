package portal

import (
	"context"
	"errors"
	"regexp"

	"github.com/99designs/gqlgen/graphql"
	"github.com/lib/pq"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	svc "github.com/linedesk/linedesk/internal/portal"
	"github.com/linedesk/linedesk/internal/store"
)

// Error codes in extensions.code (the staff API's).
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeBadInput        = "BAD_USER_INPUT"
	CodeConflict        = "CONFLICT"
	CodeNotFound        = "NOT_FOUND"
	CodeUnavailable     = "UNAVAILABLE"
	CodeThrottled       = "TOO_MANY_REQUESTS"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
)

var errInternal = errors.New("internal error")

const errUnavailableMessage = "the service is temporarily unavailable; try again shortly"

var domainCodes = map[domain.Kind]string{
	domain.Invalid:   CodeBadInput,
	domain.Refused:   CodeBadInput,
	domain.NotFound:  CodeNotFound,
	domain.Conflict:  CodeConflict,
	domain.Forbidden: CodeForbidden,
}

func codeErr(msg, code, field string) *gqlerror.Error {
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	return &gqlerror.Error{Message: msg, Extensions: ext}
}

// driverMessage matches what database drivers and ent put in their errors.
var driverMessage = regexp.MustCompile(`(?i)(^|[^a-z0-9_])(pq|sql|ent|driver): |sqlite|sql logic error|sqlstate`)

// presentError turns resolver errors into GraphQL errors that never leak internals: known
// refusals keep their message and get a code; anything else is logged and shown as
// "internal error".
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	ge := r.presentKnown(ctx, err)
	if ge != nil && ge.Extensions != nil && ge.Extensions["messageKey"] == nil && ge.Extensions["code"] == CodeInternal {
		keyed(ge, "error.internal", nil)
	}
	if ge != nil && driverMessage.MatchString(ge.Message) {
		r.log.Error("portal error message names the database; shown as internal error", "err", err)
		out := *ge
		out.Message, out.Extensions, out.Err = errInternal.Error(), map[string]any{"code": CodeInternal, "messageKey": "error.internal"}, nil
		return &out
	}
	return ge
}

func (r *Resolver) presentKnown(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) && gerr.Err == nil {
		return gerr
	}
	ge := graphql.DefaultErrorPresenter(ctx, err)
	inner := err
	if gerr != nil && gerr.Err != nil {
		inner = gerr.Err
	}
	set := func(msg, code, field string) *gqlerror.Error {
		ge.Message, ge.Extensions, ge.Err = msg, map[string]any{"code": code}, nil
		if field != "" {
			ge.Extensions["field"] = field
		}
		return ge
	}
	var de *domain.Error
	var pe *pq.Error
	if arg := argumentOf(ctx, ge); arg != "" {
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
	case errors.Is(inner, svc.ErrUnauthenticated):
		return keyed(set(inner.Error(), CodeUnauthenticated, ""), "error.unauthenticated", nil)
	case errors.Is(inner, svc.ErrBadCredentials):
		return keyed(set(inner.Error(), CodeUnauthenticated, ""), "error.badCredentials", nil)
	case errors.Is(inner, svc.ErrBadCode):
		return keyed(set(inner.Error(), CodeUnauthenticated, ""), "portal.badCode", nil)
	case errors.Is(inner, svc.ErrTooManyCodes):
		return keyed(set(svc.ErrTooManyCodes.Error(), CodeThrottled, ""), "portal.tooManyCodes", nil)
	case errors.Is(inner, auth.ErrThrottled):
		return keyed(set("too many attempts: wait a few minutes and try again", CodeThrottled, ""), "error.throttled", nil)
	case errors.As(inner, &pe) && (pe.Code == "22021" || pe.Code == "22P05"):
		return keyed(set("text must be UTF-8 without NUL characters", CodeBadInput, ""), "error.badText", nil)
	case store.IsUnavailable(inner):
		r.log.Warn("database unavailable", "err", inner)
		return keyed(set(errUnavailableMessage, CodeUnavailable, ""), "error.unavailable", nil)
	case ent.IsNotFound(inner):
		return keyed(set("not found", CodeNotFound, ""), "error.notFound", nil)
	}
	if gerr != nil && gerr.Err == nil {
		return gerr
	}
	r.log.Error("portal resolver failed", "err", inner, "path", ge.Path.String())
	return set(errInternal.Error(), CodeInternal, "")
}

// argumentOf names the argument a gqlgen decoding error is about.
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

// keyed gives ge the translation key (and parameters) a client shows in its language.
func keyed(ge *gqlerror.Error, key string, params map[string]any) *gqlerror.Error {
	ge.Extensions["messageKey"] = key
	if len(params) > 0 {
		ge.Extensions["params"] = params
	}
	return ge
}
