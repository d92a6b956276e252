-- Hot-path tuning of the accounting writer (written by hand, PostgreSQL only).
--
-- An Interim-Update changes a session's counters and times, its customer's period usage and
-- the day's usage. These statements keep those updates heap-only (HOT): room on every page
-- for the next version of a row (fillfactor), and no index on the columns an Interim-Update
-- changes. session_open_updated_at was such an index in earlier versions; it is dropped by
-- name. Open sessions are found through the partial index sessions_open_customer instead
-- (the reaper, the ONLINE/OFFLINE filters and the dashboard's counts); it changes only when
-- a session opens or closes.
CREATE INDEX IF NOT EXISTS sessions_open_customer ON sessions (customer_id) WHERE open;
DROP INDEX IF EXISTS session_open_updated_at;
ALTER TABLE sessions SET (fillfactor = 80);
ALTER TABLE customers SET (fillfactor = 85);
ALTER TABLE usage_dailies SET (fillfactor = 80);
