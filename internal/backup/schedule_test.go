package backup

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
)

// TestSchedulerRunsWhenDueAndKeepsTheNewest drives RunDue through a day and a half at a backup
// every 6 hours, keeping 3: backups appear only when due, the oldest scheduled ones go, and a
// file the scheduler did not make stays.
func TestSchedulerRunsWhenDueAndKeepsTheNewest(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	dsn := "sqlite://" + filepath.Join(t.TempDir(), "unused.db")
	dir := t.TempDir()
	mine := filepath.Join(dir, "linedesk-manual.backup")
	if err := os.WriteFile(mine, []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Scheduler{Source: Source{DSN: dsn, DB: st.DB}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Settings: func(context.Context) (Schedule, error) { return Schedule{Dir: dir, EveryHours: 6, Keep: 3}, nil }}
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		after time.Duration
		made  bool
	}{
		{0, true}, {time.Hour, false}, {5*time.Hour + 59*time.Minute, false}, {6 * time.Hour, true},
		{12 * time.Hour, true}, {13 * time.Hour, false}, {18 * time.Hour, true}, {36 * time.Hour, true},
	} {
		path, err := s.RunDue(context.Background(), start.Add(tc.after))
		if err != nil {
			t.Fatalf("at +%v: %v", tc.after, err)
		}
		if (path != "") != tc.made {
			t.Errorf("at +%v: made %q, want a backup: %v", tc.after, path, tc.made)
		}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(names)
	want := []string{"linedesk-20261207T120000Z.backup", "linedesk-20261207T180000Z.backup", "linedesk-20261208T120000Z.backup", "linedesk-manual.backup"}
	if len(names) != len(want) {
		t.Fatalf("backup directory holds %v, want %v", names, want)
	}
	for i := range want {
		if filepath.Base(names[i]) != want[i] {
			t.Errorf("file %d is %s, want %s", i, filepath.Base(names[i]), want[i])
		}
	}
	c, err := Unpack(filepath.Join(dir, want[2]), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Remove()
	if c.Manifest.Dialect != "sqlite" || c.Key != nil || c.Manifest.Encrypted {
		t.Errorf("scheduled backup manifest %+v: want sqlite, no key, not encrypted", c.Manifest)
	}
}

// TestSchedulerOff: no directory or no interval makes nothing.
func TestSchedulerOff(t *testing.T) {
	for _, sch := range []Schedule{{Dir: "", EveryHours: 24, Keep: 7}, {Dir: t.TempDir(), EveryHours: 0, Keep: 7}} {
		s := &Scheduler{Settings: func(context.Context) (Schedule, error) { return sch, nil }}
		if path, err := s.RunDue(context.Background(), time.Now()); path != "" || err != nil {
			t.Errorf("%+v: made %q (%v), want nothing", sch, path, err)
		}
	}
}

// TestKeyNeedsPassphrase: a backup with the key is never written unencrypted.
func TestKeyNeedsPassphrase(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	out := filepath.Join(t.TempDir(), "b.backup")
	_, err := Create(context.Background(), Source{DSN: "sqlite://x.db", DB: st.DB}, out, Options{Key: make([]byte, 32)})
	if err == nil {
		t.Fatal("a backup with the key and no passphrase was written")
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Error("a refused backup left its file")
	}
}
