-- Indexes of the customer search (written by hand, PostgreSQL only; ent cannot express them).
--
-- Prefix searches of usernames and account numbers use text_pattern_ops indexes, whatever
-- the database's collation. Name substrings use a trigram index when the pg_trgm extension
-- can be created (it needs the contrib package and the right to create it); without it
-- they are found by a sequential scan, and the migration still succeeds.
CREATE INDEX IF NOT EXISTS customers_username_pattern ON customers (username text_pattern_ops);
CREATE INDEX IF NOT EXISTS customers_account_no_pattern ON customers (account_no text_pattern_ops);
DO $$
BEGIN
	CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'pg_trgm is not available (%): customer names are searched without a trigram index', SQLERRM;
END $$;
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
		CREATE INDEX IF NOT EXISTS customers_name_search_trgm ON customers USING gin (name_search gin_trgm_ops);
	END IF;
END $$;
