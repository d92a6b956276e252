-- Partial phone search (issue 17, fix 10): a query of 4 or more digits matches a substring of
-- the E.164 phone numbers, served by a trigram index (written by hand, PostgreSQL only; ent
-- cannot express it). pg_trgm is created when it can be, as in customer_search; without it
-- phone substrings are found by a sequential scan, and the migration still succeeds.
DO $$
BEGIN
	CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'pg_trgm is not available (%): phone numbers are searched without a trigram index', SQLERRM;
END $$;
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
		CREATE INDEX IF NOT EXISTS customers_phone_trgm ON customers USING gin (phone gin_trgm_ops);
	END IF;
END $$;
