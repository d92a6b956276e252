// Package multiinstance tests several `linedesk serve` processes sharing one PostgreSQL
// database: changes and events cross instances, and scheduled jobs run once.
package multiinstance

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/radius/msgauth"
)

const nasSecret = "multi-instance-secret"

// coaRouter stands in for the router's RFC 5176 port: it verifies and counts
// Disconnect-Requests per Acct-Session-Id and acknowledges them.
type coaRouter struct {
	conn *net.UDPConn
	mu   sync.Mutex
	seen map[string]int
}

func newCoARouter(t *testing.T) *coaRouter {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	r := &coaRouter{conn: conn, seen: map[string]int{}}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			raw := append([]byte(nil), buf[:n]...)
			if !radius.IsAuthenticRequest(raw, []byte(nasSecret)) || msgauth.VerifyRequest(raw, []byte(nasSecret), true) != nil {
				t.Errorf("router received a badly signed packet")
				continue
			}
			p, err := radius.Parse(raw, []byte(nasSecret))
			if err != nil || p.Code != radius.CodeDisconnectRequest {
				continue
			}
			r.mu.Lock()
			r.seen[rfc2866.AcctSessionID_GetString(p)]++
			r.mu.Unlock()
			reply, _ := msgauth.Sign(p.Response(radius.CodeDisconnectACK))
			_, _ = conn.WriteToUDP(reply, from)
		}
	}()
	return r
}

func (r *coaRouter) port() int { return r.conn.LocalAddr().(*net.UDPAddr).Port }

func (r *coaRouter) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[id]
}

func gql(t *testing.T, s *testutil.Server, token, q string, vars map[string]any, out any) {
	t.Helper()
	errs, err := s.GraphQL(context.Background(), token, q, vars, out)
	if err != nil || len(errs) > 0 {
		t.Fatalf("GraphQL %q: %v %+v", q, err, errs)
	}
}

func TestTwoInstancesOnePostgres(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	a := testutil.StartServer(t, dsn, "LINEDESK_TICK=300ms")
	b := testutil.StartServer(t, dsn, "LINEDESK_TICK=300ms")
	ctx := context.Background()
	token, err := a.Login(ctx, "admin", testutil.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	router := newCoARouter(t)

	var prof struct{ CreateProfile struct{ ID string } }
	gql(t, a, token, `mutation{createProfile(input:{name:"Home 10M",downloadKbps:10000,uploadKbps:5000,validityDays:30,price:150000}){id}}`, nil, &prof)
	gql(t, a, token, `mutation($s:String!,$p:Int!){createNas(input:{name:"r1",ipAddress:"127.0.0.1",secret:$s,coaPort:$p}){id}}`,
		map[string]any{"s": nasSecret, "p": router.port()}, nil)

	// 1. A customer created on A is accepted by RADIUS on B within a second.
	var created struct {
		CreateCustomer struct{ Customer struct{ ID string } }
	}
	gql(t, a, token, `mutation($p:ID!){createCustomer(input:{username:"multi.alice",password:"Alice-pass-2026",phone:"0712345678",profileID:$p}){customer{id}}}`,
		map[string]any{"p": prof.CreateProfile.ID}, &created)
	createdAt := time.Now()
	var accepted time.Duration
	for time.Since(createdAt) < 5*time.Second {
		req, verify, err := client.NewAccessRequest([]byte(nasSecret), client.PAP, "multi.alice", "Alice-pass-2026")
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		reply, err := client.Exchange(cctx, b.Auth, req, verify, 200*time.Millisecond)
		cancel()
		if err == nil && reply.Code == radius.CodeAccessAccept {
			accepted = time.Since(createdAt)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if accepted == 0 {
		t.Fatal("customer created on A was never accepted by B")
	}
	t.Logf("customer created on A accepted by RADIUS on B after %v", accepted)
	if accepted > time.Second {
		t.Fatalf("customer created on A accepted by B only after %v, want within a second", accepted)
	}

	// 2. Accounting received by A reaches a subscriber connected to B.
	subCtx, cancelSub := context.WithTimeout(ctx, 20*time.Second)
	defer cancelSub()
	sub, err := testutil.Subscribe(subCtx, "ws://"+b.HTTP+"/graphql", "", token,
		`subscription{sessionUpdated{acctSessionId open bytesIn}}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	time.Sleep(200 * time.Millisecond) // let the subscription register
	start := client.NewAccountingRequest([]byte(nasSecret), rfc2866.AcctStatusType_Value_Start, "multi.alice", "sess-1",
		client.String(rfc2865.CallingStationID_Type, "aa:bb:cc:00:00:01"))
	sent := time.Now()
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	if _, err := client.Exchange(cctx, a.Acct, start, client.VerifyAccounting(start), 500*time.Millisecond); err != nil {
		t.Fatalf("Accounting Start to A: %v", err)
	}
	cancel()
	select {
	case data := <-sub.Next:
		var got struct {
			SessionUpdated struct{ AcctSessionID string }
		}
		if err := json.Unmarshal(data, &got); err != nil || got.SessionUpdated.AcctSessionID != "sess-1" {
			t.Fatalf("B's subscription got %s", data)
		}
		t.Logf("Start on A seen by B's subscription after %v", time.Since(sent))
	case err := <-sub.Err:
		t.Fatalf("subscription on B: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("B's subscription did not see the session started on A")
	}

	// 3. The expiry job runs on both instances but disconnects once.
	past := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	gql(t, a, token, `mutation($id:ID!,$e:Time!){updateCustomer(id:$id,input:{expiresAt:$e}){id}}`,
		map[string]any{"id": created.CreateCustomer.Customer.ID, "e": past}, nil)
	deadline := time.Now().Add(10 * time.Second)
	for router.count("sess-1") == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if router.count("sess-1") == 0 {
		t.Fatal("expired customer's session was never disconnected")
	}
	time.Sleep(2 * time.Second) // several more ticks on both instances
	if n := router.count("sess-1"); n != 1 {
		t.Fatalf("router received %d Disconnect-Requests for the expired session, want exactly 1", n)
	}
	fmt.Println("multi-instance: created on A → accepted on B in", accepted.Round(time.Millisecond), "; expiry disconnect sent once")
}
