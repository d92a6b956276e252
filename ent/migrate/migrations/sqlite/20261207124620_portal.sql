-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "pending_profile_id" to table: "customers"
ALTER TABLE `customers` ADD COLUMN `pending_profile_id` integer NULL;
-- Add column "portal_last_used_at" to table: "customers"
ALTER TABLE `customers` ADD COLUMN `portal_last_used_at` datetime NULL;
-- Create "new_profiles" table
CREATE TABLE `new_profiles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `download_kbps` integer NOT NULL, `upload_kbps` integer NOT NULL, `burst_download_kbps` integer NULL, `burst_upload_kbps` integer NULL, `burst_threshold_download_kbps` integer NULL, `burst_threshold_upload_kbps` integer NULL, `burst_time_seconds` integer NULL, `data_limit_bytes` integer NULL, `validity_days` integer NOT NULL DEFAULT (30), `price` integer NOT NULL, `pool` text NULL, `expired_pool` text NULL, `portal_visible` bool NOT NULL DEFAULT (false), `after_cap_profile_id` integer NULL, CONSTRAINT `profiles_profiles_capped_from` FOREIGN KEY (`after_cap_profile_id`) REFERENCES `profiles` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_profiles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_profiles", 34359738368);
-- Copy rows from old table "profiles" to new temporary table "new_profiles"
INSERT INTO `new_profiles` (`id`, `created_at`, `updated_at`, `name`, `description`, `download_kbps`, `upload_kbps`, `burst_download_kbps`, `burst_upload_kbps`, `burst_threshold_download_kbps`, `burst_threshold_upload_kbps`, `burst_time_seconds`, `data_limit_bytes`, `validity_days`, `price`, `pool`, `expired_pool`, `after_cap_profile_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `description`, `download_kbps`, `upload_kbps`, `burst_download_kbps`, `burst_upload_kbps`, `burst_threshold_download_kbps`, `burst_threshold_upload_kbps`, `burst_time_seconds`, `data_limit_bytes`, `validity_days`, `price`, `pool`, `expired_pool`, `after_cap_profile_id` FROM `profiles`;
-- Drop "profiles" table after copying rows
DROP TABLE `profiles`;
-- Rename temporary table "new_profiles" to "profiles"
ALTER TABLE `new_profiles` RENAME TO `profiles`;
-- Create index "profiles_name_key" to table: "profiles"
CREATE UNIQUE INDEX `profiles_name_key` ON `profiles` (`name`);
-- Create "portal_codes" table
CREATE TABLE `portal_codes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `phone` text NOT NULL, `purpose` text NOT NULL, `customer_id` integer NULL, `code_hash` text NOT NULL, `tries` integer NOT NULL DEFAULT (0), `address` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL);
-- Set sequence for "portal_codes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("portal_codes", 73014444032);
-- Create index "portalcode_phone_created_at" to table: "portal_codes"
CREATE INDEX `portalcode_phone_created_at` ON `portal_codes` (`phone`, `created_at`);
-- Create index "portalcode_address_created_at" to table: "portal_codes"
CREATE INDEX `portalcode_address_created_at` ON `portal_codes` (`address`, `created_at`);
-- Create index "portalcode_expires_at" to table: "portal_codes"
CREATE INDEX `portalcode_expires_at` ON `portal_codes` (`expires_at`);
-- Create "portal_tokens" table
CREATE TABLE `portal_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `by_code` bool NOT NULL DEFAULT (false), `read_only` bool NOT NULL DEFAULT (false), `address` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `last_used_at` datetime NULL, `revoked_at` datetime NULL, `customer_id` integer NOT NULL, CONSTRAINT `portal_tokens_customers_portal_tokens` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE);
-- Set sequence for "portal_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("portal_tokens", 77309411328);
-- Create index "portal_tokens_token_hash_key" to table: "portal_tokens"
CREATE UNIQUE INDEX `portal_tokens_token_hash_key` ON `portal_tokens` (`token_hash`);
-- Create index "portaltoken_customer_id" to table: "portal_tokens"
CREATE INDEX `portaltoken_customer_id` ON `portal_tokens` (`customer_id`);
-- Create index "portaltoken_expires_at" to table: "portal_tokens"
CREATE INDEX `portaltoken_expires_at` ON `portal_tokens` (`expires_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
