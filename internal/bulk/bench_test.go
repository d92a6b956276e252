package bulk

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius"
)

// benchSize reads BULK_BENCH_CUSTOMERS and BULK_BENCH_ONLINE (defaults 10,000 and 500).
func benchSize() (int, int) {
	n, online := 10000, 500
	if v, err := strconv.Atoi(os.Getenv("BULK_BENCH_CUSTOMERS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("BULK_BENCH_ONLINE")); err == nil && v >= 0 {
		online = v
	}
	return n, min(online, n)
}

// BenchmarkBulk: a bulk plan change and a bulk renewal over 10,000 customers on PostgreSQL,
// the online ones dialled in on the simulated router through linedesk's RADIUS server (each
// gets a CoA, acknowledged). One op is one whole job, from Start to the last item.
//
//	go test ./internal/bulk -run '^$' -bench BenchmarkBulk -benchtime 1x -timeout 30m
func BenchmarkBulk(b *testing.B) {
	n, online := benchSize()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := testutil.OpenStore(b, testutil.Postgres)
	box := testutil.Box(b)
	bus := events.NewBus()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := st.Client
	actx := audit.WithActor(ctx, audit.Actor{Name: "bench"})
	home := c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetValidityDays(30).SetPrice(1500).SaveX(ctx)
	fast := c.Profile.Create().SetName("Fast 50M").SetDownloadKbps(50000).SetUploadKbps(20000).SetValidityDays(30).SetPrice(3000).SaveX(ctx)
	pw := box.MustEncrypt("pw")
	for i := 0; i < n; i += 1000 {
		bb := make([]*ent.CustomerCreate, 0, 1000)
		for k := i; k < min(i+1000, n); k++ {
			bb = append(bb, c.Customer.Create().SetAccountNo(fmt.Sprint(100001+k)).SetUsername(fmt.Sprintf("bulk%05d", k)).
				SetPasswordEnc(pw).SetPhone(fmt.Sprintf("+254712%06d", k)).SetProfileID(home.ID).
				SetBalance(1_000_000).SetExpiresAt(time.Now().Add(24*time.Hour)))
		}
		c.Customer.CreateBulk(bb...).ExecX(ctx)
	}
	rs, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger}, st, box, bus)
	if err != nil {
		b.Fatal(err)
	}
	if err := rs.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer rs.Shutdown(context.Background())
	router := sim.New(sim.Config{Secret: simSecret, AuthAddr: rs.AuthAddr().String(), AcctAddr: rs.AcctAddr().String(),
		CoAAddr: "127.0.0.1:0", Retry: 500 * time.Millisecond, Timeout: 20 * time.Second, Logger: logger})
	if err := router.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer router.Stop()
	c.Nas.Create().SetName("tower-1").SetIPAddress("127.0.0.1").SetSecretEnc(box.MustEncrypt(simSecret)).SetCoaPort(router.CoAPort()).ExecX(ctx)
	dialAll(b, ctx, router, online)
	waitFor(b, "open sessions", 2*time.Minute, func() bool {
		return c.Session.Query().Where(session.Open(true)).CountX(ctx) >= online
	})
	nasSvc := nas.NewService(st, box, bus, logger)
	nasSvc.CoA = coa.Client{Timeout: 2 * time.Second, Retries: 2}
	defer nasSvc.Close()
	svc := New(st, bus, customers.New(st, box, bus, nil), billing.NewService(st, bus, nil, logger), nasSvc, logger)
	jobs := []struct {
		name   string
		action Action
		p      Params
	}{{"change-plan", ChangeProfile, Params{ProfileID: fast.ID}}, {"renew", Renew, Params{}}}
	for _, j := range jobs {
		b.Run(j.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				job, err := svc.Start(actx, j.action, Selection{}, j.p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.RunOnce(ctx); err != nil {
					b.Fatal(err)
				}
				got, _ := svc.Get(ctx, job.ID)
				if got.State != StateDone || got.Done != n || got.Failed != 0 {
					b.Fatalf("job %+v", got)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}

// dialAll dials bulk00000 … on the simulated router, 16 at a time.
func dialAll(b *testing.B, ctx context.Context, router *sim.Router, online int) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				u := fmt.Sprintf("bulk%05d", k)
				waitFor(b, "login of "+u, time.Minute, func() bool {
					dctx, stop := context.WithTimeout(ctx, 10*time.Second)
					defer stop()
					_, err := router.Dial(dctx, u, "pw")
					return err == nil
				})
			}
		}()
	}
	for k := 0; k < online; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
}
