package store

import "context"

// Unwrap returns v, an entity read or written in a transaction that InTx began for ctx and
// has since committed, made usable again: its later queries (GraphQL edges, lazy loads) go
// through the client the transaction came from instead of the finished transaction. When ctx
// carries a transaction (the caller's, still open), v belongs to it and is returned as it is;
// so is an entity that was not read in a transaction.
func Unwrap[T interface {
	comparable
	Unwrap() T
}](ctx context.Context, v T) (out T) {
	var zero T
	if v == zero || InTransaction(ctx) {
		return v
	}
	out = v
	defer func() { _ = recover() }() // ent panics for an entity not read in a transaction: out stays v
	return v.Unwrap()
}
