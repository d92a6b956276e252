package settings

import (
	"fmt"
	"path/filepath"
)

// Keys of the scheduled backups of the embedded database (internal/backup).
const (
	BackupDir        = "backup_dir"
	BackupEveryHours = "backup_every_hours"
	BackupKeep       = "backup_keep"
)

func init() {
	Definitions = append(Definitions,
		Definition{BackupDir, "", "directory for scheduled backups of the embedded database (absolute path, writable by linedesk; empty: no scheduled backups). They hold no secret key: keep the key elsewhere", false, backupDir},
		Definition{BackupEveryHours, "24", "hours between scheduled backups (0: none)", false, intRange(0, 720)},
		Definition{BackupKeep, "7", "scheduled backups kept; older ones in the backup directory are deleted", false, intRange(1, 365)},
	)
	for _, k := range []string{BackupDir, BackupEveryHours, BackupKeep} {
		groups[k] = GroupRetention
	}
}

func backupDir(s string) error {
	if s == "" {
		return nil
	}
	if !filepath.IsAbs(s) || len(s) > 500 {
		return fmt.Errorf("must be an absolute directory path, such as /var/lib/linedesk/backups")
	}
	return nil
}
