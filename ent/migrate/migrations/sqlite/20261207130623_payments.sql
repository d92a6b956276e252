-- Create "mobile_payments" table
CREATE TABLE `mobile_payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `gateway` text NOT NULL, `amount` integer NOT NULL, `phone` text NULL, `email` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `checkout_id` text NOT NULL, `merchant_request_id` text NULL, `receipt` text NULL, `result_code` text NULL, `result_desc` text NULL, `checkout_url` text NULL, `actor` text NOT NULL DEFAULT (''), `checks` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `settled_at` datetime NULL, `customer_id` integer NOT NULL, `transaction_id` integer NULL, CONSTRAINT `mobile_payments_customers_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE, CONSTRAINT `mobile_payments_transactions_transaction` FOREIGN KEY (`transaction_id`) REFERENCES `transactions` (`id`) ON DELETE SET NULL);
-- Set sequence for "mobile_payments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("mobile_payments", 81604378624);
-- Create index "mobile_payments_checkout_id_key" to table: "mobile_payments"
CREATE UNIQUE INDEX `mobile_payments_checkout_id_key` ON `mobile_payments` (`checkout_id`);
-- Create index "mobilepayment_status_created_at" to table: "mobile_payments"
CREATE INDEX `mobilepayment_status_created_at` ON `mobile_payments` (`status`, `created_at`);
-- Create index "mobilepayment_customer_id_created_at" to table: "mobile_payments"
CREATE INDEX `mobilepayment_customer_id_created_at` ON `mobile_payments` (`customer_id`, `created_at`);
-- Create "payment_gateways" table
CREATE TABLE `payment_gateways` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `enabled` bool NOT NULL DEFAULT (false), `base_url` text NOT NULL DEFAULT (''), `short_code` text NOT NULL DEFAULT (''), `account_type` text NOT NULL DEFAULT ('PAYBILL'), `consumer_key` text NOT NULL DEFAULT (''), `consumer_secret` text NOT NULL DEFAULT (''), `passkey` text NOT NULL DEFAULT (''), `secret_key` text NOT NULL DEFAULT (''), `callback_token` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL);
-- Set sequence for "payment_gateways" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payment_gateways", 85899345920);
-- Create index "paymentgateway_kind" to table: "payment_gateways"
CREATE UNIQUE INDEX `paymentgateway_kind` ON `payment_gateways` (`kind`);
-- Create "unmatched_payments" table
CREATE TABLE `unmatched_payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `method` text NOT NULL, `reference` text NOT NULL, `amount` integer NOT NULL, `account_ref` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `payer_name` text NOT NULL DEFAULT (''), `received_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('UNMATCHED'), `note` text NOT NULL DEFAULT (''), `resolved_by` text NOT NULL DEFAULT (''), `resolved_at` datetime NULL, `customer_id` integer NULL, `transaction_id` integer NULL, CONSTRAINT `unmatched_payments_customers_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL, CONSTRAINT `unmatched_payments_transactions_transaction` FOREIGN KEY (`transaction_id`) REFERENCES `transactions` (`id`) ON DELETE SET NULL);
-- Set sequence for "unmatched_payments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("unmatched_payments", 90194313216);
-- Create index "unmatchedpayment_method_reference" to table: "unmatched_payments"
CREATE UNIQUE INDEX `unmatchedpayment_method_reference` ON `unmatched_payments` (`method`, `reference`);
-- Create index "unmatchedpayment_status_received_at" to table: "unmatched_payments"
CREATE INDEX `unmatchedpayment_status_received_at` ON `unmatched_payments` (`status`, `received_at`);
