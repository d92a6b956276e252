-- Exact counts of the broad customer searches, maintained transactionally (issue 19, items 3
-- and 4; written by hand, PostgreSQL only; ent cannot express triggers). Counting tens of
-- thousands of matches reads every heap page of customers (a one-letter prefix matched a
-- fifth of them: 550 ms cold, 20 ms warm at 1,000,000), so the counts of the short searches,
-- which match the most, are kept here, one row per key, over the customers that are not
-- archived (a key shorter than its kind's queries, from a short column, is never asked for):
--
--   ''            every customer (the unfiltered list);
--   'p:' || x     x a prefix of 1 or 2 characters of the username, account number or
--                 lower-cased name (DESIGN.md's rule for one and two characters), a customer
--                 counted once per x;
--   's:' || x     x the first 3 characters of the username or account number, or any 3
--                 consecutive characters of the lower-cased name: what a search of 3
--                 characters matches (prefixes, and a name substring);
--   't:' || x     x the first 5 to 8 characters of the E.164 phone number ("+254710"): what
--                 a national prefix such as "0710" matches.
--
-- Statement triggers with transition tables keep inserts (COPY of an import included) and
-- deletes to one upsert per statement; a row trigger, fired only when a counted column or
-- the archived state changes, keeps updates. Keys are upserted in key order, '' first, so
-- the transactions that change counts take the row locks in one order.
-- min_id is a lower bound of the ids of the customers a key counts (never above the least;
-- it does not rise when that customer leaves the key): a list of a short search starts its
-- walk of the primary key there. Without it, matches that sit together at high ids (account
-- numbers are given in id order: "9" matched ids 800,001–900,000 of 1,000,000) made the walk
-- skip 800,000 rows (760 ms).
CREATE TABLE customer_search_counts (key text PRIMARY KEY, n bigint NOT NULL, min_id bigint);

CREATE FUNCTION linedesk_search_keys(u text, a text, nm text, p text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT DISTINCT k FROM (
		VALUES (''), ('p:' || left(u, 1)), ('p:' || left(u, 2)), ('p:' || left(a, 1)), ('p:' || left(a, 2)),
			('p:' || left(nm, 1)), ('p:' || left(nm, 2)), ('s:' || left(u, 3)), ('s:' || left(a, 3)),
			('t:' || left(p, 5)), ('t:' || left(p, 6)), ('t:' || left(p, 7)), ('t:' || left(p, 8))
		UNION ALL
		SELECT 's:' || substr(nm, i, 3) FROM generate_series(1, char_length(nm) - 2) AS i
	) s(k) WHERE k NOT IN ('p:', 's:')
$$;

CREATE FUNCTION linedesk_search_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO customer_search_counts AS c (key, n, min_id)
	SELECT k, count(*), min(r.id) FROM new_rows r,
		LATERAL linedesk_search_keys(r.username, r.account_no, r.name_search, r.phone) AS k
	WHERE r.archived_at IS NULL GROUP BY k ORDER BY k
	ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n, min_id = LEAST(c.min_id, EXCLUDED.min_id);
	RETURN NULL;
END $$;

CREATE FUNCTION linedesk_search_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO customer_search_counts AS c (key, n)
	SELECT k, -count(*) FROM old_rows r,
		LATERAL linedesk_search_keys(r.username, r.account_no, r.name_search, r.phone) AS k
	WHERE r.archived_at IS NULL GROUP BY k ORDER BY k
	ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n;
	RETURN NULL;
END $$;

CREATE FUNCTION linedesk_search_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO customer_search_counts AS c (key, n, min_id)
	SELECT k, sum(d), NEW.id FROM (
		SELECT k, -1 AS d FROM linedesk_search_keys(OLD.username, OLD.account_no, OLD.name_search, OLD.phone) AS k
			WHERE OLD.archived_at IS NULL
		UNION ALL
		SELECT k, 1 FROM linedesk_search_keys(NEW.username, NEW.account_no, NEW.name_search, NEW.phone) AS k
			WHERE NEW.archived_at IS NULL
	) s GROUP BY k HAVING sum(d) <> 0 OR k = '' ORDER BY k
	ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n, min_id = LEAST(c.min_id, EXCLUDED.min_id);
	RETURN NULL;
END $$;

-- CREATE TRIGGER locks customers against writes (SHARE ROW EXCLUSIVE) until the migration's
-- transaction ends, so no write falls between the triggers and the counts filled in below.
CREATE TRIGGER customers_search_counts_insert AFTER INSERT ON customers
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION linedesk_search_counts_insert();
CREATE TRIGGER customers_search_counts_delete AFTER DELETE ON customers
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION linedesk_search_counts_delete();
CREATE TRIGGER customers_search_counts_update AFTER UPDATE OF username, account_no, name_search, phone, archived_at
	ON customers FOR EACH ROW
	WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.account_no IS DISTINCT FROM NEW.account_no
		OR OLD.name_search IS DISTINCT FROM NEW.name_search OR OLD.phone IS DISTINCT FROM NEW.phone
		OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
	EXECUTE FUNCTION linedesk_search_counts_update();

INSERT INTO customer_search_counts (key, n) VALUES ('', 0);
INSERT INTO customer_search_counts AS c (key, n, min_id)
SELECT k, count(*), min(r.id) FROM customers r,
	LATERAL linedesk_search_keys(r.username, r.account_no, r.name_search, r.phone) AS k
WHERE r.archived_at IS NULL GROUP BY k
ON CONFLICT (key) DO UPDATE SET n = EXCLUDED.n, min_id = EXCLUDED.min_id;

-- National prefixes of phone numbers ("0710" in KE: "+254710…") are searched as a byte-order
-- range of the E.164 number, which a text_pattern_ops B-tree serves.
CREATE INDEX IF NOT EXISTS customers_phone_pattern ON customers (phone text_pattern_ops);
