package graph

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
)

// MaxSearch is the longest search text.
const MaxSearch = 200

// MaxPage is the largest page a connection returns.
const MaxPage = 1000

// paginator is an ent query of a relay connection C (entgql's Paginate) with options O.
type paginator[C, O any] interface {
	Paginate(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, opts ...O) (C, error)
}

// paginate is a list query's resolver: it checks the page (checkPage) and reads it with q.
func paginate[C, O any](ctx context.Context, q paginator[C, O], after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, opts ...O) (C, error) {
	if err := checkPage(&first, last); err != nil {
		var none C
		return none, err
	}
	return q.Paginate(ctx, after, first, before, last, opts...)
}

// checkPage refuses pages out of range and gives a connection asked for without first or
// last a page of MaxPage, so no query can read a whole table.
func checkPage(first **int, last *int) error {
	if *first == nil && last == nil {
		n := MaxPage
		*first = &n
	}
	if (*first != nil && (**first < 0 || **first > MaxPage)) || (last != nil && (*last < 0 || *last > MaxPage)) {
		return badInput("first", fmt.Sprintf("pages hold 0 to %d items", MaxPage))
	}
	return nil
}

// orZero is *p, or T's zero value when p is nil (an omitted filter).
func orZero[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
