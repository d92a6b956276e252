-- Add column "framed_pool_id" to table: "ipv6_assignments"
ALTER TABLE `ipv6_assignments` ADD COLUMN `framed_pool_id` integer NULL;
-- Add column "delegated_pool_id" to table: "ipv6_assignments"
ALTER TABLE `ipv6_assignments` ADD COLUMN `delegated_pool_id` integer NULL;
