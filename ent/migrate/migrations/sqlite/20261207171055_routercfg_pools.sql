-- Create "address_pools" table
CREATE TABLE `address_pools` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `family` text NOT NULL DEFAULT ('IPV4'), `ranges` text NOT NULL, `prefix_length` integer NULL, `nas_id` integer NULL);
-- Set sequence for "address_pools" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("address_pools", 154618822656);
-- Create index "address_pools_name_key" to table: "address_pools"
CREATE UNIQUE INDEX `address_pools_name_key` ON `address_pools` (`name`);
-- Create "ip_allocations" table
CREATE TABLE `ip_allocations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `pool_id` integer NOT NULL, `address` text NOT NULL, `kind` text NOT NULL, `customer_id` integer NULL, `session_key` text NULL, `created_at` datetime NOT NULL);
-- Set sequence for "ip_allocations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ip_allocations", 158913789952);
-- Create index "ipallocation_pool_id_address" to table: "ip_allocations"
CREATE UNIQUE INDEX `ipallocation_pool_id_address` ON `ip_allocations` (`pool_id`, `address`);
-- Create index "ipallocation_session_key" to table: "ip_allocations"
CREATE INDEX `ipallocation_session_key` ON `ip_allocations` (`session_key`);
-- Create index "ipallocation_customer_id" to table: "ip_allocations"
CREATE INDEX `ipallocation_customer_id` ON `ip_allocations` (`customer_id`);
