package graph

import (
	"context"

	"github.com/linedesk/linedesk/internal/pools"
)

// refs turns a service's slice of values into the pointers gqlgen lists are made of.
func refs[T any](list []T, err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(list))
	for i := range list {
		out[i] = &list[i]
	}
	return out, nil
}

// values turns gqlgen's input pointers into values.
func values[T any](list []*T) []T {
	out := make([]T, 0, len(list))
	for _, v := range list {
		if v != nil {
			out = append(out, *v)
		}
	}
	return out
}

// int64Ptr widens an optional GraphQL Int.
func int64Ptr(v *int) *int64 {
	if v == nil {
		return nil
	}
	n := int64(*v)
	return &n
}

// deref is *v, or the zero value for nil.
func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}

// ref is a (value, error) pair as (pointer, error).
func ref[T any](v T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// positive is a count as an optional GraphQL Int: null when it is 0 (none).
func positive(n int64, err error) (*int, error) {
	if err != nil || n <= 0 {
		return nil, err
	}
	v := int(n)
	return &v, nil
}

// prefixPool is the IPv6 pool a plan hands prefixes out from; nil for none (id 0).
func (r *Resolver) prefixPool(ctx context.Context, id int) (*pools.Pool, error) {
	if id == 0 {
		return nil, nil
	}
	return r.pools.Get(ctx, id)
}
