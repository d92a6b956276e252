package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// settingsMutation sets the given key/value pairs in one updateSettings batch.
const settingsMutation = `mutation($in:[SettingInput!]!){ updateSettings(input:$in){ key value isSet } }`

func batch(kv ...string) []map[string]any {
	var in []map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		in = append(in, map[string]any{"key": kv[i], "value": kv[i+1]})
	}
	return in
}

// setting returns a setting's value as the settings query shows it, and whether it is set.
func (e *env) setting(key string) (string, bool) {
	e.t.Helper()
	var out struct {
		Settings []struct {
			Key   string
			Value *string
			IsSet bool
		}
	}
	e.ok(&out, e.admin, `{ settings { key value isSet } }`)
	for _, s := range out.Settings {
		if s.Key == key {
			v := ""
			if s.Value != nil {
				v = *s.Value
			}
			return v, s.IsSet
		}
	}
	e.t.Fatalf("no setting %s", key)
	return "", false
}

// TestUpdateSettingsRefusesPrivateTargets: every delivery address pointing at loopback,
// link-local or private space (literal, IPv6 and IPv4-mapped forms, the cloud metadata address,
// names resolving there) is refused with BAD_USER_INPUT and nothing is stored; with
// allow_private_targets in the same batch, in either order, it is accepted. Unspecified and
// multicast addresses are refused even then; a loopback SMTP server on 25, 465 or 587 is
// accepted without it. URLs are http(s) only and length-limited.
func TestUpdateSettingsRefusesPrivateTargets(t *testing.T) {
	const (
		refused = iota // refused alone, accepted with allow_private_targets
		never          // refused even with allow_private_targets
		allowed        // accepted alone
	)
	cases := []struct {
		key, value string
		want       int
	}{
		{"sms_gateway_url", "http://127.0.0.1:5432/send?to={{phone}}", refused},
		{"sms_gateway_url", "http://localhost:8080/send", refused},
		{"sms_gateway_url", "http://127.9.9.9/send", refused},
		{"webhook_url", "http://[::1]:9000/hook", refused},
		{"webhook_url", "http://[::ffff:127.0.0.1]/hook", refused},
		{"webhook_url", "http://169.254.169.254/latest/meta-data/", refused},
		{"webhook_url", "http://[fe80::1]/hook", refused},
		{"webhook_url", "https://[fc00::5]/hook", refused},
		{"webhook_url", "https://[fd12:3456::1]:8443/hook", refused},
		{"sms_gateway_url", "http://10.1.2.3/send", refused},
		{"sms_gateway_url", "http://172.16.0.1/send", refused},
		{"sms_gateway_url", "http://172.31.255.254/send", refused},
		{"sms_gateway_url", "http://192.168.88.1/send", refused},
		{"sms_gateway_url", "http://100.64.0.1/send", refused},
		{"sms_gateway_url", "http://user:pass@127.0.0.1/send", refused},
		{"smtp_address", "127.0.0.1:5432", refused},
		{"smtp_address", "localhost:6379", refused},
		{"smtp_address", "[::1]:2525", refused},
		{"smtp_address", "10.0.0.5:25", refused},
		{"smtp_address", "169.254.169.254:25", refused},
		{"webhook_url", "http://0.0.0.0:8080/hook", never},
		{"webhook_url", "http://[::]/hook", never},
		{"sms_gateway_url", "http://224.0.0.1/send", never},
		{"webhook_url", "http://[ff02::1]/hook", never},
		{"smtp_address", "0.0.0.0:25", never},
		{"webhook_url", "file:///etc/passwd", never},
		{"webhook_url", "gopher://127.0.0.1:25/", never},
		{"sms_gateway_url", "https://sms.example/" + strings.Repeat("a", 2001), never},
		{"smtp_address", "127.0.0.1:25", allowed},
		{"smtp_address", "localhost:587", allowed},
		{"smtp_address", "[::1]:465", allowed},
		{"smtp_address", "localhost", allowed}, // port 25
		{"sms_gateway_url", "https://93.184.216.34/send?to={{phone}}", allowed},
		{"webhook_url", "https://hooks.isp.example/reminders", allowed}, // does not resolve here; checked when dialling
	}
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			for _, c := range cases {
				what := c.key + "=" + c.value[:min(len(c.value), 60)]
				clear := batch(c.key, "", "allow_private_targets", "false")
				if c.want == allowed {
					e.ok(nil, e.admin, settingsMutation, "in", batch(c.key, c.value))
					if v, _ := e.setting(c.key); v != c.value {
						t.Fatalf("%s: stored %q", what, v)
					}
					e.ok(nil, e.admin, settingsMutation, "in", clear)
					continue
				}
				err := e.fails("BAD_USER_INPUT", e.admin, settingsMutation, "in", batch(c.key, c.value))
				if err.Extensions["field"] != c.key {
					t.Errorf("%s: error field %v, want %s", what, err.Extensions["field"], c.key)
				}
				if v, _ := e.setting(c.key); v != "" {
					t.Fatalf("%s: refused but stored %q", what, v)
				}
				for _, in := range [][]map[string]any{
					batch(c.key, c.value, "allow_private_targets", "true"),
					batch("allow_private_targets", "true", c.key, c.value),
				} {
					if c.want == never {
						e.fails("BAD_USER_INPUT", e.admin, settingsMutation, "in", in)
						if v, _ := e.setting("allow_private_targets"); v != "false" {
							t.Fatalf("%s: refused batch stored allow_private_targets=%s", what, v)
						}
						continue
					}
					if _, errs := e.do(e.admin, settingsMutation, "in", in); len(errs) > 0 {
						t.Fatalf("%s with allow_private_targets (%v first): %+v", what, in[0]["key"], errs)
					}
					if v, _ := e.setting(c.key); v != c.value {
						t.Fatalf("%s with allow_private_targets: stored %q", what, v)
					}
					e.ok(nil, e.admin, settingsMutation, "in", clear)
				}
			}
		})
	}
}

// TestAllowPrivateTargetsCannotBeDroppedUnderAPrivateTarget: turning allow_private_targets
// off while a delivery address points at a private address is refused (the address would
// silently stop working); clearing both in one batch is accepted.
func TestAllowPrivateTargetsCannotBeDroppedUnderAPrivateTarget(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	e.ok(nil, e.admin, settingsMutation, "in", batch("allow_private_targets", "true"))
	e.ok(nil, e.admin, settingsMutation, "in", batch("webhook_url", "http://10.9.8.7/hook"))
	err := e.fails("BAD_USER_INPUT", e.admin, settingsMutation, "in", batch("allow_private_targets", "false"))
	if err.Extensions["field"] != "webhook_url" {
		t.Fatalf("error field %v, want webhook_url", err.Extensions["field"])
	}
	e.ok(nil, e.admin, settingsMutation, "in", batch("allow_private_targets", "false", "webhook_url", ""))
}

// TestChangingSMTPAddressClearsPassword: a new smtp_address without the password in the same
// batch clears the stored password (an admin cannot send it to a listener of their own);
// re-entering it in the same batch keeps it, and re-sending the same address changes nothing.
func TestChangingSMTPAddressClearsPassword(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			e.ok(nil, e.admin, settingsMutation, "in", batch("smtp_address", "mail.isp.example:587",
				"smtp_username", "mailer", "smtp_password", "mail-pass-1"))
			if _, set := e.setting("smtp_password"); !set {
				t.Fatal("smtp_password not set")
			}
			e.ok(nil, e.admin, settingsMutation, "in", batch("smtp_address", "mail.isp.example:587", "currency", "UGX"))
			if _, set := e.setting("smtp_password"); !set {
				t.Fatal("smtp_password cleared although the address did not change")
			}
			e.ok(nil, e.admin, settingsMutation, "in", batch("smtp_address", "relay.isp.example:587"))
			if _, set := e.setting("smtp_password"); set {
				t.Fatal("smtp_password kept after smtp_address changed")
			}
			if user, _ := e.setting("smtp_username"); user != "mailer" {
				t.Fatalf("smtp_username %q", user)
			}
			e.ok(nil, e.admin, settingsMutation, "in", batch("smtp_password", "mail-pass-2", "smtp_address", "mail.isp.example:587"))
			if _, set := e.setting("smtp_password"); !set {
				t.Fatal("smtp_password re-entered with the new address was cleared")
			}
		})
	}
}

// TestSettingsAuditHasNoURLCredentials: the audit row of updateSettings records the SMS
// gateway and webhook URLs without their paths, queries and user info (where API keys live)
// and secrets only as set or cleared.
func TestSettingsAuditHasNoURLCredentials(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	e.ok(nil, e.admin, settingsMutation, "in", batch(
		"sms_gateway_url", "https://gwuser:GWPASS-41@sms.gateway.example/v1/APIKEY-41/send?key=APIKEY-42&to={{phone}}",
		"webhook_url", "https://hooks.isp.example/in/HOOKTOKEN-43",
		"smtp_password", "SMTPPASS-44"))
	rows := e.st.Client.AuditLog.Query().AllX(context.Background())
	if len(rows) == 0 {
		t.Fatal("no audit row")
	}
	for _, r := range rows {
		for _, s := range []string{"GWPASS-41", "APIKEY-41", "APIKEY-42", "HOOKTOKEN-43", "SMTPPASS-44", "gwuser"} {
			if strings.Contains(r.Changes, s) {
				t.Fatalf("audit row %s %s holds %s: %s", r.Action, r.TargetType, s, r.Changes)
			}
		}
	}
	last := rows[len(rows)-1].Changes
	if !strings.Contains(last, "https://sms.gateway.example/…") || !strings.Contains(last, "https://hooks.isp.example/…") {
		t.Fatalf("audit row %s does not say which hosts were set", last)
	}
}
