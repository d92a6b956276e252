package settings

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestApplyKeepsSecretsWithTheirAddress, for each delivery address and its secret (the SMTP
// server and its password, the SMS gateway URL and its API key), on SQLite and PostgreSQL:
// the secret is stored encrypted (the raw row holds no plain text and decrypts to it);
// re-sending the same address keeps it; a new address without the secret in the same batch
// clears it; a new address with a new secret in the same batch, in either order, keeps the new
// one; no audit record of any batch holds a secret.
func TestApplyKeepsSecretsWithTheirAddress(t *testing.T) {
	pairs := []struct{ addr, secret, first, second string }{
		{SMTPAddress, SMTPPassword, "mail.isp.example:587", "relay.isp.example:587"},
		{SMSGatewayURL, SMSGatewayKey, "https://sms.isp.example/send?key={{key}}&to={{phone}}",
			"https://sms.other.example/send?key={{key}}&to={{phone}}"},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		for _, p := range pairs {
			const old, renewed = "OLD-SECRET-e91a", "NEW-SECRET-77b0"
			steps := []struct {
				name  string
				batch []Change
				want  string // the secret afterwards, "" when cleared
			}{
				{"address and secret", []Change{{p.addr, p.first}, {p.secret, old}}, old},
				{"same address again", []Change{{p.addr, p.first}, {Currency, "UGX"}}, old},
				{"new address alone", []Change{{p.addr, p.second}}, ""},
				{"secret entered again", []Change{{p.secret, old}}, old},
				{"new address, then secret", []Change{{p.addr, p.first}, {p.secret, renewed}}, renewed},
				{"secret, then new address", []Change{{p.secret, old}, {p.addr, p.second}}, old},
			}
			for _, s := range steps {
				what := p.secret + ": " + s.name
				audit, err := Apply(ctx, st.Client, box, s.batch)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				b, _ := json.Marshal(audit)
				if strings.Contains(string(b), old) || strings.Contains(string(b), renewed) {
					t.Fatalf("%s: audit record %s holds the secret", what, b)
				}
				raw := st.Client.Setting.Query().Where(setting.Key(p.secret)).OnlyX(ctx).Value
				if s.want == "" {
					if raw != "" {
						t.Fatalf("%s: secret %q kept, want it cleared", what, raw)
					}
					continue
				}
				if strings.Contains(raw, s.want) || !strings.HasPrefix(raw, "v1:") {
					t.Fatalf("%s: stored %q, want it encrypted", what, raw)
				}
				if plain, err := box.Decrypt(raw); err != nil || plain != s.want {
					t.Fatalf("%s: stored secret decrypts to %q (%v), want %q", what, plain, err, s.want)
				}
			}
		}
	})
}

// TestAuditValueHidesSecrets: a secret setting is audited as "(changed)", whatever its name
// says to the audit package; URLs only as scheme and host.
func TestAuditValueHidesSecrets(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       any
	}{
		{SMSGatewayKey, "KEY-1", "(changed)"},
		{SMSGatewayKey, "", "(changed)"},
		{SMTPPassword, "PASS-1", "(changed)"},
		{SMSGatewayURL, "https://u:p@gw.example/send?key=KEY-2", "https://gw.example/…"},
		{Currency, "UGX", "UGX"},
	} {
		if got := AuditValue(tc.key, tc.value); got != tc.want {
			t.Errorf("AuditValue(%s, %q) = %v, want %v", tc.key, tc.value, got, tc.want)
		}
	}
}
