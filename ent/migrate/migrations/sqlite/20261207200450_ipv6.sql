-- Create "ipv6_assignments" table
CREATE TABLE `ipv6_assignments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `profile_id` integer NULL, `customer_id` integer NULL, `framed_prefix` text NOT NULL DEFAULT (''), `delegated_prefix` text NOT NULL DEFAULT (''), `framed_pool` text NOT NULL DEFAULT (''), `delegated_pool` text NOT NULL DEFAULT (''), `updated_at` datetime NOT NULL);
-- Set sequence for "ipv6_assignments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ipv6_assignments", 176093659136);
-- Create index "ipv6_assignments_profile_id_key" to table: "ipv6_assignments"
CREATE UNIQUE INDEX `ipv6_assignments_profile_id_key` ON `ipv6_assignments` (`profile_id`);
-- Create index "ipv6_assignments_customer_id_key" to table: "ipv6_assignments"
CREATE UNIQUE INDEX `ipv6_assignments_customer_id_key` ON `ipv6_assignments` (`customer_id`);
-- Create "session_ipv6" table
CREATE TABLE `session_ipv6` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `framed_prefix` text NULL, `delegated_prefix` text NULL, `interface_id` text NULL, `framed_address` text NULL, `malformed` text NULL, `updated_at` datetime NOT NULL, `session_id` integer NOT NULL, CONSTRAINT `session_ipv6_sessions_ipv6` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE CASCADE);
-- Set sequence for "session_ipv6" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("session_ipv6", 171798691840);
-- Create index "session_ipv6_session_id_key" to table: "session_ipv6"
CREATE UNIQUE INDEX `session_ipv6_session_id_key` ON `session_ipv6` (`session_id`);
