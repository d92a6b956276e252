// Package plan turns a profile into what a MikroTik router enforces: the Mikrotik-Rate-Limit
// string and the Session-Timeout.
package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// rate writes kbit/s the way RouterOS reads it: M for whole Mbit/s, k otherwise.
func rate(kbps int) string {
	if kbps%1000 == 0 {
		return fmt.Sprintf("%dM", kbps/1000)
	}
	return fmt.Sprintf("%dk", kbps)
}

// RateLimit is the profile's Mikrotik-Rate-Limit: "rx/tx" from the router's side, so rx is
// the customer's upload; burst rate, threshold and time follow when the profile has them.
func RateLimit(p *ent.Profile) string {
	var b strings.Builder
	b.WriteString(rate(p.UploadKbps) + "/" + rate(p.DownloadKbps))
	if p.BurstUploadKbps != nil && p.BurstDownloadKbps != nil {
		b.WriteString(" " + rate(*p.BurstUploadKbps) + "/" + rate(*p.BurstDownloadKbps))
		thU, thD := p.UploadKbps*3/4, p.DownloadKbps*3/4
		if p.BurstThresholdUploadKbps != nil {
			thU = *p.BurstThresholdUploadKbps
		}
		if p.BurstThresholdDownloadKbps != nil {
			thD = *p.BurstThresholdDownloadKbps
		}
		secs := 10
		if p.BurstTimeSeconds != nil {
			secs = *p.BurstTimeSeconds
		}
		fmt.Fprintf(&b, " %s/%s %d/%d", rate(thU), rate(thD), secs, secs)
	}
	return b.String()
}

// SessionTimeout is the seconds from now to expiry, capped; at least one second.
func SessionTimeout(now, expiresAt time.Time, limit time.Duration) uint32 {
	d := expiresAt.Sub(now)
	if limit > 0 && d > limit {
		d = limit
	}
	secs := int64(d / time.Second)
	if secs < 1 {
		secs = 1
	}
	return uint32(secs)
}
