-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_api_tokens" table
CREATE TABLE `new_api_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `token_hash` text NOT NULL, `prefix` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `role` text NOT NULL, `expires_at` datetime NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `created_at` datetime NOT NULL, `address` text NOT NULL DEFAULT (''), `user_agent` text NOT NULL DEFAULT (''), `staff_id` integer NULL, CONSTRAINT `api_tokens_staffs_tokens` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "api_tokens" to new temporary table "new_api_tokens"
INSERT INTO `new_api_tokens` (`id`, `name`, `token_hash`, `prefix`, `kind`, `role`, `expires_at`, `revoked_at`, `last_used_at`, `created_at`, `staff_id`) SELECT `id`, `name`, `token_hash`, `prefix`, `kind`, `role`, `expires_at`, `revoked_at`, `last_used_at`, `created_at`, `staff_id` FROM `api_tokens`;
-- Drop "api_tokens" table after copying rows
DROP TABLE `api_tokens`;
-- Rename temporary table "new_api_tokens" to "api_tokens"
ALTER TABLE `new_api_tokens` RENAME TO `api_tokens`;
-- Create index "api_tokens_token_hash_key" to table: "api_tokens"
CREATE UNIQUE INDEX `api_tokens_token_hash_key` ON `api_tokens` (`token_hash`);
-- Create index "apitoken_kind_revoked_at" to table: "api_tokens"
CREATE INDEX `apitoken_kind_revoked_at` ON `api_tokens` (`kind`, `revoked_at`);
-- Create "new_staffs" table
CREATE TABLE `new_staffs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `full_name` text NULL, `disabled` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL, `last_login_address` text NOT NULL DEFAULT (''), `totp_secret_enc` text NULL, `totp_pending_enc` text NULL, `totp_enabled_at` datetime NULL, `totp_last_step` integer NOT NULL DEFAULT (0), `totp_failures` integer NOT NULL DEFAULT (0), `totp_failed_at` datetime NULL);
-- Set sequence for "new_staffs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_staffs", 47244640256);
-- Copy rows from old table "staffs" to new temporary table "new_staffs"
INSERT INTO `new_staffs` (`id`, `created_at`, `updated_at`, `username`, `password_hash`, `role`, `full_name`, `disabled`, `last_login_at`) SELECT `id`, `created_at`, `updated_at`, `username`, `password_hash`, `role`, `full_name`, `disabled`, `last_login_at` FROM `staffs`;
-- Drop "staffs" table after copying rows
DROP TABLE `staffs`;
-- Rename temporary table "new_staffs" to "staffs"
ALTER TABLE `new_staffs` RENAME TO `staffs`;
-- Create index "staffs_username_key" to table: "staffs"
CREATE UNIQUE INDEX `staffs_username_key` ON `staffs` (`username`);
-- Create "totp_recovery_codes" table
CREATE TABLE `totp_recovery_codes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `staff_id` integer NOT NULL, `code_hash` text NOT NULL, `used_at` datetime NULL, `created_at` datetime NOT NULL);
-- Set sequence for "totp_recovery_codes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("totp_recovery_codes", 81604378624);
-- Create index "totprecoverycode_staff_id_code_hash" to table: "totp_recovery_codes"
CREATE UNIQUE INDEX `totprecoverycode_staff_id_code_hash` ON `totp_recovery_codes` (`staff_id`, `code_hash`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
