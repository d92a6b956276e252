package settings

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := f[host]; ok {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// TestCheckBatchResolvesNames: a name is refused when it resolves to a private address, and
// accepted with allow_private_targets in the same batch, whatever the order.
func TestCheckBatchResolvesNames(t *testing.T) {
	r := fakeResolver{
		"sms.inside.example":  {netip.MustParseAddr("10.20.30.40")},
		"sms.outside.example": {netip.MustParseAddr("93.184.216.34")},
		"mail.inside.example": {netip.MustParseAddr("fd00::25")},
	}
	ctx := context.Background()
	for _, tc := range []struct {
		batch []Change
		field string // "" when accepted
	}{
		{[]Change{{SMSGatewayURL, "https://sms.inside.example/send"}}, SMSGatewayURL},
		{[]Change{{SMSGatewayURL, "https://sms.outside.example/send"}}, ""},
		{[]Change{{SMSGatewayURL, "https://sms.inside.example/send"}, {AllowPrivateTargets, "true"}}, ""},
		{[]Change{{AllowPrivateTargets, "true"}, {SMSGatewayURL, "https://sms.inside.example/send"}}, ""},
		{[]Change{{SMTPAddress, "mail.inside.example:25"}}, SMTPAddress},
		{[]Change{{SMTPAddress, "mail.inside.example:25"}, {AllowPrivateTargets, "true"}}, ""},
		{[]Change{{WebhookURL, "https://[::ffff:192.168.1.1]/hook"}}, WebhookURL},
		{[]Change{{WebhookURL, "https://" + strings.Repeat("h", MaxURLLength) + ".example/"}}, WebhookURL},
	} {
		err := CheckBatch(ctx, r, Defaults(), tc.batch)
		var in *InputError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%v: %v", tc.batch, err)
		case tc.field != "" && (!errors.As(err, &in) || in.Key != tc.field):
			t.Errorf("%v: %v, want an input error on %s", tc.batch, err, tc.field)
		case err != nil:
			t.Logf("%s", err)
		}
	}
}

// TestCheckBatchRechecksOnAllowOff: turning allow_private_targets off checks the stored
// addresses too; other batches leave stored addresses alone.
func TestCheckBatchRechecksOnAllowOff(t *testing.T) {
	stored := Defaults()
	stored[AllowPrivateTargets] = "true"
	stored[SMTPAddress] = "10.0.0.25:2525"
	ctx := context.Background()
	if err := CheckBatch(ctx, fakeResolver{}, stored, []Change{{Currency, "UGX"}}); err != nil {
		t.Fatal(err)
	}
	var in *InputError
	if err := CheckBatch(ctx, fakeResolver{}, stored, []Change{{AllowPrivateTargets, "false"}}); !errors.As(err, &in) || in.Key != SMTPAddress {
		t.Fatalf("%v, want an input error on smtp_address", err)
	}
}

func TestSMTPHostPort(t *testing.T) {
	for _, tc := range []struct {
		in   string
		host string
		port uint16
		bad  bool
	}{
		{"mail.example:587", "mail.example", 587, false},
		{"mail.example", "mail.example", 25, false},
		{"[::1]:2525", "::1", 2525, false},
		{"::1", "::1", 25, false},
		{"mail.example:0", "", 0, true},
		{"mail.example:smtp", "", 0, true},
		{"user@mail.example:25", "", 0, true},
		{":25", "", 0, true},
	} {
		host, port, err := SMTPHostPort(tc.in)
		if (err != nil) != tc.bad || host != tc.host || port != tc.port {
			t.Errorf("SMTPHostPort(%q) = %q, %d, %v", tc.in, host, port, err)
		}
	}
}

func TestAuditValue(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       any
	}{
		{SMSGatewayURL, "https://u:p@sms.example/send?key=K", "https://sms.example/…"},
		{WebhookURL, "https://hooks.example", "https://hooks.example"},
		{WebhookURL, "", ""},
		{Currency, "UGX", "UGX"},
	} {
		if got := AuditValue(tc.key, tc.value); got != tc.want {
			t.Errorf("AuditValue(%s, %q) = %v, want %v", tc.key, tc.value, got, tc.want)
		}
	}
}
