package plan

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
)

func ip(v int) *int { return &v }

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name string
		p    ent.Profile
		want string
	}{
		{"whole megabits", ent.Profile{UploadKbps: 5000, DownloadKbps: 20000}, "5M/20M"},
		{"kilobits", ent.Profile{UploadKbps: 512, DownloadKbps: 1500}, "512k/1500k"},
		{"mixed", ent.Profile{UploadKbps: 2500, DownloadKbps: 10000}, "2500k/10M"},
		{"burst defaults", ent.Profile{UploadKbps: 4000, DownloadKbps: 8000, BurstUploadKbps: ip(8000), BurstDownloadKbps: ip(16000)}, "4M/8M 8M/16M 3M/6M 10/10"},
		{"burst explicit", ent.Profile{UploadKbps: 1000, DownloadKbps: 2000, BurstUploadKbps: ip(2000), BurstDownloadKbps: ip(4000),
			BurstThresholdUploadKbps: ip(800), BurstThresholdDownloadKbps: ip(1600), BurstTimeSeconds: ip(16)}, "1M/2M 2M/4M 800k/1600k 16/16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RateLimit(&tt.p); got != tt.want {
				t.Errorf("RateLimit = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSessionTimeout(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		exp   time.Time
		limit time.Duration
		want  uint32
	}{
		{now.Add(time.Hour), 0, 3600},
		{now.Add(48 * time.Hour), 24 * time.Hour, 86400},
		{now.Add(-time.Hour), time.Hour, 1},
	}
	for _, tt := range tests {
		if got := SessionTimeout(now, tt.exp, tt.limit); got != tt.want {
			t.Errorf("SessionTimeout(%v, %v) = %d, want %d", tt.exp, tt.limit, got, tt.want)
		}
	}
}
