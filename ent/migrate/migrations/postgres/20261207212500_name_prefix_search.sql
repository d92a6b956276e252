-- One- and two-character searches (issue 19, item 4) match the lower-cased full name by prefix,
-- written as a byte-order range (name_search ~>=~ 'wa' AND name_search ~<~ 'wb'). A
-- text_pattern_ops B-tree serves that range whatever the database's collation; the plain
-- name_search index (collation order) cannot, and the trigram index rechecks every row of a
-- broad prefix. Written by hand, PostgreSQL only; ent cannot express it. Usernames and account
-- numbers have such indexes since customer_search.
CREATE INDEX IF NOT EXISTS customers_name_search_pattern ON customers (name_search text_pattern_ops);
