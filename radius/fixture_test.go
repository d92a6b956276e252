package radius

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"layeh.com/radius"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

const testSecret = "testing123"

// fixture is a database with a profile and a NAS at 127.0.0.1, and a server on random
// loopback ports.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	st      *store.Store
	dsn     string
	box     *secret.Box
	bus     *events.Bus
	srv     *Server
	nas     *ent.Nas
	profile *ent.Profile
	secret  []byte
	reg     *prometheus.Registry // the server's metrics (after start)
}

var accountSeq atomic.Int64

func newFixture(t *testing.T, kind string) *fixture {
	t.Helper()
	ctx := context.Background()
	dsn := testutil.DSN(t, kind)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	box := testutil.Box(t)
	f := &fixture{t: t, ctx: ctx, st: st, dsn: dsn, box: box, bus: events.NewBus(), secret: []byte(testSecret)}
	f.profile = st.Client.Profile.Create().SetName("Home 20").SetUploadKbps(5000).SetDownloadKbps(20000).
		SetPrice(2500).SetPool("pool-home").SaveX(ctx)
	f.nas = st.Client.Nas.Create().SetName("core-1").SetIPAddress("127.0.0.1").
		SetSecretEnc(box.MustEncrypt(testSecret)).SaveX(ctx)
	return f
}

// start starts the server; call after creating what the test needs (or wait for a poll).
func (f *fixture) start() *Server {
	f.t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(&testWriter{f.t}, nil))
	}
	f.reg = prometheus.NewRegistry()
	srv, err := New(Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger, Registerer: f.reg}, f.st, f.box, f.bus)
	if err != nil {
		f.t.Fatal(err)
	}
	srv.pollEvery = 100 * time.Millisecond
	if err := srv.Start(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			f.t.Errorf("shutdown: %v", err)
		}
	})
	f.srv = srv
	return srv
}

// rolledUp waits until the roll-up has moved everything acknowledged so far into period and
// daily usage; it fails the test when that takes longer than RollUpBound.
func (f *fixture) rolledUp() {
	f.t.Helper()
	if f.srv == nil {
		return
	}
	deadline := time.Now().Add(RollUpBound)
	for !f.srv.rollup.idle() {
		if time.Now().After(deadline) {
			f.t.Fatalf("usage not rolled up within %v (%d sessions queued)", RollUpBound, f.srv.RollUpQueued())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }

// customer creates a customer with password "pw-"+username, expiring in two hours.
func (f *fixture) customer(username string, mut ...func(*ent.CustomerCreate)) *ent.Customer {
	f.t.Helper()
	c := f.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100000 + accountSeq.Add(1))).
		SetUsername(username).SetPasswordEnc(f.box.MustEncrypt("pw-" + username)).SetPhone("+254700000000").
		SetProfileID(f.profile.ID).SetExpiresAt(time.Now().Add(2 * time.Hour))
	for _, m := range mut {
		m(c)
	}
	return c.SaveX(f.ctx)
}

// access sends an Access-Request and returns the verified reply, or an error after timeout.
func (f *fixture) access(method client.Method, user, pass string, timeout time.Duration, attrs ...*radius.AVP) (*radius.Packet, error) {
	p, verify, err := client.NewAccessRequest(f.secret, method, user, pass, attrs...)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(f.ctx, timeout)
	defer cancel()
	return client.Exchange(ctx, f.srv.AuthAddr().String(), p, verify, 300*time.Millisecond)
}

// acct sends an Accounting-Request and waits for its response.
func (f *fixture) acct(status rfc2866.AcctStatusType, user, sid string, in, out uint64, attrs ...*radius.AVP) error {
	p := client.NewAccountingRequest(f.secret, status, user, sid, attrs...)
	if status != rfc2866.AcctStatusType_Value_AccountingOn && status != rfc2866.AcctStatusType_Value_AccountingOff {
		client.SetCounters(p, in, out, 60)
	}
	ctx, cancel := context.WithTimeout(f.ctx, 5*time.Second)
	defer cancel()
	_, err := client.Exchange(ctx, f.srv.AcctAddr().String(), p, client.VerifyAccounting(p), 500*time.Millisecond)
	return err
}

// authEventID is the id of the newest AuthEvent of username (0 when none).
func (f *fixture) authEventID(username string) int {
	ids, _ := f.st.Client.AuthEvent.Query().Where(authevent.Username(username)).
		Order(ent.Desc(authevent.FieldID)).Limit(1).IDs(f.ctx)
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

// nextAuthEvent waits for an AuthEvent of username newer than after.
func (f *fixture) nextAuthEvent(username string, after int) *ent.AuthEvent {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ev, err := f.st.Client.AuthEvent.Query().Where(authevent.Username(username), authevent.IDGT(after)).
			Order(ent.Desc(authevent.FieldID)).First(f.ctx)
		if err == nil {
			return ev
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("no new AuthEvent for %q: %v", username, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openSameDB opens a second store on the fixture's database, as another process would.
func openSameDB(f *fixture) (*store.Store, error) {
	st, err := store.Open(f.ctx, f.dsn)
	if err != nil {
		return nil, err
	}
	f.t.Cleanup(func() { st.Close() })
	return st, nil
}

type adminConn struct {
	db   *sql.DB
	name string
}

// openAdmin connects to the PostgreSQL server of the fixture's database (not to it).
func openAdmin(f *fixture) (*adminConn, error) {
	u, err := url.Parse(f.dsn)
	if err != nil {
		return nil, err
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, err
	}
	f.t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		return nil, err
	}
	return &adminConn{db: db, name: name}, nil
}

// metric sums the samples of the counter name whose labels include every "key=value" given.
func (f *fixture) metric(name string, labels ...string) float64 {
	f.t.Helper()
	fams, err := f.reg.Gather()
	if err != nil {
		f.t.Fatal(err)
	}
	var sum float64
	for _, fam := range fams {
		if fam.GetName() != name {
			continue
		}
	samples:
		for _, m := range fam.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for _, kv := range labels {
				k, v, _ := strings.Cut(kv, "=")
				if have[k] != v {
					continue samples
				}
			}
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}
