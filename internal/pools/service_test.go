package pools_test

import (
	"context"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/pools"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func ptr[T any](v T) *T { return &v }

func open(t *testing.T, kind string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), testutil.DSN(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestPoolValidation: names as RouterOS writes them, readable ranges, and no address in two
// pools the same router may use.
func TestPoolValidation(t *testing.T) {
	ctx := context.Background()
	st := open(t, testutil.SQLite)
	svc := pools.New(st)
	r1 := st.Client.Nas.Create().SetName("r1").SetIPAddress("10.0.0.1").SetSecretEnc("x").SaveX(ctx)
	r2 := st.Client.Nas.Create().SetName("r2").SetIPAddress("10.0.0.2").SetSecretEnc("x").SaveX(ctx)
	if _, err := svc.Create(ctx, pools.PoolInput{Name: ptr("r1-local"), Ranges: ptr("192.168.88.0/24"), NasID: &r1.ID}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in pools.PoolInput
		want     string
	}{
		{name: pools.PoolInput{Name: ptr("my pool"), Ranges: ptr("10.1.0.0/24")}, want: "not a pool name"},
		{name: pools.PoolInput{Name: ptr("bad"), Ranges: ptr("10.1.0.9-10.1.0.2")}, want: "comes before the first"},
		{name: pools.PoolInput{Name: ptr("bad"), Ranges: ptr("ten")}, want: "not an IPv4 address"},
		{name: pools.PoolInput{Name: ptr("r1-local"), Ranges: ptr("10.2.0.0/24")}, want: "exists"},
		{name: pools.PoolInput{Name: ptr("shared"), Ranges: ptr("192.168.88.100-192.168.88.200")}, want: "also in pool r1-local"},
		{name: pools.PoolInput{Name: ptr("r1-more"), Ranges: ptr("192.168.88.7"), NasID: &r1.ID}, want: "also in pool r1-local"},
		{name: pools.PoolInput{Name: ptr("r2-local"), Ranges: ptr("192.168.88.0/24"), NasID: &r2.ID}}, // another router
		{name: pools.PoolInput{Name: ptr("ghost"), Ranges: ptr("10.3.0.0/24"), NasID: ptr(999)}, want: "does not exist"},
	} {
		_, err := svc.Create(ctx, tc.name)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", *tc.name.Name, err, tc.want)
		}
	}
}

// TestStaticAddresses: a static address given twice is refused, naming who has it, whether
// the other holder is a customer or an open session; inside a pool it is marked used; the
// customers that shared an address before the unique index are listed as conflicts.
func TestStaticAddresses(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) { testStatic(t, open(t, kind)) })
	}
}

func testStatic(t *testing.T, st *store.Store) {
	ctx := context.Background()
	svc := pools.New(st)
	custs := customers.New(st, testutil.Box(t), events.NewBus(), nil)
	plan := st.Client.Profile.Create().SetName("Home").SetDownloadKbps(1).SetUploadKbps(1).SetPrice(1).SaveX(ctx)
	p, err := svc.Create(ctx, pools.PoolInput{Name: ptr("static"), Ranges: ptr("10.30.0.0/29")})
	if err != nil {
		t.Fatal(err)
	}
	add := func(user, ip string) (*customers.Created, error) {
		return custs.Create(ctx, customers.CreateInput{Username: user, Phone: "0712345678", ProfileID: plan.ID, StaticIP: ptr(ip)})
	}
	alice, err := add("alice", "10.30.0.2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := add("bob", "10.30.0.2"); err == nil || !strings.Contains(err.Error(), "static address of customer alice") {
		t.Fatalf("second holder: %v", err)
	}
	// An address given to a session in the pool is refused too.
	if _, err := svc.Allocator().Allocate(ctx, p.ID, 0, alice.Customer.ID, "1|alice|s1"); err != nil {
		t.Fatal(err)
	}
	taken, _ := svc.Get(ctx, p.ID)
	if taken.Used != 2 || taken.Static != 1 {
		t.Fatalf("use %+v", taken)
	}
	bob, err := add("bob", "")
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, ip := range []string{"10.30.0.1", "10.30.0.3", "10.30.0.4", "10.30.0.5", "10.30.0.6"} {
		_, err := custs.Update(ctx, bob.Customer.ID, customers.UpdateInput{StaticIP: ptr(ip)})
		if err != nil && !strings.Contains(err.Error(), "open session of customer alice") {
			t.Fatalf("%s: %v", ip, err)
		} else if err != nil {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d addresses refused, want the session's", refused)
	}
	// Moving alice elsewhere frees her address in the pool.
	if _, err := custs.Update(ctx, alice.Customer.ID, customers.UpdateInput{StaticIP: ptr("172.16.0.9")}); err != nil {
		t.Fatal(err)
	}
	if _, err := add("carol", "10.30.0.2"); err != nil {
		t.Fatalf("freed address: %v", err)
	}
	// Shared before the index (written directly, as the old versions could): reported.
	st.Client.Customer.Create().SetAccountNo("900001").SetUsername("dave").SetPasswordEnc("x").SetPhone("+254700000001").
		SetProfileID(plan.ID).SetExpiresAt(plan.CreatedAt).SetStaticIP("172.16.0.9").SaveX(ctx)
	cs, err := svc.StaticConflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].Customer.Username != "dave" || cs[0].Holder == nil || cs[0].Holder.Username != "alice" {
		t.Fatalf("conflicts %+v %v", cs, err)
	}
}
