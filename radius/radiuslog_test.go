package radius

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/internal/radiuslog"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestRadiusLogWrongSecretAndUnknownUser sends, with FreeRADIUS's radclient and radtest over
// UDP, Access-Requests signed with a wrong secret from a known router and one for an unknown
// username: the first are dropped and counted against the router as authentication failures,
// the second is in the log with its reason, found by username.
func TestRadiusLogWrongSecretAndUnknownUser(t *testing.T) {
	radtest := needTool(t, "radtest")
	radclient := needTool(t, "radclient")
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			f.customer("alice")
			f.start()
			addr := f.srv.AuthAddr().String()
			in := "User-Name = \"alice\"\nUser-Password = \"pw-alice\"\nMessage-Authenticator = 0x00\n"
			const wrong = 3
			for i := 0; i < wrong; i++ {
				out, err := run(t, in, radclient, "-x", "-r", "1", "-t", "1", addr, "auth", "not-the-secret")
				if err == nil || !strings.Contains(out, "No reply from server") {
					t.Fatalf("wrong secret: want no reply: %v\n%s", err, out)
				}
			}
			out, err := run(t, "", radtest, "-t", "pap", "nobody-here", "x", addr, "0", testSecret, "0", "127.0.0.1")
			if !strings.Contains(out, "Received Access-Reject") {
				t.Fatalf("radtest: want Access-Reject: %v\n%s", err, out)
			}
			f.nextAuthEvent("nobody-here", 0)
			if err := f.srv.tally.flush(); err != nil {
				t.Fatal(err)
			}

			svc := radiuslog.New(f.st)
			c, err := svc.Router(f.ctx, f.nas.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.LastHour.AuthFailures != wrong || c.LastDay.AuthFailures != wrong || c.LastHour.Rejects != 1 {
				t.Fatalf("router counts: %+v, want %d authentication failures and 1 reject", c.LastHour, wrong)
			}
			want := map[string]int{"bad_message_authenticator": wrong, string(authevent.ReasonUNKNOWN_USER): 1}
			for _, r := range c.LastHour.ByReason {
				if want[r.ReasonCode] != r.Count {
					t.Errorf("reason %s counted %d, want %d", r.ReasonCode, r.Count, want[r.ReasonCode])
				}
				delete(want, r.ReasonCode)
			}
			if len(want) > 0 {
				t.Errorf("reasons missing from the counts: %v", want)
			}
			drops, err := svc.Drops(f.ctx, time.Now().Add(-time.Hour), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(drops) != 1 || drops[0].Source != "127.0.0.1" || drops[0].NasID != f.nas.ID || drops[0].Count != wrong ||
				drops[0].LastSeenAt.IsZero() {
				t.Fatalf("drops by source = %+v", drops)
			}
			prefix := "nobody"
			page, err := svc.Log(f.ctx, &radiuslog.Filter{Username: &prefix}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Edges) != 1 || page.Edges[0].Node.Reason != authevent.ReasonUNKNOWN_USER {
				t.Fatalf("log search for nobody: %+v", page.Edges)
			}
		})
	}
}

// TestRadiusLogFloodKeepsBoundedKeys sends bad packets from thousands of loopback addresses
// (unknown sources): every one is counted, but the in-memory tally holds no more than its
// bound, the rest counted as "other".
func TestRadiusLogFloodKeepsBoundedKeys(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			f.start()
			dst := net.UDPAddrFromAddrPort(netip.MustParseAddrPort(f.srv.AuthAddr().String()))
			const sources = maxTallyKeys + 700
			p := radius.New(radius.CodeAccessRequest, []byte("whatever"))
			_ = rfc2865.UserName_SetString(p, "flood")
			raw, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			peak := 0
			for i := 0; i < sources; i++ {
				src := netip.AddrFrom4([4]byte{127, 1, byte(i >> 8), byte(i)})
				c, err := net.DialUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(src, 0)), dst)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = c.Write(raw)
				c.Close()
				peak = max(peak, f.srv.tally.size())
			}
			waitFor(t, func() bool { return f.metric("linedesk_radius_dropped_total", "reason=unknown_client") > 0 })
			time.Sleep(200 * time.Millisecond)
			peak = max(peak, f.srv.tally.size())
			if peak > maxTallyKeys+1 {
				t.Fatalf("%d keys held, bound %d", peak, maxTallyKeys)
			}
			if err := f.srv.tally.flush(); err != nil {
				t.Fatal(err)
			}
			counted := int(f.metric("linedesk_radius_dropped_total", "reason=unknown_client"))
			drops, err := radiuslog.New(f.st).Drops(f.ctx, time.Now().Add(-time.Hour), 0)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.st.Client.RadiusTally.Query().Where(radiustally.KindEQ(radiustally.KindDROP)).Count(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if counted < sources/2 {
				t.Fatalf("only %d of %d packets counted by the server", counted, sources)
			}
			// The listing is cut at MaxSources; the rows hold every packet.
			if len(drops) != radiuslog.MaxSources || rows > 2*maxTallyKeys+2 {
				t.Fatalf("%d sources listed, %d rows stored", len(drops), rows)
			}
			sum := sumDrops(t, f)
			if sum != counted {
				t.Fatalf("stored %d dropped packets, server counted %d", sum, counted)
			}
		})
	}
}

func sumDrops(t *testing.T, f *fixture) int {
	t.Helper()
	rows := f.st.Client.RadiusTally.Query().Where(radiustally.KindEQ(radiustally.KindDROP)).AllX(f.ctx)
	n := 0
	for _, r := range rows {
		n += int(r.Count)
	}
	return n
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTallyBound adds counts from more sources than the bound: the keys stop at the bound,
// the counts of the rest go to "other", nothing is lost, and a failed write is kept.
func TestTallyBound(t *testing.T) {
	fail := true
	var written []radiusdb.Tally
	tl := newTallies(func(_ context.Context, rows []radiusdb.Tally) error {
		if fail {
			return context.DeadlineExceeded
		}
		written = append(written, rows...)
		return nil
	}, nil)
	now := time.Now()
	const n = 3 * maxTallyKeys
	for i := 0; i < n; i++ {
		tl.add(now, 0, netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), radiustally.KindDROP, dropUnknownClient)
	}
	if tl.size() != maxTallyKeys+1 {
		t.Fatalf("%d keys, want %d", tl.size(), maxTallyKeys+1)
	}
	if err := tl.flush(); err == nil {
		t.Fatal("flush: want the write's error")
	}
	fail = false
	if err := tl.flush(); err != nil {
		t.Fatal(err)
	}
	var sum int64
	other := false
	for _, r := range written {
		sum += r.Count
		other = other || r.Source == TallyOther
	}
	// (Merged back in any order, a source may join "other": at most the bound plus "other".)
	if sum != n || !other || len(written) > maxTallyKeys+1 || len(written) < maxTallyKeys {
		t.Fatalf("wrote %d rows summing %d (other %v), want at most %d rows summing %d", len(written), sum, other, maxTallyKeys+1, n)
	}
}

// BenchmarkTallyAdd is what the RADIUS log's counting adds to each answered or dropped packet.
func BenchmarkTallyAdd(b *testing.B) {
	tl := newTallies(func(context.Context, []radiusdb.Tally) error { return nil }, nil)
	now := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tl.add(now, 1, netip.Addr{}, radiustally.KindACCEPT, "OK")
	}
}
