package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/ent"
)

// opTx makes each mutation operation one database transaction, like entgql's Transactioner,
// except that the transaction opens only when a resolver first writes or reads through it
// (r.db). Work registered with afterCommit runs once the transaction has committed, never
// when it rolls back.
//
// It remains only for the resolvers that still write through r.db (staff, tokens, profiles,
// routers, settings) until their services own their transactions (issue 14); the customer and
// billing resolvers never open it: each of their service calls owns its transaction
// (store.InTx).
type opTx struct {
	mu    sync.Mutex
	base  *ent.Client
	tx    *ent.Tx
	done  bool
	after []func()
}

type opTxKey struct{}

func opTxFrom(ctx context.Context) *opTx {
	o, _ := ctx.Value(opTxKey{}).(*opTx)
	return o
}

// clientFor returns the client a resolver should use: the operation's transaction inside
// a mutation (opened on first use), else the plain client.
func clientFor(ctx context.Context, base *ent.Client) (*ent.Client, error) {
	o := opTxFrom(ctx)
	if o == nil {
		return base, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return base, nil
	}
	if o.tx == nil {
		tx, err := base.Tx(ctx)
		if err != nil {
			return nil, fmt.Errorf("starting transaction: %w", err)
		}
		o.tx = tx
	}
	return o.tx.Client(), nil
}

// afterCommit runs fn after the operation's transaction commits (at once outside one).
func afterCommit(ctx context.Context, fn func()) {
	o := opTxFrom(ctx)
	if o == nil {
		fn()
		return
	}
	o.mu.Lock()
	if o.done {
		o.mu.Unlock()
		fn()
		return
	}
	o.after = append(o.after, fn)
	o.mu.Unlock()
}

func (o *opTx) finish(commit bool) error {
	o.mu.Lock()
	if o.done {
		o.mu.Unlock()
		return nil
	}
	o.done = true
	tx, after := o.tx, o.after
	o.tx, o.after = nil, nil
	o.mu.Unlock()
	if tx != nil {
		if !commit {
			_ = tx.Rollback()
			return nil
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("committing: %w", err)
		}
	}
	if commit {
		for _, fn := range after {
			fn()
		}
	}
	return nil
}

// opTxExtension installs an opTx for every mutation operation.
type opTxExtension struct {
	client  *ent.Client
	present graphql.ErrorPresenterFunc
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = opTxExtension{}

func (opTxExtension) ExtensionName() string                   { return "LinedeskTransaction" }
func (opTxExtension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext serialises the field resolvers of mutations, which share one
// transaction.
func (opTxExtension) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	previous := oc.ResolverMiddleware
	var mu sync.Mutex
	oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return previous(ctx, next)
	}
	return nil
}

func (e opTxExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) { // an error before any operation (an unreadable body)
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	o := &opTx{base: e.client}
	ctx = context.WithValue(ctx, opTxKey{}, o)
	committed := false
	defer func() {
		if !committed {
			_ = o.finish(false)
		}
	}()
	rsp := next(ctx)
	if rsp == nil {
		return rsp
	}
	if len(rsp.Errors) > 0 {
		_ = o.finish(false)
		committed = true
		return &graphql.Response{Errors: rsp.Errors, Data: json.RawMessage("null"), Extensions: rsp.Extensions}
	}
	err := o.finish(true)
	committed = true
	if err != nil {
		return &graphql.Response{Errors: gqlerror.List{e.present(ctx, err)}, Data: json.RawMessage("null")}
	}
	return rsp
}
