package model

// Dashboard is the root of the dashboard's figures; every field has its own resolver so
// a query computes only the figures it asks for.
type Dashboard struct{}
