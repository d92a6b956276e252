-- Create "api_tokens" table
CREATE TABLE `api_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `token_hash` text NOT NULL, `prefix` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `role` text NOT NULL, `expires_at` datetime NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `created_at` datetime NOT NULL, `staff_id` integer NULL, CONSTRAINT `api_tokens_staffs_tokens` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Create index "api_tokens_token_hash_key" to table: "api_tokens"
CREATE UNIQUE INDEX `api_tokens_token_hash_key` ON `api_tokens` (`token_hash`);
-- Create index "apitoken_kind_revoked_at" to table: "api_tokens"
CREATE INDEX `apitoken_kind_revoked_at` ON `api_tokens` (`kind`, `revoked_at`);
-- Create "audit_logs" table
CREATE TABLE `audit_logs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `actor` text NOT NULL, `staff_id` integer NULL, `action` text NOT NULL, `target_type` text NOT NULL DEFAULT (''), `target_id` text NOT NULL DEFAULT (''), `changes` text NOT NULL DEFAULT (''), `address` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL);
-- Set sequence for "audit_logs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_logs", 4294967296);
-- Create index "auditlog_created_at" to table: "audit_logs"
CREATE INDEX `auditlog_created_at` ON `audit_logs` (`created_at`);
-- Create index "auditlog_target_type_target_id" to table: "audit_logs"
CREATE INDEX `auditlog_target_type_target_id` ON `audit_logs` (`target_type`, `target_id`);
-- Create "auth_events" table
CREATE TABLE `auth_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `username` text NOT NULL, `calling_station_id` text NULL, `method` text NOT NULL DEFAULT (''), `result` text NOT NULL, `reason` text NOT NULL, `detail` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `event_key` text NULL, `customer_id` integer NULL, `nas_id` integer NULL, CONSTRAINT `auth_events_customers_auth_events` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL, CONSTRAINT `auth_events_nas_auth_events` FOREIGN KEY (`nas_id`) REFERENCES `nas` (`id`) ON DELETE SET NULL);
-- Set sequence for "auth_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("auth_events", 8589934592);
-- Create index "auth_events_event_key_key" to table: "auth_events"
CREATE UNIQUE INDEX `auth_events_event_key_key` ON `auth_events` (`event_key`);
-- Create index "authevent_customer_id_created_at" to table: "auth_events"
CREATE INDEX `authevent_customer_id_created_at` ON `auth_events` (`customer_id`, `created_at`);
-- Create index "authevent_created_at" to table: "auth_events"
CREATE INDEX `authevent_created_at` ON `auth_events` (`created_at`);
-- Create index "authevent_nas_id_created_at" to table: "auth_events"
CREATE INDEX `authevent_nas_id_created_at` ON `auth_events` (`nas_id`, `created_at`);
-- Create "changes" table
CREATE TABLE `changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `entity` text NOT NULL, `entity_id` integer NOT NULL, `op` text NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("changes", 12884901888);
-- Create index "change_created_at" to table: "changes"
CREATE INDEX `change_created_at` ON `changes` (`created_at`);
-- Create "customers" table
CREATE TABLE `customers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `account_no` text NOT NULL, `username` text NOT NULL, `password_enc` text NOT NULL, `phone` text NOT NULL, `full_name` text NULL, `name_search` text NOT NULL DEFAULT (''), `email` text NULL, `address` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `auto_renew` bool NOT NULL DEFAULT (true), `joined_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `static_ip` text NULL, `mac_lock` text NULL, `max_sessions` integer NOT NULL DEFAULT (1), `balance` integer NOT NULL DEFAULT (0), `period_start` datetime NOT NULL, `period_bytes_in` integer NOT NULL DEFAULT (0), `period_bytes_out` integer NOT NULL DEFAULT (0), `cap_applied` bool NOT NULL DEFAULT (false), `expiry_enforced_at` datetime NULL, `profile_id` integer NOT NULL, CONSTRAINT `customers_profiles_customers` FOREIGN KEY (`profile_id`) REFERENCES `profiles` (`id`) ON DELETE NO ACTION);
-- Set sequence for "customers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("customers", 17179869184);
-- Create index "customers_account_no_key" to table: "customers"
CREATE UNIQUE INDEX `customers_account_no_key` ON `customers` (`account_no`);
-- Create index "customers_username_key" to table: "customers"
CREATE UNIQUE INDEX `customers_username_key` ON `customers` (`username`);
-- Create index "customer_phone" to table: "customers"
CREATE INDEX `customer_phone` ON `customers` (`phone`);
-- Create index "customer_expires_at" to table: "customers"
CREATE INDEX `customer_expires_at` ON `customers` (`expires_at`);
-- Create index "customer_joined_at" to table: "customers"
CREATE INDEX `customer_joined_at` ON `customers` (`joined_at`);
-- Create index "customer_name_search" to table: "customers"
CREATE INDEX `customer_name_search` ON `customers` (`name_search`);
-- Create "login_failures" table
CREATE TABLE `login_failures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `username` text NOT NULL, `address` text NOT NULL, `created_at` datetime NOT NULL, `cleared` bool NOT NULL DEFAULT (false));
-- Set sequence for "login_failures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("login_failures", 64424509440);
-- Create index "loginfailure_username_address_created_at" to table: "login_failures"
CREATE INDEX `loginfailure_username_address_created_at` ON `login_failures` (`username`, `address`, `created_at`);
-- Create index "loginfailure_username_created_at" to table: "login_failures"
CREATE INDEX `loginfailure_username_created_at` ON `login_failures` (`username`, `created_at`);
-- Create index "loginfailure_address_created_at" to table: "login_failures"
CREATE INDEX `loginfailure_address_created_at` ON `login_failures` (`address`, `created_at`);
-- Create index "loginfailure_created_at" to table: "login_failures"
CREATE INDEX `loginfailure_created_at` ON `login_failures` (`created_at`);
-- Create "login_leases" table
CREATE TABLE `login_leases` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `username` text NOT NULL, `address` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL);
-- Set sequence for "login_leases" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("login_leases", 68719476736);
-- Create index "loginlease_username_expires_at" to table: "login_leases"
CREATE INDEX `loginlease_username_expires_at` ON `login_leases` (`username`, `expires_at`);
-- Create index "loginlease_address_expires_at" to table: "login_leases"
CREATE INDEX `loginlease_address_expires_at` ON `login_leases` (`address`, `expires_at`);
-- Create index "loginlease_expires_at" to table: "login_leases"
CREATE INDEX `loginlease_expires_at` ON `login_leases` (`expires_at`);
-- Create "nas" table
CREATE TABLE `nas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `ip_address` text NOT NULL, `secret_enc` text NOT NULL, `require_message_authenticator` bool NOT NULL DEFAULT (true), `coa_port` integer NOT NULL DEFAULT (3799), `api_address` text NULL, `api_user` text NULL, `api_password_enc` text NULL, `api_tls` bool NOT NULL DEFAULT (false), `api_tls_fingerprint` text NULL, `api_ca_certificate` text NULL, `disconnect_method` text NOT NULL DEFAULT ('RADIUS'), `last_seen_at` datetime NULL, `api_reachable` bool NULL, `api_error` text NULL);
-- Set sequence for "nas" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("nas", 21474836480);
-- Create index "nas_name_key" to table: "nas"
CREATE UNIQUE INDEX `nas_name_key` ON `nas` (`name`);
-- Create index "nas_ip_address_key" to table: "nas"
CREATE UNIQUE INDEX `nas_ip_address_key` ON `nas` (`ip_address`);
-- Create "notifications" table
CREATE TABLE `notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `channel` text NOT NULL, `kind` text NOT NULL, `dedupe_key` text NOT NULL, `recipient` text NOT NULL, `subject` text NOT NULL DEFAULT (''), `body` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `last_error` text NOT NULL DEFAULT (''), `next_attempt_at` datetime NOT NULL, `sent_at` datetime NULL, `created_at` datetime NOT NULL, `customer_id` integer NULL, CONSTRAINT `notifications_customers_notifications` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL);
-- Set sequence for "notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notifications", 25769803776);
-- Create index "notifications_dedupe_key_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_dedupe_key_key` ON `notifications` (`dedupe_key`);
-- Create index "notification_status_next_attempt_at" to table: "notifications"
CREATE INDEX `notification_status_next_attempt_at` ON `notifications` (`status`, `next_attempt_at`);
-- Create index "notification_created_at" to table: "notifications"
CREATE INDEX `notification_created_at` ON `notifications` (`created_at`);
-- Create "online_samples" table
CREATE TABLE `online_samples` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `online` integer NOT NULL);
-- Set sequence for "online_samples" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("online_samples", 30064771072);
-- Create index "onlinesample_at" to table: "online_samples"
CREATE INDEX `onlinesample_at` ON `online_samples` (`at`);
-- Create "profiles" table
CREATE TABLE `profiles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `download_kbps` integer NOT NULL, `upload_kbps` integer NOT NULL, `burst_download_kbps` integer NULL, `burst_upload_kbps` integer NULL, `burst_threshold_download_kbps` integer NULL, `burst_threshold_upload_kbps` integer NULL, `burst_time_seconds` integer NULL, `data_limit_bytes` integer NULL, `validity_days` integer NOT NULL DEFAULT (30), `price` integer NOT NULL, `pool` text NULL, `expired_pool` text NULL, `after_cap_profile_id` integer NULL, CONSTRAINT `profiles_profiles_capped_from` FOREIGN KEY (`after_cap_profile_id`) REFERENCES `profiles` (`id`) ON DELETE SET NULL);
-- Set sequence for "profiles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("profiles", 34359738368);
-- Create index "profiles_name_key" to table: "profiles"
CREATE UNIQUE INDEX `profiles_name_key` ON `profiles` (`name`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `acct_key` text NOT NULL, `acct_session_id` text NOT NULL, `username` text NOT NULL, `framed_ip` text NULL, `calling_station_id` text NULL, `nas_port_id` text NULL, `started_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `stopped_at` datetime NULL, `session_time` integer NOT NULL DEFAULT (0), `bytes_in` integer NOT NULL DEFAULT (0), `bytes_out` integer NOT NULL DEFAULT (0), `terminate_cause` text NULL, `open` bool NOT NULL DEFAULT (true), `customer_id` integer NULL, `nas_id` integer NOT NULL, CONSTRAINT `sessions_customers_sessions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL, CONSTRAINT `sessions_nas_sessions` FOREIGN KEY (`nas_id`) REFERENCES `nas` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 38654705664);
-- Create index "sessions_acct_key_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_acct_key_key` ON `sessions` (`acct_key`);
-- Create index "session_customer_id_started_at" to table: "sessions"
CREATE INDEX `session_customer_id_started_at` ON `sessions` (`customer_id`, `started_at`);
-- Create index "session_nas_id_open" to table: "sessions"
CREATE INDEX `session_nas_id_open` ON `sessions` (`nas_id`, `open`);
-- Create index "session_started_at" to table: "sessions"
CREATE INDEX `session_started_at` ON `sessions` (`started_at`);
-- Create "settings" table
CREATE TABLE `settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `value` text NOT NULL, `updated_at` datetime NOT NULL);
-- Set sequence for "settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("settings", 42949672960);
-- Create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX `settings_key_key` ON `settings` (`key`);
-- Create "staffs" table
CREATE TABLE `staffs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `full_name` text NULL, `disabled` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL);
-- Set sequence for "staffs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staffs", 47244640256);
-- Create index "staffs_username_key" to table: "staffs"
CREATE UNIQUE INDEX `staffs_username_key` ON `staffs` (`username`);
-- Create "transactions" table
CREATE TABLE `transactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `amount` integer NOT NULL, `balance_after` integer NOT NULL, `kind` text NOT NULL, `method` text NULL, `reference` text NULL, `method_key` text NULL, `note` text NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `customer_id` integer NOT NULL, `staff_id` integer NULL, CONSTRAINT `transactions_customers_transactions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION, CONSTRAINT `transactions_staffs_transactions` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Set sequence for "transactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("transactions", 51539607552);
-- Create index "transaction_customer_id_created_at" to table: "transactions"
CREATE INDEX `transaction_customer_id_created_at` ON `transactions` (`customer_id`, `created_at`);
-- Create index "transaction_method_reference" to table: "transactions"
CREATE UNIQUE INDEX `transaction_method_reference` ON `transactions` (`method`, `reference`);
-- Create index "transaction_reference_method_key" to table: "transactions"
CREATE UNIQUE INDEX `transaction_reference_method_key` ON `transactions` (`reference`, `method_key`);
-- Create index "transaction_created_at" to table: "transactions"
CREATE INDEX `transaction_created_at` ON `transactions` (`created_at`);
-- Create "usage_dailies" table
CREATE TABLE `usage_dailies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `day` text NOT NULL, `bytes_in` integer NOT NULL DEFAULT (0), `bytes_out` integer NOT NULL DEFAULT (0));
-- Set sequence for "usage_dailies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usage_dailies", 55834574848);
-- Create index "usagedaily_customer_id_day" to table: "usage_dailies"
CREATE UNIQUE INDEX `usagedaily_customer_id_day` ON `usage_dailies` (`customer_id`, `day`);
-- Create "usage_monthlies" table
CREATE TABLE `usage_monthlies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `month` text NOT NULL, `bytes_in` integer NOT NULL DEFAULT (0), `bytes_out` integer NOT NULL DEFAULT (0));
-- Set sequence for "usage_monthlies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usage_monthlies", 60129542144);
-- Create index "usagemonthly_customer_id_month" to table: "usage_monthlies"
CREATE UNIQUE INDEX `usagemonthly_customer_id_month` ON `usage_monthlies` (`customer_id`, `month`);
