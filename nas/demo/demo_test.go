package demo_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/customer"
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
