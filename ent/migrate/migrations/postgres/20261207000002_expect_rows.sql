-- linedesk_expect_rows (written by hand, PostgreSQL only): the LD409 contract of the
-- accounting writer.
--
-- The writer's optimistic statements call it with the number of rows a conditional update
-- matched and the number it should have matched. When they differ (another writer got
-- there first) it raises SQLSTATE LD409; the whole batch then rolls back and is redone
-- under row locks. A change to the function is a new migration file with
-- CREATE OR REPLACE FUNCTION, never an edit of this one.
CREATE OR REPLACE FUNCTION linedesk_expect_rows(got bigint, want bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF got <> want THEN
		RAISE EXCEPTION 'linedesk: % of % rows were as expected; another writer changed the rest', got, want
			USING ERRCODE = 'LD409';
	END IF;
END $$;
