package settings

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/internal/egress"
)

// MaxURLLength bounds the SMS gateway and webhook URLs.
const MaxURLLength = 2000

// deliveryTargets are the settings naming where linedesk connects to deliver reminders.
var deliveryTargets = []string{SMSGatewayURL, WebhookURL, SMTPAddress}

// secretOfAddress maps a delivery address to the secret that goes with it: when a batch
// changes the address, the secret is cleared unless the batch sets it too, so the stored
// secret is never sent to an address it was not entered for. (A key written literally into
// the SMS gateway URL, and a webhook's token, live inside their URLs: a new URL brings its own.)
var secretOfAddress = map[string]string{SMTPAddress: SMTPPassword, SMSGatewayURL: SMSGatewayKey}

// deliveryURL accepts "" or an http(s) URL with a host, at most MaxURLLength long. Credentials
// in the URL (user:password@) are allowed: redirects are never followed and errors and audit
// rows never carry the URL.
func deliveryURL(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxURLLength {
		return fmt.Errorf("must be at most %d characters", MaxURLLength)
	}
	if _, _, err := urlTarget(s); err != nil {
		return err
	}
	return nil
}

func urlTarget(s string) (host string, port uint16, err error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", 0, errors.New("must be an http:// or https:// URL")
	}
	port = 80
	if u.Scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || n == 0 {
			return "", 0, errors.New("must be an http:// or https:// URL with a port from 1 to 65535")
		}
		port = uint16(n)
	}
	return u.Hostname(), port, nil
}

func smtpAddress(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > 200 {
		return errors.New("must be at most 200 characters")
	}
	_, _, err := SMTPHostPort(s)
	return err
}

// SMTPHostPort splits an smtp_address value ("host:port", "host", "[v6]:port" or a bare IPv6
// address) into host and port; the port is 25 when none is given.
func SMTPHostPort(s string) (host string, port uint16, err error) {
	h, p, splitErr := net.SplitHostPort(s)
	if splitErr != nil {
		h, p = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"), "25"
	}
	n, err := strconv.ParseUint(p, 10, 16)
	if h == "" || strings.ContainsAny(h, " /\\@[]\t\r\n") || err != nil || n == 0 {
		return "", 0, errors.New("must be host:port (host alone means port 25)")
	}
	return h, uint16(n), nil
}

// target returns the host and port a delivery setting's value connects to.
func target(key, value string) (string, uint16, error) {
	if key == SMTPAddress {
		return SMTPHostPort(value)
	}
	return urlTarget(value)
}

// Policy is the egress policy for connections to the delivery setting key under v: private
// targets only with allow_private_targets, a loopback SMTP server always on 25, 465 and 587.
func Policy(v Values, key string) egress.Policy {
	p := egress.Policy{AllowPrivate: v.Bool(AllowPrivateTargets)}
	if key == SMTPAddress {
		p.LoopbackPorts = egress.SMTPPorts
	}
	return p
}

// refusal explains a refused delivery address to an admin.
func refusal(key string, r *egress.RefusedError) string {
	switch r.Class {
	case egress.Loopback, egress.LinkLocal, egress.Private:
		msg := fmt.Sprintf("points at a %s address (%s); delivery to loopback, link-local and private addresses needs allow_private_targets set to true", r.Class, r.Addr)
		if key == SMTPAddress && r.Class == egress.Loopback {
			msg += " (a loopback SMTP server on port 25, 465 or 587 is always allowed)"
		}
		return msg
	}
	return fmt.Sprintf("points at a %s address (%s), which is never a delivery target", r.Class, r.Addr)
}

// AuditValue is what the audit log records for a setting's new value: the SMS gateway and
// webhook URLs only as scheme and host (their paths, queries and user info often carry API
// keys), and a secret setting (smtp_password, sms_gateway_key) only as "(changed)", whatever
// its name says to the audit package.
func AuditValue(key, value string) any {
	if d, _ := Lookup(key); d.Secret {
		return "(changed)"
	}
	if value == "" || (key != SMSGatewayURL && key != WebhookURL) {
		return value
	}
	u, err := url.Parse(value)
	if err != nil {
		return "(not a URL)"
	}
	out := u.Scheme + "://" + u.Host
	if strings.TrimPrefix(value, out) != "" {
		out += "/…"
	}
	return out
}
