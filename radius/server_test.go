package radius

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"layeh.com/radius"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

func TestStartNamesAddressInUse(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	busy, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.LocalAddr().String()
	srv, err := New(Config{AuthAddr: "127.0.0.1:0", AcctAddr: addr, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		f.st, f.box, events.NewBus())
	if err != nil {
		t.Fatal(err)
	}
	err = srv.Start(f.ctx)
	if err == nil || !strings.Contains(err.Error(), addr) {
		t.Fatalf("Start = %v, want an error naming %s", err, addr)
	}
}

// Shutdown answers the accounting already read and writes the queued AuthEvents.
func TestShutdownFlushes(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	f.customer("alice")
	srv := f.start()
	if r, err := f.access(client.PAP, "alice", "pw-alice", 2*time.Second); err != nil || r.Code != radius.CodeAccessAccept {
		t.Fatalf("login: %v %v", r, err)
	}
	// Fire accounting without waiting, then shut down at once.
	conn, err := net.Dial("udp", srv.AcctAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const n = 50
	for i := 0; i < n; i++ {
		p := client.NewAccountingRequest(f.secret, interim, "alice", "s1")
		client.SetCounters(p, uint64(i+1)*100, 0, 1)
		p.Identifier = byte(i)
		raw, _ := client.Encode(p)
		conn.Write(raw)
	}
	time.Sleep(50 * time.Millisecond) // let the reader take them
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	began := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("Shutdown took %v", took)
	}
	answered := 0
	buf := make([]byte, 4096)
	conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	for {
		if _, err := conn.Read(buf); err != nil {
			break
		}
		answered++
	}
	if answered == 0 {
		t.Fatal("no accounting answered")
	}
	s := f.sessions("alice")
	if len(s) != 1 || s[0].BytesIn < int64(answered)*100 {
		t.Fatalf("%d answered but session = %+v", answered, s)
	}
	if f.st.Client.AuthEvent.Query().Where(authevent.Username("alice")).CountX(f.ctx) != 1 {
		t.Fatal("auth event not flushed at shutdown")
	}
}

// A row that breaks a constraint (its customer deleted meanwhile) does not block the
// others: auth events are kept without the link, accounting answers the rest of the batch.
func TestBadRowsDoNotBlockBatches(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	alice := f.customer("alice")
	srv := f.start()
	now := time.Now()
	srv.authLog.add(radiusdb.AuthEvent{Username: "ghost-customer", CustomerID: 999999, NasID: f.nas.ID, Method: "pap",
		Result: authevent.ResultREJECT, Reason: authevent.ReasonUNKNOWN_USER, At: now})
	srv.authLog.add(radiusdb.AuthEvent{Username: "alice", CustomerID: alice.ID, NasID: f.nas.ID, Method: "pap",
		Result: authevent.ResultACCEPT, Reason: authevent.ReasonOK, At: now})
	ev := f.nextAuthEvent("ghost-customer", 0)
	if ev.CustomerID != nil {
		t.Errorf("event kept a link to a missing customer: %v", *ev.CustomerID)
	}
	f.nextAuthEvent("alice", 0)

	results := make(chan string, 2)
	mk := func(user string, cid int) *acctReq {
		return &acctReq{status: interim, nasID: f.nas.ID, key: sessionKey(f.nas.ID, user, "x", nil), sessionID: "x",
			username: user, customerID: cid, bytesIn: 10, bytesOut: 20, at: now, received: now,
			done: func(ok bool) {
				if ok {
					results <- user
				} else {
					results <- "failed:" + user
				}
			}}
	}
	srv.acct.submit(mk("gone", 999999))
	srv.acct.submit(mk("alice", alice.ID))
	got := map[string]bool{}
	for i := 0; i < 2; i++ {
		select {
		case r := <-results:
			got[r] = true
		case <-time.After(5 * time.Second):
			t.Fatal("accounting requests not finished")
		}
	}
	if !got["alice"] || !got["failed:gone"] {
		t.Fatalf("results = %v", got)
	}
	if in, _ := f.usage(alice); in != 10 {
		t.Fatalf("alice's usage = %d", in)
	}
}
