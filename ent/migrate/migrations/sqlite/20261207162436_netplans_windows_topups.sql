-- Create "data_topups" table
CREATE TABLE `data_topups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `bytes` integer NOT NULL, `price` integer NOT NULL, `transaction_id` integer NULL, `source` text NOT NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL);
-- Set sequence for "data_topups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("data_topups", 120259084288);
-- Create index "datatopup_customer_id_created_at" to table: "data_topups"
CREATE INDEX `datatopup_customer_id_created_at` ON `data_topups` (`customer_id`, `created_at`);
-- Create "plan_windows" table
CREATE TABLE `plan_windows` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `profile_id` integer NOT NULL, `days` integer NOT NULL, `start_minute` integer NOT NULL, `end_minute` integer NOT NULL, `download_kbps` integer NOT NULL, `upload_kbps` integer NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "plan_windows" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plan_windows", 124554051584);
-- Create index "planwindow_profile_id" to table: "plan_windows"
CREATE INDEX `planwindow_profile_id` ON `plan_windows` (`profile_id`);
-- Create "voucher_data" table
CREATE TABLE `voucher_data` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `batch_id` integer NOT NULL, `bytes` integer NOT NULL);
-- Set sequence for "voucher_data" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("voucher_data", 128849018880);
-- Create index "voucher_data_batch_id_key" to table: "voucher_data"
CREATE UNIQUE INDEX `voucher_data_batch_id_key` ON `voucher_data` (`batch_id`);
-- Create "window_runs" table
CREATE TABLE `window_runs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `profile_id` integer NOT NULL, `edge_at` datetime NOT NULL, `rate_limit` text NOT NULL, `spread_seconds` integer NOT NULL, `sessions` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL);
-- Set sequence for "window_runs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("window_runs", 133143986176);
-- Create index "windowrun_profile_id_edge_at" to table: "window_runs"
CREATE UNIQUE INDEX `windowrun_profile_id_edge_at` ON `window_runs` (`profile_id`, `edge_at`);
-- Create index "windowrun_created_at" to table: "window_runs"
CREATE INDEX `windowrun_created_at` ON `window_runs` (`created_at`);
-- Create "window_run_items" table
CREATE TABLE `window_run_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `run_id` integer NOT NULL, `session_id` integer NOT NULL, `customer_id` integer NOT NULL, `username` text NOT NULL, `rate_limit` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `due_at` datetime NOT NULL, `claim_until` datetime NULL, `claimed_by` text NOT NULL DEFAULT (''), `attempts` integer NOT NULL DEFAULT (0), `outcome` text NOT NULL DEFAULT (''), `message` text NOT NULL DEFAULT (''), `sent_at` datetime NULL);
-- Set sequence for "window_run_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("window_run_items", 137438953472);
-- Create index "windowrunitem_run_id_session_id" to table: "window_run_items"
CREATE UNIQUE INDEX `windowrunitem_run_id_session_id` ON `window_run_items` (`run_id`, `session_id`);
-- Create index "windowrunitem_status_due_at" to table: "window_run_items"
CREATE INDEX `windowrunitem_status_due_at` ON `window_run_items` (`status`, `due_at`);
