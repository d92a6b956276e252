package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/customer"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas/demo"
	"github.com/linedesk/linedesk/radius"
)

func TestSeedIsIdempotent(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		first, err := demo.Seed(ctx, st, box, 40)
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Profiles) != 4 || first.CreatedCustomers != 40 || len(first.Customers) != 40 || first.NAS.Name != demo.NASName {
			t.Fatalf("first seed: %d profiles, %d created, %d customers, NAS %q", len(first.Profiles), first.CreatedCustomers, len(first.Customers), first.NAS.Name)
		}
		again, err := demo.Seed(ctx, st, box, 40)
		if err != nil {
			t.Fatal(err)
		}
		if again.CreatedCustomers != 0 || again.NAS.ID != first.NAS.ID || st.Client.Profile.Query().CountX(ctx) != 4 {
			t.Fatalf("second seed created %d customers", again.CreatedCustomers)
		}
		more, err := demo.Seed(ctx, st, box, 50)
		if err != nil || more.CreatedCustomers != 10 {
			t.Fatalf("growing to 50: %d created, %v", more.CreatedCustomers, err)
		}
		phone := regexp.MustCompile(`^\+2547\d{8}$`)
		accounts := map[string]bool{}
		expired := 0
		for _, c := range more.Customers {
			if !phone.MatchString(c.Phone) || c.FullName == nil || !strings.Contains(*c.FullName, " ") {
				t.Fatalf("customer %s: phone %q name %v", c.Username, c.Phone, c.FullName)
			}
			if accounts[c.AccountNo] || len(c.AccountNo) != 6 {
				t.Fatalf("account number %q", c.AccountNo)
			}
			accounts[c.AccountNo] = true
			if c.ExpiresAt.Before(time.Now()) {
				expired++
			}
		}
		if expired < 3 || expired > 8 {
			t.Fatalf("%d of 50 expired", expired)
		}
		if min := st.Client.Customer.Query().Order(customer.ByAccountNo()).FirstX(ctx).AccountNo; min != "100001" {
			t.Fatalf("first account number %s", min)
		}
	})
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The simulation against the real RADIUS server: subscribers come online, usage grows, and
// everything is hung up at the end.
func TestSimulateAgainstRADIUS(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	box := testutil.Box(t)
	ctx := context.Background()
	// Seed first so the server's snapshot has the router and customers.
	if _, err := demo.Seed(ctx, st, box, 24); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger}, st, box, events.NewBus())
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	runCtx, cancel := context.WithCancel(ctx)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- demo.Run(runCtx, st, box, demo.Options{Simulate: 20, Customers: 24, Tick: 100 * time.Millisecond,
			Interim: time.Second, AuthAddr: srv.AuthAddr().String(), AcctAddr: srv.AcctAddr().String()}, &out)
	}()
	open := func() int { return st.Client.Session.Query().Where(session.Open(true)).CountX(ctx) }
	deadline := time.Now().Add(15 * time.Second)
	for open() < 15 {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("only %d sessions online; output:\n%s", open(), out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Usage grows through interim updates.
	usage := func() int64 {
		var sum int64
		for _, s := range st.Client.Session.Query().AllX(ctx) {
			sum += s.BytesOut
		}
		return sum
	}
	deadline = time.Now().Add(10 * time.Second)
	first := usage()
	for usage() <= first || first == 0 {
		if first == 0 {
			first = usage()
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("usage did not grow (%d bytes)", first)
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "simulated router") {
		t.Fatalf("output:\n%s", out.String())
	}
	deadline = time.Now().Add(10 * time.Second)
	for open() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions still open after the demo ended", open())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Running demo again reports what the database holds, not only the customers of this run, and
// the plans' data limits are decimal gigabytes (300 GB is 300,000,000,000 bytes).
func TestDemoAgainReportsTheDatabase(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	box := testutil.Box(t)
	ctx := context.Background()
	var first, again bytes.Buffer
	if err := demo.Run(ctx, st, box, demo.Options{Customers: 80}, &first); err != nil {
		t.Fatal(err)
	}
	if err := demo.Run(ctx, st, box, demo.Options{}, &again); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out  string
		want *regexp.Regexp
	}{
		{first.String(), regexp.MustCompile(`80 customers in the database \(80 new, \d+ expired\); 80 demo customers in this run`)},
		{again.String(), regexp.MustCompile(`80 customers in the database \(0 new, \d+ expired\); 60 demo customers in this run`)},
	} {
		if !tc.want.MatchString(tc.out) {
			t.Errorf("output %q, want %s", tc.out, tc.want)
		}
	}
	home := st.Client.Profile.Query().Where(profile.Name("Home 10M")).OnlyX(ctx)
	if home.DataLimitBytes == nil || *home.DataLimitBytes != 300_000_000_000 {
		t.Fatalf("Home 10M data limit %v, want 300 GB", home.DataLimitBytes)
	}
}

// An older demo's plans in binary gigabytes are corrected when demo runs again.
func TestDemoCorrectsBinaryGigabytes(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	box := testutil.Box(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st, box, 5); err != nil {
		t.Fatal(err)
	}
	st.Client.Profile.Update().Where(profile.Name("Home 10M")).SetDataLimitBytes(300 << 30).ExecX(ctx)
	if _, err := demo.Seed(ctx, st, box, 5); err != nil {
		t.Fatal(err)
	}
	if got := *st.Client.Profile.Query().Where(profile.Name("Home 10M")).OnlyX(ctx).DataLimitBytes; got != 300_000_000_000 {
		t.Fatalf("data limit %d after a second run", got)
	}
}

// --coa-port and --api-port put the simulated router where asked, and its record says so.
func TestDemoPorts(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	box := testutil.Box(t)
	coa, api := freeUDPPort(t), freeTCPPort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var out syncBuffer
	// Tick longer than the run: nobody dials; the router starts, records its ports, stops.
	err := demo.Run(ctx, st, box, demo.Options{Simulate: 1, Customers: 5, Tick: time.Minute, CoAPort: coa, APIPort: api,
		AuthAddr: "127.0.0.1:9", AcctAddr: "127.0.0.1:9"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	n := st.Client.Nas.Query().Where(entnas.Name(demo.NASName)).OnlyX(context.Background())
	if n.CoaPort != coa || n.APIAddress == nil || *n.APIAddress != fmt.Sprintf("127.0.0.1:%d", api) {
		t.Fatalf("router record: CoA port %d, API %v; want %d and %d\n%s", n.CoaPort, n.APIAddress, coa, api, out.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("CoA 127.0.0.1:%d, RouterOS API 127.0.0.1:%d", coa, api)) {
		t.Fatalf("output:\n%s", out.String())
	}
	// A port that is taken is an error, not a silent move elsewhere.
	busy, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
	defer cancel2()
	err = demo.Run(ctx2, st, box, demo.Options{Simulate: 1, Customers: 5, Tick: time.Minute,
		CoAPort: busy.LocalAddr().(*net.UDPAddr).Port, AuthAddr: "127.0.0.1:9", AcctAddr: "127.0.0.1:9"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "cannot listen") {
		t.Fatalf("busy CoA port: %v", err)
	}
}

func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
