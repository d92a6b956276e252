package routers

import (
	"fmt"
	"net"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
)

// createValues are a CreateInput's checked and encrypted values.
type createValues struct {
	name, ip, secretEnc        string
	apiAddress, apiPasswordEnc *string
	trust                      trust
}

// checkCreate validates in and encrypts its secrets.
func (s *Service) checkCreate(in CreateInput) (createValues, error) {
	var v createValues
	name, err := checkName(&in.Name)
	if err != nil {
		return v, err
	}
	v.name = *name
	if v.ip, err = checkIP("ipAddress", in.IPAddress); err != nil {
		return v, err
	}
	if err := checkSecret("secret", in.Secret); err != nil {
		return v, err
	}
	if nonEmpty(in.APIAddress) {
		a, err := checkAPIAddress("apiAddress", *in.APIAddress)
		if err != nil {
			return v, err
		}
		v.apiAddress = &a
	}
	if v.trust, err = checkTrust(in.APITLSFingerprint, in.APICaCertificate); err != nil {
		return v, err
	}
	if nonEmpty(in.APIUser) && in.APIPassword != nil && *in.APIPassword != "" && in.APITLS == nil {
		return v, errPlainImplicit()
	}
	if v.secretEnc, err = s.encrypt("secret", in.Secret); err != nil {
		return v, err
	}
	if in.APIPassword != nil && *in.APIPassword != "" {
		if v.apiPasswordEnc, err = s.checkAPIPassword(in.APIPassword); err != nil {
			return v, err
		}
	}
	return v, nil
}

// updateValues are an UpdateInput's checked and encrypted values (nil: not given).
type updateValues struct {
	name, ip, secretEnc        *string
	apiAddress, apiPasswordEnc *string
	clearAPIAddress            bool
	trust                      trust
}

// checkUpdate validates in against the router as stored (old) and encrypts the secrets it
// replaces.
func (s *Service) checkUpdate(old *ent.Nas, in UpdateInput) (updateValues, error) {
	var v updateValues
	var err error
	if v.trust, err = checkTrust(in.APITLSFingerprint, in.APICaCertificate); err != nil {
		return v, err
	}
	gains := !hasAPILogin(old) && loginAfterUpdate(old, in)
	if gains && in.APITLS == nil && !old.APITLS {
		return v, errPlainImplicit()
	}
	if v.name, err = checkName(in.Name); err != nil {
		return v, err
	}
	if in.IPAddress != nil {
		ip, err := checkIP("ipAddress", *in.IPAddress)
		if err != nil {
			return v, err
		}
		v.ip = &ip
	}
	if in.Secret != nil {
		if err := checkSecret("secret", *in.Secret); err != nil {
			return v, err
		}
		enc, err := s.encrypt("secret", *in.Secret)
		if err != nil {
			return v, err
		}
		v.secretEnc = &enc
	}
	v.clearAPIAddress = in.ClearAPIAddress || (in.APIAddress != nil && !nonEmpty(in.APIAddress))
	if !v.clearAPIAddress && in.APIAddress != nil {
		a, err := checkAPIAddress("apiAddress", *in.APIAddress)
		if err != nil {
			return v, err
		}
		v.apiAddress = &a
	}
	if !in.ClearAPIPassword && in.APIPassword != nil {
		if v.apiPasswordEnc, err = s.checkAPIPassword(in.APIPassword); err != nil {
			return v, err
		}
	}
	return v, nil
}

// checkName returns the trimmed name (nil when none is given) or refuses an empty one.
func checkName(name *string) (*string, error) {
	if name == nil {
		return nil, nil
	}
	n := strings.TrimSpace(*name)
	if n == "" {
		return nil, domain.Invalidf("name", "a router needs a name").WithKey("router.nameRequired", nil)
	}
	return &n, nil
}

// checkIP reads an IP address and returns it in its canonical form.
func checkIP(field, v string) (string, error) {
	ip := net.ParseIP(strings.TrimSpace(v))
	if ip == nil {
		return "", domain.Invalidf(field, "%s is not an IP address", quote(v)).
			WithKey("customer.ipInvalid", map[string]any{"value": quote(v)})
	}
	return ip.String(), nil
}

// checkSecret refuses a RADIUS shared secret shorter than 8 or longer than 128 characters.
func checkSecret(field, v string) error {
	if len(v) < 8 || len(v) > 128 {
		return domain.Invalidf(field, "must be 8 to 128 characters").
			WithKey("input.length", map[string]any{"field": field, "min": 8, "max": 128})
	}
	return nil
}

// checkAPIPassword refuses an API password longer than 128 characters and encrypts it.
func (s *Service) checkAPIPassword(pw *string) (*string, error) {
	if len(*pw) > 128 {
		return nil, domain.Invalidf("apiPassword", "must be at most 128 characters").
			WithKey("input.tooLong", map[string]any{"field": "apiPassword", "max": 128})
	}
	enc, err := s.encrypt("API password", *pw)
	if err != nil {
		return nil, err
	}
	return &enc, nil
}

func (s *Service) encrypt(what, plain string) (string, error) {
	enc, err := s.box.Encrypt(plain)
	if err != nil {
		return "", fmt.Errorf("encrypting %s: %w", what, err)
	}
	return enc, nil
}

// quote shows a value in a refusal: quoted, and cut after 40 characters.
func quote(v string) string {
	const max = 40
	if r := []rune(v); len(r) > max {
		return fmt.Sprintf("%q…", string(r[:max]))
	}
	return fmt.Sprintf("%q", v)
}

func nonEmpty(p *string) bool { return p != nil && strings.TrimSpace(*p) != "" }

// trimmed returns *p without surrounding space, or nil.
func trimmed(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}
