-- Modify "sessions" table
ALTER TABLE "sessions" ADD COLUMN "rolled_in" bigint NOT NULL DEFAULT 0, ADD COLUMN "rolled_out" bigint NOT NULL DEFAULT 0;
-- Sessions stored before the roll-up were counted in period and daily usage as they were written
UPDATE "sessions" SET "rolled_in" = "bytes_in", "rolled_out" = "bytes_out";
