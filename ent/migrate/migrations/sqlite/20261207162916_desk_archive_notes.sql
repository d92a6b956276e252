-- Add column "archived_at" to table: "customers" (no rebuild of the table: its rows and the
-- foreign keys to it stay as they are)
ALTER TABLE `customers` ADD COLUMN `archived_at` datetime NULL;
-- Create index "customer_archived_at" to table: "customers"
CREATE INDEX `customer_archived_at` ON `customers` (`archived_at`);
-- Add column "archived_at" to table: "nas"
ALTER TABLE `nas` ADD COLUMN `archived_at` datetime NULL;
-- Create "customer_notes" table
CREATE TABLE `customer_notes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `staff_id` integer NULL, `author` text NOT NULL, `body` text NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "customer_notes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("customer_notes", 141733920768);
-- Create index "customernote_customer_id_created_at" to table: "customer_notes"
CREATE INDEX `customernote_customer_id_created_at` ON `customer_notes` (`customer_id`, `created_at`);
