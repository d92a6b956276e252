-- Add column "language" to table: "customers"
ALTER TABLE `customers` ADD COLUMN `language` text NULL;
-- Add column "language" to table: "staffs"
ALTER TABLE `staffs` ADD COLUMN `language` text NULL;
