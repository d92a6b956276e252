// Package benchtool holds the scale benchmarks behind `linedesk bench`: seeding a large
// installation fast, timing GraphQL queries, and replaying a router reboot storm.
package benchtool

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/radius/bench"
)

// SeedOptions describes a synthetic installation.
type SeedOptions struct {
	Customers    int    // customers named <Prefix>000001 …
	OpenSessions int    // the first OpenSessions customers are online
	StormNAS     int    // of those, this many are online on the storm NAS (the rest on the main NAS)
	Prefix       string // user name prefix, default "bench"
	Password     string // every customer's PPPoE password
	Secret       string // RADIUS secret of both NAS records
	NASIP        string // main NAS address (default 127.0.0.1)
	StormNASIP   string // storm NAS address (default 127.0.0.2)
}

func (o *SeedOptions) defaults() {
	if o.Prefix == "" {
		o.Prefix = "bench"
	}
	if o.Password == "" {
		o.Password = "bench-password"
	}
	if o.Secret == "" {
		o.Secret = "bench-secret"
	}
	if o.NASIP == "" {
		o.NASIP = "127.0.0.1"
	}
	if o.StormNASIP == "" {
		o.StormNASIP = "127.0.0.2"
	}
}

// Username is the name of the i-th (1-based) seeded customer, as radius/bench names them.
var Username = bench.Username

// Seed fills a PostgreSQL database with customers and open sessions using COPY. It expects an
// empty, migrated database and returns how long it took.
func Seed(ctx context.Context, st *store.Store, box *secret.Box, o SeedOptions) (time.Duration, error) {
	o.defaults()
	if !st.IsPostgres() {
		return 0, fmt.Errorf("bench seed needs PostgreSQL")
	}
	start := time.Now()
	profileID, err := ensureBenchProfile(ctx, st.Client)
	if err != nil {
		return 0, err
	}
	nasIDs, err := ensureBenchNAS(ctx, st.Client, box, o)
	if err != nil {
		return 0, err
	}
	sealedPassword, err := box.Encrypt(o.Password)
	if err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	if err := copyCustomers(ctx, st.DB, o, sealedPassword, profileID, now); err != nil {
		return 0, fmt.Errorf("copying customers: %w", err)
	}
	var firstID int
	if err := st.DB.QueryRowContext(ctx, "SELECT min(id) FROM customers WHERE username = $1", Username(o.Prefix, 1)).Scan(&firstID); err != nil {
		return 0, err
	}
	if err := copySessions(ctx, st.DB, o, nasIDs, firstID, now); err != nil {
		return 0, fmt.Errorf("copying sessions: %w", err)
	}
	// Vacuumed and analysed, as autovacuum leaves a running installation's tables (it may be
	// off, or not have run yet): statistics for the planner, and the visibility map that lets
	// counts over the open sessions use index-only scans.
	if _, err := st.DB.ExecContext(ctx, "VACUUM (ANALYZE) customers, sessions, nas, profiles"); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// ensureBenchProfile returns the id of the "Bench 20M" profile, creating it if missing.
func ensureBenchProfile(ctx context.Context, c *ent.Client) (int, error) {
	prof, err := c.Profile.Query().Where(profile.Name("Bench 20M")).Only(ctx)
	if ent.IsNotFound(err) {
		prof, err = c.Profile.Create().SetName("Bench 20M").SetDownloadKbps(20000).SetUploadKbps(5000).
			SetPrice(200000).SetValidityDays(30).Save(ctx)
	}
	if err != nil {
		return 0, fmt.Errorf("bench profile: %w", err)
	}
	return prof.ID, nil
}

// ensureBenchNAS returns the ids of the main and the storm NAS records, creating them if missing.
func ensureBenchNAS(ctx context.Context, c *ent.Client, box *secret.Box, o SeedOptions) ([]int, error) {
	sealedSecret, err := box.Encrypt(o.Secret)
	if err != nil {
		return nil, err
	}
	var nasIDs []int
	for _, n := range []struct{ name, ip string }{{"bench-main", o.NASIP}, {"bench-storm", o.StormNASIP}} {
		id, err := c.Nas.Query().Where(nas.Name(n.name)).OnlyID(ctx)
		if ent.IsNotFound(err) {
			id, err = c.Nas.Create().SetName(n.name).SetIPAddress(n.ip).SetSecretEnc(sealedSecret).
				SetRequireMessageAuthenticator(true).OnConflictColumns(nas.FieldIPAddress).UpdateName().ID(ctx)
		}
		if err != nil {
			return nil, fmt.Errorf("bench NAS %s: %w", n.name, err)
		}
		nasIDs = append(nasIDs, id)
	}
	return nasIDs, nil
}

// copyCustomers streams o.Customers customers into the customers table.
func copyCustomers(ctx context.Context, db *sql.DB, o SeedOptions, sealedPassword string, profileID int, now time.Time) error {
	return copyIn(ctx, db, "customers", []string{"created_at", "updated_at", "account_no", "username", "password_enc",
		"phone", "full_name", "name_search", "status", "auto_renew", "joined_at", "expires_at", "max_sessions", "balance",
		"period_start", "period_bytes_in", "period_bytes_out", "cap_applied", "profile_id", "expiry_enforced_at"}, o.Customers,
		func(i int) []any {
			n := i + 1
			name := fmt.Sprintf("Bench Customer %d", n)
			// Offline customers: some expired, some expiring soon. Online ones are all current.
			exp := now.Add(time.Duration(n%60-5) * 24 * time.Hour)
			if n <= o.OpenSessions {
				exp = now.Add(time.Duration(n%60+1) * 24 * time.Hour)
			}
			// As in a running installation, the expired ones were dealt with when they expired;
			// otherwise the first scheduler tick of `serve` spends seconds enforcing thousands of
			// expiries at once, and the latencies measured meanwhile are its.
			var enforced any
			if !exp.After(now) {
				enforced = exp
			}
			joined := now.Add(-time.Duration(n%700) * 24 * time.Hour)
			return []any{now, now, fmt.Sprintf("%d", 100000+n), Username(o.Prefix, n), sealedPassword,
				fmt.Sprintf("+2547%08d", n), name, lower(name), "ACTIVE", true, joined, exp, 1, int64(0),
				now, int64(0), int64(0), false, profileID, enforced}
		})
}

// copySessions streams an open session for each of the first o.OpenSessions customers (whose
// ids start at firstID), the first o.StormNAS of them on the storm NAS.
func copySessions(ctx context.Context, db *sql.DB, o SeedOptions, nasIDs []int, firstID int, now time.Time) error {
	open := min(o.OpenSessions, o.Customers)
	return copyIn(ctx, db, "sessions", []string{"acct_key", "acct_session_id", "username", "customer_id", "nas_id",
		"framed_ip", "calling_station_id", "started_at", "updated_at", "session_time", "bytes_in", "bytes_out", "open"}, open,
		func(i int) []any {
			n := i + 1
			nasID := nasIDs[0]
			if n <= o.StormNAS {
				nasID = nasIDs[1]
			}
			user := Username(o.Prefix, n)
			sid := fmt.Sprintf("seed%08x", n)
			started := now.Add(-time.Duration(n%3600) * time.Second)
			return []any{fmt.Sprintf("%d/%s/%s/", nasID, user, sid), sid, user, firstID + i, nasID,
				fmt.Sprintf("10.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255), MAC(n), started, now,
				int64(now.Sub(started).Seconds()), int64(n) * 1000, int64(n) * 5000, true}
		})
}

// MAC is the calling station id of the n-th seeded customer.
func MAC(n int) string {
	return fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", (n>>24)&255, (n>>16)&255, (n>>8)&255, n&255)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// copyIn streams n rows into table with COPY in one transaction.
func copyIn(ctx context.Context, db *sql.DB, table string, cols []string, n int, row func(i int) []any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, cols...))
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := stmt.ExecContext(ctx, row(i)...); err != nil {
			return err
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	return tx.Commit()
}
