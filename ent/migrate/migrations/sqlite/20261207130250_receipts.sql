-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_transactions" table
CREATE TABLE `new_transactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `amount` integer NOT NULL, `balance_after` integer NOT NULL, `kind` text NOT NULL, `method` text NULL, `reference` text NULL, `method_key` text NULL, `note` text NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `receipt_no` integer NULL, `customer_id` integer NOT NULL, `staff_id` integer NULL, CONSTRAINT `transactions_customers_transactions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION, CONSTRAINT `transactions_staffs_transactions` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_transactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_transactions", 51539607552);
-- Copy rows from old table "transactions" to new temporary table "new_transactions"
INSERT INTO `new_transactions` (`id`, `amount`, `balance_after`, `kind`, `method`, `reference`, `method_key`, `note`, `actor`, `created_at`, `customer_id`, `staff_id`) SELECT `id`, `amount`, `balance_after`, `kind`, `method`, `reference`, `method_key`, `note`, `actor`, `created_at`, `customer_id`, `staff_id` FROM `transactions`;
-- Drop "transactions" table after copying rows
DROP TABLE `transactions`;
-- Rename temporary table "new_transactions" to "transactions"
ALTER TABLE `new_transactions` RENAME TO `transactions`;
-- Create index "transactions_receipt_no_key" to table: "transactions"
CREATE UNIQUE INDEX `transactions_receipt_no_key` ON `transactions` (`receipt_no`);
-- Create index "transaction_customer_id_created_at" to table: "transactions"
CREATE INDEX `transaction_customer_id_created_at` ON `transactions` (`customer_id`, `created_at`);
-- Create index "transaction_method_reference" to table: "transactions"
CREATE UNIQUE INDEX `transaction_method_reference` ON `transactions` (`method`, `reference`);
-- Create index "transaction_reference_method_key" to table: "transactions"
CREATE UNIQUE INDEX `transaction_reference_method_key` ON `transactions` (`reference`, `method_key`);
-- Create index "transaction_created_at" to table: "transactions"
CREATE INDEX `transaction_created_at` ON `transactions` (`created_at`);
-- Create "invoices" table
CREATE TABLE `invoices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL, `number` text NOT NULL, `plan` text NOT NULL, `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `currency` text NOT NULL, `subtotal` integer NOT NULL, `tax` integer NOT NULL, `total` integer NOT NULL, `tax_basis_points` integer NOT NULL, `tax_name` text NOT NULL, `tax_inclusive` bool NOT NULL, `issuer` json NOT NULL, `bill_to` json NOT NULL, `issued_at` datetime NOT NULL, `customer_id` integer NOT NULL, `transaction_id` integer NOT NULL, CONSTRAINT `invoices_customers_invoices` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoices_transactions_invoice` FOREIGN KEY (`transaction_id`) REFERENCES `transactions` (`id`) ON DELETE NO ACTION);
-- Set sequence for "invoices" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invoices", 81604378624);
-- Create index "invoices_seq_key" to table: "invoices"
CREATE UNIQUE INDEX `invoices_seq_key` ON `invoices` (`seq`);
-- Create index "invoices_number_key" to table: "invoices"
CREATE UNIQUE INDEX `invoices_number_key` ON `invoices` (`number`);
-- Create index "invoices_transaction_id_key" to table: "invoices"
CREATE UNIQUE INDEX `invoices_transaction_id_key` ON `invoices` (`transaction_id`);
-- Create index "invoice_customer_id_issued_at" to table: "invoices"
CREATE INDEX `invoice_customer_id_issued_at` ON `invoices` (`customer_id`, `issued_at`);
-- Create "sequences" table
CREATE TABLE `sequences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `last` integer NOT NULL DEFAULT (0));
-- Set sequence for "sequences" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sequences", 85899345920);
-- Create index "sequences_name_key" to table: "sequences"
CREATE UNIQUE INDEX `sequences_name_key` ON `sequences` (`name`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
