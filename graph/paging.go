package graph

import "fmt"

// MaxSearch is the longest search text.
const MaxSearch = 200

// MaxPage is the largest page a connection returns.
const MaxPage = 1000

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
