// Package cli implements the linedesk command line: serve, migrate, admin, import/export, backup/restore,
// demo, sim, bench and version, with process settings from flags and LINEDESK_* variables.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/linedesk/linedesk/internal/store"
)

// Config holds the process settings every subcommand honours.
type Config struct {
	DB          string
	HTTP        string
	RadiusAuth  string
	RadiusAcct  string
	DataDir     string
	SecretKey   string
	CORSOrigins string
	LogLevel    string
}

// envOr returns the environment variable's value, or def.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// register adds the common flags to fs, defaulting from the environment.
func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", envOr("LINEDESK_DB", store.DefaultDSN), "database: sqlite://PATH (embedded) or postgres://user@host/db (env LINEDESK_DB)")
	fs.StringVar(&c.HTTP, "http", envOr("LINEDESK_HTTP", "127.0.0.1:8080"), "HTTP listen address for the dashboard, /graphql, /metrics and /healthz (env LINEDESK_HTTP)")
	fs.StringVar(&c.RadiusAuth, "radius-auth", envOr("LINEDESK_RADIUS_AUTH", ":1812"), "RADIUS authentication UDP address (env LINEDESK_RADIUS_AUTH)")
	fs.StringVar(&c.RadiusAcct, "radius-acct", envOr("LINEDESK_RADIUS_ACCT", ":1813"), "RADIUS accounting UDP address (env LINEDESK_RADIUS_ACCT)")
	fs.StringVar(&c.DataDir, "data-dir", envOr("LINEDESK_DATA_DIR", "./data"), "data directory; holds secret.key when no key is given (env LINEDESK_DATA_DIR)")
	fs.StringVar(&c.SecretKey, "secret-key", envOr("LINEDESK_SECRET_KEY", ""), "64 hex characters encrypting stored secrets; shared by all instances (env LINEDESK_SECRET_KEY; default: read or created in the data dir)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", envOr("LINEDESK_CORS_ORIGINS", ""), "comma-separated origins allowed to call /graphql from a browser (env LINEDESK_CORS_ORIGINS)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("LINEDESK_LOG_LEVEL", "info"), "debug, info, warn or error (env LINEDESK_LOG_LEVEL)")
}

// origins splits the CORS allow-list.
func (c *Config) origins() []string {
	var out []string
	for _, o := range strings.Split(c.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// validate checks the settings that can be checked without opening anything.
func (c *Config) validate(needNetwork bool) error {
	if st, err := os.Stat(c.DataDir); err == nil && !st.IsDir() {
		return fmt.Errorf("--data-dir %s is a file, not a directory", c.DataDir)
	}
	if !needNetwork {
		return nil
	}
	for _, a := range []struct{ flag, addr string }{{"http", c.HTTP}, {"radius-auth", c.RadiusAuth}, {"radius-acct", c.RadiusAcct}} {
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			return fmt.Errorf("--%s %q is not a host:port address: %w", a.flag, a.addr, err)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return errors.New("--log-level must be debug, info, warn or error")
	}
	return nil
}
