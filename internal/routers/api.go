package routers

import (
	"net"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/nas/routeros"
)

// The RouterOS API settings of a router: the API address, how the router's API-SSL
// certificate is trusted (nas/routeros, nas/trust.go), and the rule that the plain API is an
// explicit choice.

// maxAPIAddress is the length of the api_address column.
const maxAPIAddress = 100

// checkAPIAddress reads a RouterOS API address: host or host:port, the host an IP address
// or a fully qualified DNS name (single-label names depend on the resolver's search list and
// are refused), the port 1–65535. IPv6 addresses with a port are written [::1]:8729.
func checkAPIAddress(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) > maxAPIAddress {
		return "", domain.Invalidf(field, "must be at most 100 characters").
			WithKey("input.tooLong", map[string]any{"field": field, "max": maxAPIAddress})
	}
	host, port, withPort := v, "", false
	if h, p, err := net.SplitHostPort(v); err == nil {
		host, port, withPort = h, p, true
	} else if strings.Count(v, ":") == 1 || strings.HasPrefix(v, "[") {
		return "", domain.Invalidf(field, "not an address: give host or host:port, e.g. 192.0.2.1:8729 or router1.example.net").
			WithKey("router.apiAddressFormat", nil)
	}
	if withPort {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return "", domain.Invalidf(field, "the port must be a number from 1 to 65535").
				WithKey("router.apiPortRange", map[string]any{"min": 1, "max": 65535})
		}
	}
	if net.ParseIP(host) == nil && !isDNSName(host) {
		return "", domain.Invalidf(field, "the host must be an IP address or a fully qualified DNS name (e.g. router1.example.net)").
			WithKey("router.apiHostFormat", nil)
	}
	return v, nil
}

// isDNSName reports whether h is a fully qualified host name: two or more labels of letters,
// digits and inner hyphens, 1–63 characters each, 253 in all, the last not all digits.
func isDNSName(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return strings.Trim(last, "0123456789") != ""
}

// trust is the validated certificate settings of an input (nil: not given).
type trust struct {
	fingerprint, ca *string
}

// checkTrust validates a fingerprint (normalised) and a CA bundle (certificates only).
func checkTrust(fingerprint, ca *string) (trust, error) {
	var out trust
	if fingerprint != nil {
		fp, err := routeros.NormaliseFingerprint(*fingerprint)
		if err != nil {
			return out, domain.Invalidf("apiTlsFingerprint", "%s", err.Error()).
				WithKey("router.fingerprintFormat", nil)
		}
		out.fingerprint = &fp
	}
	if ca != nil {
		pemText := strings.TrimSpace(*ca) + "\n"
		if _, err := routeros.ParseCACertificates(pemText); err != nil {
			return out, caRefusal(pemText, err)
		}
		out.ca = &pemText
	}
	return out, nil
}

// errPlainImplicit refuses an API login whose transport was not chosen.
func errPlainImplicit() error {
	return domain.Invalidf("apiTLS", "choose how to reach the router's API: apiTLS true (API-SSL, port 8729, its certificate verified) "+
		"or apiTLS false (plain API, port 8728: the password and commands cross the network unencrypted)").
		WithKey("router.apiTransport", nil)
}

// hasAPILogin reports whether n has a RouterOS API login (a user and a password), as the
// router service (nas) decides whether to use the API.
func hasAPILogin(n *ent.Nas) bool {
	return nonEmpty(n.APIUser) && n.APIPasswordEnc != nil && *n.APIPasswordEnc != ""
}

// APIPlain reports whether the router talks the plain API with a login (the dashboard warns).
func APIPlain(n *ent.Nas) bool { return hasAPILogin(n) && !n.APITLS }

// loginAfterUpdate reports whether the router has an API login once in is applied to old.
func loginAfterUpdate(old *ent.Nas, in UpdateInput) bool {
	user := nonEmpty(old.APIUser)
	if in.ClearAPIUser {
		user = false
	} else if in.APIUser != nil {
		user = nonEmpty(in.APIUser)
	}
	pw := old.APIPasswordEnc != nil && *old.APIPasswordEnc != ""
	if in.ClearAPIPassword {
		pw = false
	} else if in.APIPassword != nil {
		pw = true // stored as given
	}
	return user && pw
}

// caRefusal refuses a CA bundle routeros.ParseCACertificates refused (err): too large, or not
// only PEM CERTIFICATE blocks.
func caRefusal(pemText string, err error) error {
	if len(pemText) > routeros.MaxCABundle {
		return domain.Invalidf("apiCaCertificate", "%s", err.Error()).
			WithKey("router.caTooLarge", map[string]any{"maxKiB": routeros.MaxCABundle >> 10})
	}
	return domain.Invalidf("apiCaCertificate", "%s", err.Error()).WithKey("router.caInvalid", nil)
}
