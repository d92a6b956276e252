-- The dashboard's status figures at a million customers (issue 19, item 6): one index-only pass
-- over the customers that are not archived, with their expiry, merged with the distinct
-- customer ids of the open sessions (sessions_open_customer), counts every figure at once
-- (internal/customers/figures.go). Written by hand, PostgreSQL only; ent cannot express a
-- partial index.
CREATE INDEX IF NOT EXISTS customers_live_expiry ON customers (id, expires_at) WHERE archived_at IS NULL;
