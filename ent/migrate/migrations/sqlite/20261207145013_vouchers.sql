-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_transactions" table
CREATE TABLE `new_transactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `amount` integer NOT NULL, `balance_after` integer NOT NULL, `kind` text NOT NULL, `method` text NULL, `reference` text NULL, `method_key` text NULL, `note` text NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `receipt_no` integer NULL, `refund_of_id` integer NULL, `profile_id` integer NULL, `customer_id` integer NOT NULL, `staff_id` integer NULL, CONSTRAINT `transactions_customers_transactions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION, CONSTRAINT `transactions_staffs_transactions` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_transactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_transactions", 51539607552);
-- Copy rows from old table "transactions" to new temporary table "new_transactions"
INSERT INTO `new_transactions` (`id`, `amount`, `balance_after`, `kind`, `method`, `reference`, `method_key`, `note`, `actor`, `created_at`, `receipt_no`, `customer_id`, `staff_id`) SELECT `id`, `amount`, `balance_after`, `kind`, `method`, `reference`, `method_key`, `note`, `actor`, `created_at`, `receipt_no`, `customer_id`, `staff_id` FROM `transactions`;
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
-- Create index "transaction_refund_of_id" to table: "transactions"
CREATE INDEX `transaction_refund_of_id` ON `transactions` (`refund_of_id`);
-- Create "vouchers" table
CREATE TABLE `vouchers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code_hash` text NOT NULL, `hint` text NOT NULL, `redeemed_at` datetime NULL, `customer_id` integer NULL, `transaction_id` integer NULL, `batch_id` integer NOT NULL, CONSTRAINT `vouchers_voucher_batches_vouchers` FOREIGN KEY (`batch_id`) REFERENCES `voucher_batches` (`id`) ON DELETE NO ACTION);
-- Set sequence for "vouchers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("vouchers", 107374182400);
-- Create index "voucher_code_hash" to table: "vouchers"
CREATE UNIQUE INDEX `voucher_code_hash` ON `vouchers` (`code_hash`);
-- Create index "voucher_batch_id_redeemed_at" to table: "vouchers"
CREATE INDEX `voucher_batch_id_redeemed_at` ON `vouchers` (`batch_id`, `redeemed_at`);
-- Create "voucher_attempts" table
CREATE TABLE `voucher_attempts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `address` text NOT NULL DEFAULT (''), `failed` bool NOT NULL DEFAULT (true), `created_at` datetime NOT NULL);
-- Set sequence for "voucher_attempts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("voucher_attempts", 111669149696);
-- Create index "voucherattempt_customer_id_created_at" to table: "voucher_attempts"
CREATE INDEX `voucherattempt_customer_id_created_at` ON `voucher_attempts` (`customer_id`, `created_at`);
-- Create index "voucherattempt_address_created_at" to table: "voucher_attempts"
CREATE INDEX `voucherattempt_address_created_at` ON `voucher_attempts` (`address`, `created_at`);
-- Create index "voucherattempt_created_at" to table: "voucher_attempts"
CREATE INDEX `voucherattempt_created_at` ON `voucher_attempts` (`created_at`);
-- Create "voucher_batches" table
CREATE TABLE `voucher_batches` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `count` integer NOT NULL, `amount` integer NOT NULL, `expires_at` datetime NOT NULL, `agent` text NULL, `created_by` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `voided_at` datetime NULL, `voided_by` text NULL, `profile_id` integer NULL, CONSTRAINT `voucher_batches_profiles_voucher_batches` FOREIGN KEY (`profile_id`) REFERENCES `profiles` (`id`) ON DELETE SET NULL);
-- Set sequence for "voucher_batches" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("voucher_batches", 115964116992);
-- Create index "voucherbatch_created_at" to table: "voucher_batches"
CREATE INDEX `voucherbatch_created_at` ON `voucher_batches` (`created_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
