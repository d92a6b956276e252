// Package backup writes and restores linedesk backup files: a consistent copy of the database
// taken while linedesk serves (SQLite through VACUUM INTO, PostgreSQL through pg_dump), and,
// only when asked, the secret key, in which case the whole file is encrypted with a passphrase
// (age: scrypt key derivation and ChaCha20-Poly1305 in 64 KiB chunks). It also runs the
// scheduled backups of the embedded database with their retention.
package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
)

// Names of the entries inside a backup file (a gzip-compressed tar stream).
const (
	manifestEntry = "manifest.json"
	sqliteEntry   = "database.sqlite"
	pgEntry       = "database.pgdump" // pg_dump --format=custom
	keyEntry      = "secret.key"
)

// FormatVersion is the version of the backup file layout.
const FormatVersion = 1

// ErrPassphrase means an encrypted backup was opened without a passphrase or with a wrong one.
var ErrPassphrase = errors.New("the backup is encrypted: give its passphrase with --passphrase-file (wrong or missing passphrase)")

// Manifest describes what a backup holds.
type Manifest struct {
	Format     int       `json:"format"`
	Dialect    string    `json:"dialect"` // "sqlite" or "postgres"
	Version    string    `json:"version"` // linedesk version that wrote it
	Created    time.Time `json:"created"`
	WithKey    bool      `json:"withKey"`
	Encrypted  bool      `json:"encrypted"`
	DataBytes  int64     `json:"dataBytes"`
	Compressed bool      `json:"compressed"`
}

// Options say what Write puts in a backup.
type Options struct {
	Key        []byte // the secret key; included only when not nil (then Passphrase is required)
	Passphrase string // encrypts the file when not empty
	Version    string // linedesk version, recorded in the manifest
	workFactor int    // scrypt work factor (tests lower it; 0 = age's default)
}

// readPassphrase reads a passphrase file: its first line, which must not be empty.
func ReadPassphrase(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the passphrase file: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if len(line) < 12 {
		return "", errors.New("the passphrase file's first line must hold a passphrase of at least 12 characters")
	}
	return line, nil
}

// writeArchive writes the manifest, the database dump at dataPath and the key (if any) as a
// gzip-compressed tar to w, encrypted with age when a passphrase is given.
func writeArchive(w io.Writer, m Manifest, dataPath string, opt Options) error {
	if opt.Key != nil && opt.Passphrase == "" {
		return errors.New("a backup with the secret key must be encrypted: give --passphrase-file")
	}
	out := w
	var enc io.WriteCloser
	if opt.Passphrase != "" {
		r, err := age.NewScryptRecipient(opt.Passphrase)
		if err != nil {
			return fmt.Errorf("backup encryption: %w", err)
		}
		if opt.workFactor > 0 {
			r.SetWorkFactor(opt.workFactor)
		}
		if enc, err = age.Encrypt(w, r); err != nil {
			return fmt.Errorf("backup encryption: %w", err)
		}
		out = enc
	}
	zw := gzip.NewWriter(out)
	tw := tar.NewWriter(zw)
	st, err := os.Stat(dataPath)
	if err != nil {
		return fmt.Errorf("reading the database copy: %w", err)
	}
	m.Format, m.WithKey, m.Encrypted, m.DataBytes, m.Compressed = FormatVersion, opt.Key != nil, opt.Passphrase != "", st.Size(), true
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := addBytes(tw, manifestEntry, mb, m.Created); err != nil {
		return err
	}
	entry := sqliteEntry
	if m.Dialect == "postgres" {
		entry = pgEntry
	}
	if err := addFile(tw, entry, dataPath, st.Size(), m.Created); err != nil {
		return err
	}
	if opt.Key != nil {
		if err := addBytes(tw, keyEntry, []byte(hex.EncodeToString(opt.Key)+"\n"), m.Created); err != nil {
			return err
		}
	}
	if err := errors.Join(tw.Close(), zw.Close()); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return fmt.Errorf("writing the backup: %w", err)
		}
	}
	return nil
}

func addBytes(tw *tar.Writer, name string, b []byte, mod time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: mod}); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if _, err := tw.Write(b); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

func addFile(tw *tar.Writer, name, path string, size int64, mod time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the database copy: %w", err)
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: mod}); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if _, err := io.CopyN(tw, f, size); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// Contents is an unpacked backup: the manifest, the database dump in a temporary file and the
// key when the backup holds one. Remove deletes the temporary file.
type Contents struct {
	Manifest Manifest
	DataPath string
	Key      []byte
	dir      string
}

// Remove deletes the unpacked files.
func (c *Contents) Remove() { _ = os.RemoveAll(c.dir) }

const ageHeader = "age-encryption.org/"

// Unpack reads a backup file, decrypting it with passphrase when it is encrypted, and unpacks
// its database dump into a temporary directory next to nothing else (mode 0700).
func Unpack(path, passphrase string) (*Contents, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the backup: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(len(ageHeader))
	var in io.Reader = br
	if bytes.Equal(head, []byte(ageHeader)) {
		if passphrase == "" {
			return nil, ErrPassphrase
		}
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return nil, fmt.Errorf("backup decryption: %w", err)
		}
		if in, err = age.Decrypt(br, id); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrPassphrase, err)
		}
	}
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("%s is not a linedesk backup: %w", path, err)
	}
	dir, err := os.MkdirTemp("", "linedesk-restore-")
	if err != nil {
		return nil, err
	}
	c := &Contents{dir: dir}
	if err := c.read(tar.NewReader(zr)); err != nil {
		c.Remove()
		return nil, fmt.Errorf("reading backup %s: %w", path, err)
	}
	return c, nil
}

func (c *Contents) read(tr *tar.Reader) error {
	seenManifest := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch h.Name {
		case manifestEntry:
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&c.Manifest); err != nil {
				return fmt.Errorf("manifest: %w", err)
			}
			seenManifest = true
		case sqliteEntry, pgEntry:
			c.DataPath = filepath.Join(c.dir, h.Name)
			if err := copyTo(c.DataPath, tr); err != nil {
				return err
			}
		case keyEntry:
			b, err := io.ReadAll(io.LimitReader(tr, 1024))
			if err != nil {
				return err
			}
			if c.Key, err = hex.DecodeString(strings.TrimSpace(string(b))); err != nil || len(c.Key) != 32 {
				return errors.New("the key in the backup is damaged")
			}
		}
	}
	switch {
	case !seenManifest:
		return errors.New("no manifest: not a linedesk backup")
	case c.Manifest.Format > FormatVersion:
		return fmt.Errorf("written by a newer linedesk (format %d; this one reads %d)", c.Manifest.Format, FormatVersion)
	case c.DataPath == "":
		return errors.New("the backup holds no database")
	case c.Manifest.WithKey && c.Key == nil:
		return errors.New("the manifest names a key the backup does not hold (damaged)")
	}
	return nil
}

func copyTo(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Sync(), f.Close())
}
