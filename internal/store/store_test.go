package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/change"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func seedProfile(t *testing.T, st *store.Store) *ent.Profile {
	t.Helper()
	p, err := st.Client.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).
		SetPrice(150000).SetValidityDays(30).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newCustomer(st *store.Store, p *ent.Profile, acct, user string) *ent.CustomerCreate {
	return st.Client.Customer.Create().SetAccountNo(acct).SetUsername(user).SetPasswordEnc("v1:x:y").
		SetPhone("+254712345678").SetProfile(p).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour))
}

func TestCustomerConflicts(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := seedProfile(t, st)
		if _, err := newCustomer(st, p, "100001", "alice").Save(ctx); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, acct, user, wantCol string
		}{
			{"duplicate username", "100002", "alice", "username"},
			{"duplicate account number", "100001", "bob", "account_no"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// Inside a transaction with another write first: nothing may be left behind.
				err := store.InTx(ctx, st.Client, func(ctx context.Context, tx *ent.Client) error {
					if _, err := tx.Profile.Create().SetName("temp-" + tt.user).SetDownloadKbps(1).SetUploadKbps(1).SetPrice(1).Save(ctx); err != nil {
						return err
					}
					_, err := tx.Customer.Create().SetAccountNo(tt.acct).SetUsername(tt.user).SetPasswordEnc("v1:x:y").
						SetPhone("+254700000000").SetProfileID(p.ID).SetExpiresAt(time.Now()).Save(ctx)
					return err
				})
				ce := store.AsConflict(err)
				if ce == nil {
					t.Fatalf("err = %v, want a ConflictError", err)
				}
				if len(ce.Columns) != 1 || ce.Columns[0] != tt.wantCol {
					t.Fatalf("conflict columns = %v, want [%s]", ce.Columns, tt.wantCol)
				}
				if n, _ := st.Client.Customer.Query().Count(ctx); n != 1 {
					t.Fatalf("customers = %d after refused write, want 1", n)
				}
				if n, _ := st.Client.Profile.Query().Count(ctx); n != 1 {
					t.Fatalf("profiles = %d after rolled-back transaction, want 1", n)
				}
			})
		}
	})
}

func TestMigrateTwiceAndOverData(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := testutil.DSN(t, kind)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			p := seedProfile(t, st)
			if _, err := newCustomer(st, p, "100001", "alice").Save(ctx); err != nil {
				t.Fatal(err)
			}
			// A column added by an operator (or a later version) must survive a migration.
			if _, err := st.DB.ExecContext(ctx, "ALTER TABLE customers ADD COLUMN legacy_ref VARCHAR(20)"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.DB.ExecContext(ctx, "UPDATE customers SET legacy_ref = 'X-1'"); err != nil {
				t.Fatal(err)
			}
			st.Close()
			for i := 0; i < 2; i++ {
				st2, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				if err := st2.Migrate(ctx); err != nil {
					t.Fatalf("migration %d over existing data: %v", i+2, err)
				}
				c, err := st2.Client.Customer.Query().Only(ctx)
				if err != nil || c.Username != "alice" {
					t.Fatalf("customer lost after migration: %v", err)
				}
				var legacy string
				if err := st2.DB.QueryRowContext(ctx, "SELECT legacy_ref FROM customers").Scan(&legacy); err != nil || legacy != "X-1" {
					t.Fatalf("unknown column lost after migration: %q %v", legacy, err)
				}
				st2.Close()
			}
		})
	}
}

func TestChangeFeed(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := seedProfile(t, st)
		c, err := newCustomer(st, p, "100001", "alice").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Client.Customer.UpdateOne(c).SetFullName("Alice").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		// A rolled-back write leaves no change row.
		_ = store.InTx(ctx, st.Client, func(ctx context.Context, tx *ent.Client) error {
			_ = tx.Customer.UpdateOneID(c.ID).SetFullName("Nobody").Exec(ctx)
			return errors.New("abort")
		})
		if err := st.Client.Customer.DeleteOneID(c.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := st.Client.Change.Query().Where(change.Entity(store.EntityCustomer)).Order(ent.Asc(change.FieldID)).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, r := range rows {
			if r.EntityID != c.ID {
				t.Fatalf("change for entity %d, want %d", r.EntityID, c.ID)
			}
			ops = append(ops, r.Op)
		}
		if got := strings.Join(ops, ","); got != "create,update,delete" {
			t.Fatalf("change ops = %s, want create,update,delete", got)
		}
		if n, _ := st.Client.Change.Query().Where(change.Entity(store.EntityProfile)).Count(ctx); n != 1 {
			t.Fatalf("profile changes = %d, want 1", n)
		}
	})
}

func TestSecretKeyCanary(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		good, _ := secret.New([]byte(strings.Repeat("a", 32)))
		bad, _ := secret.New([]byte(strings.Repeat("b", 32)))
		if err := st.CheckKey(ctx, good); err != nil {
			t.Fatalf("first start: %v", err)
		}
		if err := st.CheckKey(ctx, good); err != nil {
			t.Fatalf("same key again: %v", err)
		}
		err := st.CheckKey(ctx, bad)
		if err == nil || !strings.Contains(err.Error(), "does not match") {
			t.Fatalf("wrong key: err = %v", err)
		}
	})
}

func TestTimesStoredInUTC(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := seedProfile(t, st)
		nairobi := time.FixedZone("EAT", 3*3600)
		exp := time.Date(2026, 5, 1, 23, 30, 0, 0, nairobi)
		c, err := newCustomer(st, p, "100001", "alice").SetExpiresAt(exp).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Client.Customer.Get(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.ExpiresAt.Equal(exp) {
			t.Fatalf("expires_at = %v, want %v", got.ExpiresAt, exp)
		}
		var raw string
		if err := st.DB.QueryRowContext(ctx, "SELECT CAST(expires_at AS TEXT) FROM customers").Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(raw, "2026-05-01 20:30:00") {
			t.Fatalf("stored expires_at = %q, want it in UTC (2026-05-01 20:30:00…)", raw)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, dsn, want string
	}{
		{"unknown scheme", "mysql://x", "bad database URL"},
		{"unreachable postgres", "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "not reachable"},
		{"empty sqlite path", "sqlite://", "needs a file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := store.Open(context.Background(), tt.dsn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if got := store.Redact("postgres://u:hunter2@h/db"); strings.Contains(got, "hunter2") {
		t.Fatalf("Redact left the password: %s", got)
	}
}
