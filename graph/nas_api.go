package graph

import (
	"net"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/nas/routeros"
)

// The RouterOS API settings of createNas and updateNas: the API address, how the router's
// API-SSL certificate is trusted (nas/routeros, nas/trust.go), and the rule that the plain
// API is an explicit choice.

// maxAPIAddress is the length of the api_address column.
const maxAPIAddress = 100

// checkAPIAddress reads a RouterOS API address: host or host:port, the host an IP address
// or a fully qualified DNS name (single-label names depend on the resolver's search list and
// are refused), the port 1–65535. IPv6 addresses with a port are written [::1]:8729.
func checkAPIAddress(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) > maxAPIAddress {
		return "", badInput(field, "must be at most 100 characters")
	}
	host, port, withPort := v, "", false
	if h, p, err := net.SplitHostPort(v); err == nil {
		host, port, withPort = h, p, true
	} else if strings.Count(v, ":") == 1 || strings.HasPrefix(v, "[") {
		return "", badInput(field, "not an address: give host or host:port, e.g. 192.0.2.1:8729 or router1.example.net")
	}
	if withPort {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return "", badInput(field, "the port must be a number from 1 to 65535")
		}
	}
	if net.ParseIP(host) == nil && !isDNSName(host) {
		return "", badInput(field, "the host must be an IP address or a fully qualified DNS name (e.g. router1.example.net)")
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

// nasAPITrust is the validated certificate settings of an input.
type nasAPITrust struct {
	fingerprint, ca *string
}

// checkNasAPITrust validates a fingerprint (normalised) and a CA bundle (certificates only).
func checkNasAPITrust(fingerprint, ca *string) (nasAPITrust, error) {
	var out nasAPITrust
	if fingerprint != nil {
		fp, err := routeros.NormaliseFingerprint(*fingerprint)
		if err != nil {
			return out, badInput("apiTlsFingerprint", err.Error())
		}
		out.fingerprint = &fp
	}
	if ca != nil {
		pemText := strings.TrimSpace(*ca) + "\n"
		if _, err := routeros.ParseCACertificates(pemText); err != nil {
			return out, badInput("apiCaCertificate", err.Error())
		}
		out.ca = &pemText
	}
	return out, nil
}

// errPlainImplicit refuses an API login whose transport was not chosen.
func errPlainImplicit() error {
	return badInput("apiTLS", "choose how to reach the router's API: apiTLS true (API-SSL, port 8729, its certificate verified) "+
		"or apiTLS false (plain API, port 8728: the password and commands cross the network unencrypted)")
}

func nonEmpty(p *string) bool { return p != nil && strings.TrimSpace(*p) != "" }

// hasAPILogin is nas.hasAPI: a user and a password.
func hasAPILogin(n *ent.Nas) bool {
	return nonEmpty(n.APIUser) && n.APIPasswordEnc != nil && *n.APIPasswordEnc != ""
}

// apiPlain reports whether the router talks the plain API with a login (the dashboard warns).
func apiPlain(n *ent.Nas) bool { return hasAPILogin(n) && !n.APITLS }

// loginAfterUpdate reports whether the router has an API login once in is applied to old.
func loginAfterUpdate(old *ent.Nas, apiUser, apiPassword *string, clearUser, clearPassword bool) bool {
	user := nonEmpty(old.APIUser)
	if clearUser {
		user = false
	} else if apiUser != nil {
		user = nonEmpty(apiUser)
	}
	pw := old.APIPasswordEnc != nil && *old.APIPasswordEnc != ""
	if clearPassword {
		pw = false
	} else if apiPassword != nil {
		pw = true // stored as given
	}
	return user && pw
}

// updateNasAPITrust applies updateNas's certificate settings and the plain-API rule.
func updateNasAPITrust(up *ent.NasUpdateOne, old *ent.Nas, in model.UpdateNasInput) error {
	is := func(b *bool) bool { return b != nil && *b }
	trust, err := checkNasAPITrust(in.APITLSFingerprint, in.APICaCertificate)
	if err != nil {
		return err
	}
	if is(in.ClearAPITLSFingerprint) {
		up.ClearAPITLSFingerprint()
	} else if trust.fingerprint != nil {
		up.SetAPITLSFingerprint(*trust.fingerprint)
	}
	if is(in.ClearAPICaCertificate) {
		up.ClearAPICaCertificate()
	} else if trust.ca != nil {
		up.SetAPICaCertificate(*trust.ca)
	}
	gains := !hasAPILogin(old) && loginAfterUpdate(old, in.APIUser, in.APIPassword, is(in.ClearAPIUser), is(in.ClearAPIPassword))
	if gains && in.APITLS == nil && !old.APITLS {
		return errPlainImplicit()
	}
	return nil
}

// nasChanges is updateNas's audit: the changed fields, with the pinned fingerprint's value
// (public; the CA bundle is only marked changed).
func nasChanges(changed []string, m *ent.NasMutation) map[string]any {
	out := audit.Fields(changed)
	if fp, ok := m.APITLSFingerprint(); ok {
		out[entnas.FieldAPITLSFingerprint] = fp
	} else if m.APITLSFingerprintCleared() {
		out[entnas.FieldAPITLSFingerprint] = "(cleared)"
	}
	return out
}
