package routers

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas/sim"
)

type published struct {
	mu  sync.Mutex
	evs []events.Event
}

func (p *published) Publish(e events.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.evs = append(p.evs, e)
}

func (p *published) kinds() []events.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]events.Event(nil), p.evs...)
}

func ptr[T any](v T) *T { return &v }

const fp = "5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f"

var seq int

func core() CreateInput {
	seq++
	return CreateInput{Name: fmt.Sprintf("core-%d", seq), IPAddress: fmt.Sprintf("10.0.0.%d", seq), Secret: "s3cret-s3cret"}
}

func refused(t *testing.T, err error, kind domain.Kind, field string) *domain.Error {
	t.Helper()
	de, ok := domain.As(err)
	if !ok || de.Kind != kind || de.Field != field {
		t.Fatalf("error %v (%#v), want kind %d on %q", err, de, kind, field)
	}
	return de
}

func TestCreateRefusesBadInput(t *testing.T) {
	long := strings.Repeat("S", 129)
	cases := []struct {
		name  string
		edit  func(*CreateInput)
		field string
	}{
		{"empty name", func(in *CreateInput) { in.Name = " " }, "name"},
		{"not an IP", func(in *CreateInput) { in.IPAddress = "10.0.0" }, "ipAddress"},
		{"host name for the RADIUS address", func(in *CreateInput) { in.IPAddress = "router.example.net" }, "ipAddress"},
		{"short secret", func(in *CreateInput) { in.Secret = "1234567" }, "secret"},
		{"long secret", func(in *CreateInput) { in.Secret = long }, "secret"},
		{"single-label API host", func(in *CreateInput) { in.APIAddress = ptr("router") }, "apiAddress"},
		{"API port 0", func(in *CreateInput) { in.APIAddress = ptr("192.0.2.1:0") }, "apiAddress"},
		{"bad fingerprint", func(in *CreateInput) { in.APITLSFingerprint = ptr(fp[:63]) }, "apiTlsFingerprint"},
		{"CA that is no certificate", func(in *CreateInput) { in.APICaCertificate = ptr("hello") }, "apiCaCertificate"},
		{"API login without a transport", func(in *CreateInput) {
			in.APIUser, in.APIPassword = ptr("linedesk"), ptr("api-pass-1")
		}, "apiTLS"},
		{"long API password", func(in *CreateInput) { in.APIPassword, in.APITLS = ptr(long), ptr(true) }, "apiPassword"},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, testutil.Box(t), nil, nil)
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := core()
				c.edit(&in)
				_, err := s.Create(ctx, in)
				if de := refused(t, err, domain.Invalid, c.field); strings.Contains(de.Message, long) || len(de.Message) > 300 {
					t.Fatalf("the refusal repeats the input: %q", de.Message)
				}
			})
		}
		if n := st.Client.Nas.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d routers stored by refused creates", n)
		}
	})
}

// TestSecretsAreEncryptedAndNeverReturned: the shared secret and the API password are stored
// encrypted (and decrypt to what was given), appear in no audit row, and the router as
// returned serialises without them.
func TestSecretsAreEncryptedAndNeverReturned(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		box := testutil.Box(t)
		s := New(st, box, nil, nil)
		ctx := context.Background()
		in := core()
		in.Secret, in.APIUser, in.APIPassword, in.APITLS = "RADIUS-SECRET-1", ptr("linedesk"), ptr("API-PASS-1"), ptr(true)
		n, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		stored := func(secret, apiPassword string) *ent.Nas {
			t.Helper()
			row := st.Client.Nas.GetX(ctx, n.ID)
			for enc, want := range map[string]string{row.SecretEnc: secret, *row.APIPasswordEnc: apiPassword} {
				if strings.Contains(enc, want) {
					t.Fatalf("stored in clear: %q", enc)
				}
				if got, err := box.Decrypt(enc); err != nil || got != want {
					t.Fatalf("decrypts to %q, %v; want %q", got, err, want)
				}
			}
			return row
		}
		stored("RADIUS-SECRET-1", "API-PASS-1")
		if _, err := s.Update(ctx, n.ID, UpdateInput{Secret: ptr("RADIUS-SECRET-2"), APIPassword: ptr("API-PASS-2")}); err != nil {
			t.Fatal(err)
		}
		row := stored("RADIUS-SECRET-2", "API-PASS-2")
		b, _ := json.Marshal(row)
		for _, l := range st.Client.AuditLog.Query().AllX(ctx) {
			b = append(b, l.Changes...)
		}
		for _, secret := range []string{"RADIUS-SECRET", "API-PASS", row.SecretEnc, *row.APIPasswordEnc} {
			if strings.Contains(string(b), secret) {
				t.Fatalf("%q shown in the router or its audit rows: %s", secret, b)
			}
		}
	})
}

// TestUpdateSetsAndClears: fields given are set (addresses in canonical form, pins
// normalised), clear flags and an empty API address empty them, the rest stays.
func TestUpdateSetsAndClears(t *testing.T) {
	ca, err := sim.NewCA("test CA")
	if err != nil {
		t.Fatal(err)
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := New(st, testutil.Box(t), pub, nil)
		ctx := context.Background()
		in := core()
		in.APIAddress, in.APIUser, in.APIPassword, in.APITLS = ptr("192.0.2.1:8729"), ptr("linedesk"), ptr("api-pass-1"), ptr(true)
		n, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			in    UpdateInput
			check func(*ent.Nas) bool
			audit string
		}{
			{"nothing given", UpdateInput{}, func(n *ent.Nas) bool { return *n.APIAddress == "192.0.2.1:8729" && *n.APIUser == "linedesk" }, ""},
			{"IP in canonical form", UpdateInput{IPAddress: ptr(" 2001:DB8::0:1 ")}, func(n *ent.Nas) bool { return n.IPAddress == "2001:db8::1" }, "ip_address"},
			{"CoA port and disconnect method", UpdateInput{CoaPort: ptr(1700), DisconnectMethod: ptr(entnas.DisconnectMethodAPI)},
				func(n *ent.Nas) bool { return n.CoaPort == 1700 && n.DisconnectMethod == entnas.DisconnectMethodAPI }, "coa_port"},
			{"pin normalised", UpdateInput{APITLSFingerprint: ptr(strings.ToUpper(fp))},
				func(n *ent.Nas) bool { return n.APITLSFingerprint != nil && *n.APITLSFingerprint == fp }, fp},
			{"pin cleared, CA set", UpdateInput{ClearAPITLSFingerprint: true, APICaCertificate: &ca.PEM},
				func(n *ent.Nas) bool { return n.APITLSFingerprint == nil && n.APICaCertificate != nil }, "(cleared)"},
			{"empty API address clears it", UpdateInput{APIAddress: ptr("  ")}, func(n *ent.Nas) bool { return n.APIAddress == nil }, "api_address"},
			{"API user trimmed", UpdateInput{APIUser: ptr(" ops ")}, func(n *ent.Nas) bool { return *n.APIUser == "ops" }, "api_user"},
			{"clear wins over a password", UpdateInput{APIPassword: ptr("x"), ClearAPIPassword: true},
				func(n *ent.Nas) bool { return n.APIPasswordEnc == nil }, "api_password_enc"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := s.Update(ctx, n.ID, c.in)
				if err != nil {
					t.Fatal(err)
				}
				if !c.check(got) || !c.check(st.Client.Nas.GetX(ctx, n.ID)) {
					t.Fatalf("router after update: %+v", got)
				}
				row := st.Client.AuditLog.Query().Where(auditlog.Action("updateNas")).Order(ent.Desc(auditlog.FieldID)).FirstX(ctx)
				if !strings.Contains(row.Changes, c.audit) {
					t.Fatalf("audit %s does not hold %s", row.Changes, c.audit)
				}
			})
		}
		if evs := pub.kinds(); len(evs) != len(cases)+1 || evs[0].Kind != events.NasChanged || evs[0].NasID != n.ID {
			t.Fatalf("events %+v", evs)
		}
	})
}

func TestUpdateRefusals(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, testutil.Box(t), nil, nil)
		ctx := context.Background()
		n, err := s.Create(ctx, core())
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			id    int
			in    UpdateInput
			kind  domain.Kind
			field string
		}{
			{"missing router", n.ID + 1000, UpdateInput{CoaPort: ptr(1700)}, domain.NotFound, ""},
			{"empty name", n.ID, UpdateInput{Name: ptr("")}, domain.Invalid, "name"},
			{"short secret", n.ID, UpdateInput{Secret: ptr("short")}, domain.Invalid, "secret"},
			{"gaining a login without a transport", n.ID, UpdateInput{APIUser: ptr("u"), APIPassword: ptr("p")}, domain.Invalid, "apiTLS"},
			{"bad API address", n.ID, UpdateInput{APIAddress: ptr("http://192.0.2.1")}, domain.Invalid, "apiAddress"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Update(ctx, c.id, c.in)
				refused(t, err, c.kind, c.field)
			})
		}
		if got := st.Client.Nas.GetX(ctx, n.ID); got.Name != n.Name || got.SecretEnc != n.SecretEnc || got.APIUser != nil {
			t.Fatalf("refused updates changed the router: %+v", got)
		}
	})
}

// TestDeleteRefusesRouterWithSessions: a router named by sessions on record stays; one
// without is deleted and its authentication events keep their rows without it.
func TestDeleteRefusesRouterWithSessions(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, testutil.Box(t), nil, func(id int) (int, int) { return 10 * id, id })
		ctx := context.Background()
		used, err := s.Create(ctx, core())
		if err != nil {
			t.Fatal(err)
		}
		free, err := s.Create(ctx, core())
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		for i, open := range []bool{true, false} {
			st.Client.Session.Create().SetAcctKey(fmt.Sprintf("k%d", i)).SetAcctSessionID("81000001").SetUsername("u").
				SetNasID(used.ID).SetStartedAt(now).SetUpdatedAt(now).SetOpen(open).ExecX(ctx)
		}
		ev := st.Client.AuthEvent.Create().SetUsername("u").SetResult("REJECT").SetReason("WRONG_PASSWORD").SetNasID(free.ID).SaveX(ctx)
		if n, err := s.ActiveSessions(ctx, used.ID); err != nil || n != 1 {
			t.Fatalf("activeSessions %d, %v", n, err)
		}
		if r := s.RequestsLastHour(used.ID); r == nil || *r != 10*used.ID {
			t.Fatalf("requests %v", r)
		}
		_, err = s.Delete(ctx, used.ID)
		if de := refused(t, err, domain.Invalid, "id"); !strings.Contains(de.Message, "has 2 sessions on record") {
			t.Fatalf("message %q", de.Message)
		}
		if _, err := s.Delete(ctx, free.ID); err != nil {
			t.Fatal(err)
		}
		if got := st.Client.AuthEvent.GetX(ctx, ev.ID); got.NasID != nil {
			t.Fatalf("auth event still names the deleted router: %v", *got.NasID)
		}
		if n := st.Client.Nas.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d routers, want 1", n)
		}
		if r := New(st, testutil.Box(t), nil, nil).RejectsLastHour(used.ID); r != nil {
			t.Fatalf("rejects without a RADIUS server: %v", *r)
		}
	})
}
