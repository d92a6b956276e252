-- Add column "address_pool_id" to table: "profiles"
ALTER TABLE `profiles` ADD COLUMN `address_pool_id` integer NULL;
-- Create index "ipallocation_pool_id_session_key" to table: "ip_allocations"
CREATE UNIQUE INDEX `ipallocation_pool_id_session_key` ON `ip_allocations` (`pool_id`, `session_key`);
-- Create "static_addresses" table
CREATE TABLE `static_addresses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `address` text NOT NULL, `customer_id` integer NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "static_addresses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("static_addresses", 167503724544);
-- Create index "static_addresses_address_key" to table: "static_addresses"
CREATE UNIQUE INDEX `static_addresses_address_key` ON `static_addresses` (`address`);
-- Create index "static_addresses_customer_id_key" to table: "static_addresses"
CREATE UNIQUE INDEX `static_addresses_customer_id_key` ON `static_addresses` (`customer_id`);
-- Static addresses given so far (written by hand): one row per address, held by the customer
-- that got it first (lowest id). Customers that shared an address keep it and are reported
-- as conflicts (dashboard Pools page, and the log at start) instead of failing the migration.
INSERT INTO `static_addresses` (`address`, `customer_id`, `created_at`)
SELECT `static_ip`, MIN(`id`), CURRENT_TIMESTAMP FROM `customers`
WHERE `static_ip` IS NOT NULL AND `static_ip` <> '' GROUP BY `static_ip`;
