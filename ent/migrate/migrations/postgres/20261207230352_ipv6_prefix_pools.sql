-- Modify "ipv6_assignments" table
ALTER TABLE "ipv6_assignments" ADD COLUMN "framed_pool_id" bigint NULL, ADD COLUMN "delegated_pool_id" bigint NULL;
