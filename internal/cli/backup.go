package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/linedesk/linedesk/internal/backup"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// runBackup: linedesk backup --out FILE [--with-key --passphrase-file F]
func runBackup(ctx context.Context, e *env, args []string) error {
	var out, passFile string
	var withKey bool
	if _, err := e.parse("backup", args, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "the backup file to write (mode 0600)")
		fs.BoolVar(&withKey, "with-key", false, "include the secret key (then --passphrase-file is required and the file is encrypted)")
		fs.StringVar(&passFile, "passphrase-file", "", "encrypt the backup with the passphrase on this file's first line")
	}); err != nil {
		return err
	}
	if out == "" {
		fmt.Fprintln(e.stderr, "usage: linedesk backup --out FILE [--with-key --passphrase-file F]")
		return errUsage
	}
	if withKey && passFile == "" {
		return errors.New("--with-key needs --passphrase-file: a backup holding the secret key is always encrypted")
	}
	opt := backup.Options{Version: Version}
	if passFile != "" {
		p, err := backup.ReadPassphrase(passFile)
		if err != nil {
			return err
		}
		opt.Passphrase = p
	}
	st, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if withKey {
		if opt.Key, err = e.existingKey(ctx, st); err != nil {
			return err
		}
	}
	m, err := backup.Create(ctx, backup.Source{DSN: e.cfg.DB, DB: st.DB}, out, opt)
	if err != nil {
		return err
	}
	info, _ := os.Stat(out)
	fmt.Fprintf(e.stdout, "backup of %s written to %s (%d bytes; %s; secret key %s)\n", store.Redact(e.cfg.DB), out, info.Size(),
		map[bool]string{true: "encrypted", false: "not encrypted"}[m.Encrypted], map[bool]string{true: "included", false: "not included"}[m.WithKey])
	return nil
}

// existingKey returns the installation's key (never creating one) after checking it opens
// the database's canary.
func (e *env) existingKey(ctx context.Context, st *store.Store) ([]byte, error) {
	given := e.cfg.SecretKey
	if given == "" {
		b, err := os.ReadFile(filepath.Join(e.cfg.DataDir, secret.KeyFileName))
		if err != nil {
			return nil, fmt.Errorf("--with-key: no secret key given (--secret-key) and none readable in --data-dir: %w", err)
		}
		given = string(b)
	}
	key, err := secret.ParseKey(given)
	if err != nil {
		return nil, err
	}
	box, err := secret.New(key)
	if err != nil {
		return nil, err
	}
	if err := st.CheckKey(ctx, box); err != nil {
		return nil, err
	}
	return key, nil
}

// runRestore: linedesk restore FILE [--passphrase-file F]
func runRestore(ctx context.Context, e *env, args []string) error {
	var file, passFile string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	fs, err := e.parse("restore", args, func(fs *flag.FlagSet) {
		fs.StringVar(&passFile, "passphrase-file", "", "the passphrase of an encrypted backup, on this file's first line")
	})
	if err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	if file == "" {
		fmt.Fprintln(e.stderr, "usage: linedesk restore FILE [--passphrase-file F]   (into the empty database named by --db)")
		return errUsage
	}
	var pass string
	if passFile != "" {
		if pass, err = backup.ReadPassphrase(passFile); err != nil {
			return err
		}
	}
	c, err := backup.Unpack(file, pass)
	if err != nil {
		return err
	}
	defer c.Remove()
	if c.Key != nil {
		if err := e.placeKey(c.Key); err != nil {
			return err
		}
	}
	if err := backup.Restore(ctx, e.cfg.DB, c); err != nil {
		return err
	}
	st, _, err := e.openAll(ctx) // migrates a backup of an older version and checks the key
	if err != nil {
		return fmt.Errorf("restored, but: %w", err)
	}
	defer st.Close()
	fmt.Fprintf(e.stdout, "restored %s (taken %s by linedesk %s) into %s\n", file, c.Manifest.Created.Format(time.RFC3339), c.Manifest.Version, store.Redact(e.cfg.DB))
	return nil
}

// placeKey makes the backup's key the one restore uses: written to the data directory when
// no key is configured; an error when another key is.
func (e *env) placeKey(key []byte) error {
	hexKey := fmt.Sprintf("%x", key)
	if e.cfg.SecretKey != "" {
		if strings.EqualFold(strings.TrimSpace(e.cfg.SecretKey), hexKey) {
			return nil
		}
		return errors.New("the backup holds a secret key different from --secret-key / LINEDESK_SECRET_KEY: unset it to use the backup's key")
	}
	path := filepath.Join(e.cfg.DataDir, secret.KeyFileName)
	if b, err := os.ReadFile(path); err == nil {
		if strings.EqualFold(strings.TrimSpace(string(b)), hexKey) {
			return nil
		}
		return fmt.Errorf("%s holds a different secret key than the backup: move it away to use the backup's key", path)
	}
	if err := os.MkdirAll(e.cfg.DataDir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(hexKey+"\n"), 0o600); err != nil {
		return fmt.Errorf("writing the backup's secret key: %w", err)
	}
	fmt.Fprintf(e.stdout, "the backup's secret key is now in %s\n", path)
	return nil
}

// scheduleBackups starts the embedded database's scheduled backups (settings backup_dir,
// backup_every_hours, backup_keep); PostgreSQL is backed up by its own tools.
func (a *app) scheduleBackups(ctx context.Context, e *env, st *store.Store) {
	if st.IsPostgres() {
		return
	}
	s := &backup.Scheduler{
		Source: backup.Source{DSN: e.cfg.DB, DB: st.DB}, Version: Version, Logger: e.logger,
		Settings: func(ctx context.Context) (backup.Schedule, error) {
			v, err := settings.Load(ctx, st.Client)
			if err != nil {
				return backup.Schedule{}, err
			}
			return backup.Schedule{Dir: v[settings.BackupDir], EveryHours: v.Int(settings.BackupEveryHours), Keep: v.Int(settings.BackupKeep)}, nil
		},
	}
	a.goJob(func() { s.Run(ctx, 10*time.Minute) })
}
