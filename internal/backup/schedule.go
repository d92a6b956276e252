package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Schedule is the scheduled-backup settings: a directory (empty: off), the hours between
// backups (0: off) and how many scheduled backups to keep.
type Schedule struct {
	Dir        string
	EveryHours int
	Keep       int
}

// Scheduler makes the embedded database's scheduled backups into Schedule.Dir, named
// linedesk-<UTC time>.backup, and deletes the oldest of those beyond Keep (never another file).
type Scheduler struct {
	Source   Source
	Settings func(ctx context.Context) (Schedule, error)
	Version  string
	Logger   *slog.Logger
}

const (
	schedPrefix = "linedesk-"
	schedSuffix = ".backup"
	schedLayout = "20060102T150405Z"
)

// Run checks every interval whether a backup is due and makes it.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if path, err := s.RunDue(ctx, time.Now()); err != nil {
			s.Logger.Error("scheduled backup failed", "err", err)
		} else if path != "" {
			s.Logger.Info("scheduled backup written", "file", path)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunDue makes a backup when the newest scheduled one is older than EveryHours at now, then
// prunes; it returns the new file's path, or "" when none was due.
func (s *Scheduler) RunDue(ctx context.Context, now time.Time) (string, error) {
	sch, err := s.Settings(ctx)
	if err != nil || sch.Dir == "" || sch.EveryHours <= 0 {
		return "", err
	}
	if err := os.MkdirAll(sch.Dir, 0o700); err != nil {
		return "", fmt.Errorf("backup directory: %w", err)
	}
	have, err := scheduled(sch.Dir)
	if err != nil {
		return "", err
	}
	if len(have) > 0 && now.Sub(have[len(have)-1].at) < time.Duration(sch.EveryHours)*time.Hour {
		return "", nil
	}
	path := filepath.Join(sch.Dir, schedPrefix+now.UTC().Format(schedLayout)+schedSuffix)
	if _, err := Create(ctx, s.Source, path, Options{Version: s.Version}); err != nil {
		return "", err
	}
	have, err = scheduled(sch.Dir)
	if err != nil {
		return path, err
	}
	keep := max(sch.Keep, 1)
	for i := 0; i < len(have)-keep; i++ {
		if err := os.Remove(have[i].path); err != nil {
			return path, fmt.Errorf("pruning old backups: %w", err)
		}
	}
	return path, nil
}

type scheduledFile struct {
	path string
	at   time.Time
}

// scheduled lists the scheduler's own files in dir, oldest first.
func scheduled(dir string) ([]scheduledFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup directory: %w", err)
	}
	var out []scheduledFile
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, schedPrefix) || !strings.HasSuffix(name, schedSuffix) {
			continue
		}
		at, err := time.Parse(schedLayout, strings.TrimSuffix(strings.TrimPrefix(name, schedPrefix), schedSuffix))
		if err != nil {
			continue
		}
		out = append(out, scheduledFile{filepath.Join(dir, name), at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out, nil
}
