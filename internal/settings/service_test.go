package settings

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

type published struct {
	mu sync.Mutex
	n  int
}

func (p *published) Publish(e events.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.Kind == events.SettingChanged {
		p.n++
	}
}

func (p *published) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

func changes(kv ...string) []*Change {
	var out []*Change
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, &Change{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func entry(t *testing.T, list []*Entry, key string) *Entry {
	t.Helper()
	for _, e := range list {
		if e.Key == key {
			return e
		}
	}
	t.Fatalf("no setting %s", key)
	return nil
}

func newService(t *testing.T, st *store.Store, pub events.Publisher) *Service {
	s := NewService(st, testutil.Box(t), pub)
	s.Resolver = fakeResolver{"relay.inside.example": {netip.MustParseAddr("10.1.2.3")}}
	return s
}

// TestUpdateRefusesTheWholeBatch: an unknown key, a bad value or a private delivery target
// refuses the batch on that key, and nothing of the batch is stored or published.
func TestUpdateRefusesTheWholeBatch(t *testing.T) {
	cases := []struct {
		name  string
		batch []*Change
		field string
	}{
		{"unknown key", changes(Currency, "UGX", "no_such_setting", "1"), "key"},
		{"bad value", changes(Currency, "UGX", TimeZone, "Mars/Olympus"), TimeZone},
		{"private target", changes(Currency, "UGX", WebhookURL, "http://10.0.0.5/hook"), WebhookURL},
		{"name resolving to a private address", changes(Currency, "UGX", SMTPAddress, "relay.inside.example:587"), SMTPAddress},
		{"not a URL", changes(Currency, "UGX", SMSGatewayURL, "file:///etc/passwd"), SMSGatewayURL},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := newService(t, st, pub)
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Update(ctx, c.batch)
				de, ok := domain.As(err)
				if !ok || de.Kind != domain.Invalid || de.Field != c.field {
					t.Fatalf("error %v, want a refusal of %s", err, c.field)
				}
			})
		}
		if n := st.Client.Setting.Query().CountX(ctx); n != 0 || pub.count() != 0 {
			t.Fatalf("refused batches stored %d settings, published %d events", n, pub.count())
		}
		if _, err := s.Update(ctx, changes(AllowPrivateTargets, "true", SMTPAddress, "relay.inside.example:587")); err != nil {
			t.Fatalf("with allow_private_targets: %v", err)
		}
	})
}

// TestSecretsAreWriteOnly: a secret setting is stored encrypted, listed without its value,
// audited without it, and cleared when its address changes without it.
func TestSecretsAreWriteOnly(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := newService(t, st, pub)
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "alice"})
		list, err := s.Update(ctx, changes(SMTPAddress, "mail.isp.example:587", SMTPPassword, "MAIL-PASS-9", Currency, "UGX"))
		if err != nil {
			t.Fatal(err)
		}
		if e := entry(t, list, SMTPPassword); e.Value != nil || !e.IsSet || !e.Secret {
			t.Fatalf("smtp_password listed as %+v", e)
		}
		if e := entry(t, list, Currency); e.Value == nil || *e.Value != "UGX" || !e.IsSet {
			t.Fatalf("currency listed as %+v", e)
		}
		if e := entry(t, list, TimeZone); e.Value == nil || *e.Value != "Africa/Nairobi" || e.IsSet {
			t.Fatalf("time_zone listed as %+v", e)
		}
		for _, r := range st.Client.Setting.Query().AllX(ctx) {
			if strings.Contains(r.Value, "MAIL-PASS-9") {
				t.Fatal("smtp_password stored in clear")
			}
		}
		row := st.Client.AuditLog.Query().Where(auditlog.Action("updateSettings")).OnlyX(ctx)
		if row.Actor != "alice" || strings.Contains(row.Changes, "MAIL-PASS-9") || !strings.Contains(row.Changes, "UGX") {
			t.Fatalf("audit row %+v", row)
		}
		if list, err = s.Update(ctx, changes(SMTPAddress, "relay.isp.example:587")); err != nil {
			t.Fatal(err)
		}
		if entry(t, list, SMTPPassword).IsSet {
			t.Fatal("smtp_password kept after smtp_address changed")
		}
		if pub.count() != 2 {
			t.Fatalf("%d SettingChanged events, want 2", pub.count())
		}
		loc, err := s.Locale(ctx)
		if err != nil || *loc != (Locale{Currency: "UGX", TimeZone: "Africa/Nairobi", PhoneRegion: "KE", Language: "en"}) {
			t.Fatalf("locale %+v %v", loc, err)
		}
	})
}

// TestPhoneRegionCache: the phone region is cached, a change through the service shows at
// once.
func TestPhoneRegionCache(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		ctx := context.Background()
		if r, err := s.PhoneRegion(ctx); err != nil || r != "KE" {
			t.Fatalf("region %q %v", r, err)
		}
		if err := Set(ctx, st.Client, PhoneRegion, "TZ"); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.PhoneRegion(ctx); r != "KE" {
			t.Fatalf("region %q read again within the cache's life", r)
		}
		if _, err := s.Update(ctx, changes(PhoneRegion, "UG")); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.PhoneRegion(ctx); r != "UG" {
			t.Fatalf("region %q after an update, want UG", r)
		}
	})
}
