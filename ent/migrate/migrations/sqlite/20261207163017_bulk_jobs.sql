-- Create "bulk_jobs" table
CREATE TABLE `bulk_jobs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `action` text NOT NULL, `params` text NOT NULL DEFAULT (''), `state` text NOT NULL DEFAULT ('RUNNING'), `total` integer NOT NULL DEFAULT (0), `done` integer NOT NULL DEFAULT (0), `failed` integer NOT NULL DEFAULT (0), `actor` text NOT NULL DEFAULT (''), `staff_id` integer NULL, `lease_owner` text NOT NULL DEFAULT (''), `lease_until` datetime NULL, `created_at` datetime NOT NULL, `finished_at` datetime NULL);
-- Set sequence for "bulk_jobs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("bulk_jobs", 150323855360);
-- Create index "bulkjob_state_lease_until" to table: "bulk_jobs"
CREATE INDEX `bulkjob_state_lease_until` ON `bulk_jobs` (`state`, `lease_until`);
-- Create "bulk_job_items" table
CREATE TABLE `bulk_job_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `job_id` integer NOT NULL, `customer_id` integer NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `message` text NOT NULL DEFAULT (''), `routers` text NOT NULL DEFAULT (''), `router_pending` bool NOT NULL DEFAULT (false), `finished_at` datetime NULL);
-- Set sequence for "bulk_job_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("bulk_job_items", 146028888064);
-- Create index "bulkjobitem_job_id_customer_id" to table: "bulk_job_items"
CREATE UNIQUE INDEX `bulkjobitem_job_id_customer_id` ON `bulk_job_items` (`job_id`, `customer_id`);
-- Create index "bulkjobitem_job_id_state" to table: "bulk_job_items"
CREATE INDEX `bulkjobitem_job_id_state` ON `bulk_job_items` (`job_id`, `state`);
