-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_sessions" table
CREATE TABLE `new_sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `acct_key` text NOT NULL, `acct_session_id` text NOT NULL, `username` text NOT NULL, `framed_ip` text NULL, `calling_station_id` text NULL, `nas_port_id` text NULL, `started_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `stopped_at` datetime NULL, `session_time` integer NOT NULL DEFAULT (0), `bytes_in` integer NOT NULL DEFAULT (0), `bytes_out` integer NOT NULL DEFAULT (0), `terminate_cause` text NULL, `open` bool NOT NULL DEFAULT (true), `rolled_in` integer NOT NULL DEFAULT (0), `rolled_out` integer NOT NULL DEFAULT (0), `customer_id` integer NULL, `nas_id` integer NOT NULL, CONSTRAINT `sessions_customers_sessions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL, CONSTRAINT `sessions_nas_sessions` FOREIGN KEY (`nas_id`) REFERENCES `nas` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_sessions", 38654705664);
-- Copy rows from old table "sessions" to new temporary table "new_sessions"
INSERT INTO `new_sessions` (`id`, `acct_key`, `acct_session_id`, `username`, `framed_ip`, `calling_station_id`, `nas_port_id`, `started_at`, `updated_at`, `stopped_at`, `session_time`, `bytes_in`, `bytes_out`, `terminate_cause`, `open`, `customer_id`, `nas_id`) SELECT `id`, `acct_key`, `acct_session_id`, `username`, `framed_ip`, `calling_station_id`, `nas_port_id`, `started_at`, `updated_at`, `stopped_at`, `session_time`, `bytes_in`, `bytes_out`, `terminate_cause`, `open`, `customer_id`, `nas_id` FROM `sessions`;
-- Drop "sessions" table after copying rows
DROP TABLE `sessions`;
-- Rename temporary table "new_sessions" to "sessions"
ALTER TABLE `new_sessions` RENAME TO `sessions`;
-- Create index "sessions_acct_key_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_acct_key_key` ON `sessions` (`acct_key`);
-- Create index "session_customer_id_started_at" to table: "sessions"
CREATE INDEX `session_customer_id_started_at` ON `sessions` (`customer_id`, `started_at`);
-- Create index "session_nas_id_open" to table: "sessions"
CREATE INDEX `session_nas_id_open` ON `sessions` (`nas_id`, `open`);
-- Create index "session_started_at" to table: "sessions"
CREATE INDEX `session_started_at` ON `sessions` (`started_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Sessions stored before the roll-up were counted in period and daily usage as they were written
UPDATE `sessions` SET `rolled_in` = `bytes_in`, `rolled_out` = `bytes_out`;
