-- Modify "customers" table
ALTER TABLE "customers" ADD COLUMN "language" character varying NULL;
-- Modify "staffs" table
ALTER TABLE "staffs" ADD COLUMN "language" character varying NULL;
