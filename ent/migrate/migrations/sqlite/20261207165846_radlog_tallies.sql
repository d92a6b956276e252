-- Create "radius_tallies" table
CREATE TABLE `radius_tallies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `bucket` datetime NOT NULL, `nas_id` integer NOT NULL DEFAULT (0), `source` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `reason` text NOT NULL, `count` integer NOT NULL DEFAULT (0), `last_at` datetime NOT NULL);
-- Set sequence for "radius_tallies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("radius_tallies", 163208757248);
-- Create index "radiustally_bucket_nas_id_source_kind_reason" to table: "radius_tallies"
CREATE UNIQUE INDEX `radiustally_bucket_nas_id_source_kind_reason` ON `radius_tallies` (`bucket`, `nas_id`, `source`, `kind`, `reason`);
