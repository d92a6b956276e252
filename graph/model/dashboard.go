package model

import (
	"context"
	"sync"

	"github.com/linedesk/linedesk/internal/customers"
)

// Dashboard is the root of the dashboard's figures; every field has its own resolver so
// a query computes only the figures it asks for. The four status figures (customers,
// online, offline, expired) come from one computation per request, shared through Statuses.
// (Its methods are named unlike the schema's fields, so gqlgen keeps the resolvers.)
type Dashboard struct {
	once     sync.Once
	statuses customers.StatusFigures
	err      error
}

// Statuses returns the status figures, computing them with count on the first call only:
// concurrent calls wait for it, and every field of the request reads the same figures,
// from one snapshot of the database.
func (d *Dashboard) Statuses(ctx context.Context, count func(context.Context) (customers.StatusFigures, error)) (customers.StatusFigures, error) {
	d.once.Do(func() { d.statuses, d.err = count(ctx) })
	return d.statuses, d.err
}
