// Package routerconfig is the service behind a router's configuration page: it makes the
// nas/routercfg Spec of a router from its record and the settings (instance_addresses, the
// interim interval, the expired page's target), writes the .rsc for RouterOS 6 or 7 (the
// version read over the API when the router answers, else chosen), and over the API lists the
// changes (dry run), applies them (audited), and checks the router (its health).
package routerconfig

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/routercfg"
	"github.com/linedesk/linedesk/nas/routeros"
)

// Decrypter reads the router's stored secret (secret.Box does).
type Decrypter interface {
	Decrypt(sealed string) (string, error)
}

// Expired gives the expired page's target and script lines (routers.Service does).
type Expired interface {
	ExpiredTarget(ctx context.Context, n *ent.Nas, publicURL string) (host, port, script string, err error)
}

// API gives a router's RouterOS API client (nas.Service does).
type API interface {
	APIClient(ctx context.Context, n *ent.Nas) (*routeros.Client, error)
}

// Service makes, applies and checks routers' configuration.
type Service struct {
	st      *store.Store
	box     Decrypter
	expired Expired
	api     API
}

// New returns the service.
func New(st *store.Store, box Decrypter, expired Expired, api API) *Service {
	return &Service{st: st, box: box, expired: expired, api: api}
}

// Script is a router's configuration as an .rsc.
type Script struct {
	Version  int
	Detected bool // the version was read from the router
	Text     string
}

// Script returns router nasID's configuration for version (nil: read from the router when it
// answers, else 7).
func (s *Service) Script(ctx context.Context, nasID int, version *int) (Script, error) {
	n, spec, err := s.spec(ctx, nasID)
	if err != nil {
		return Script{}, err
	}
	out := Script{Version: 7}
	if version != nil {
		if *version != 6 && *version != 7 {
			return Script{}, domain.Invalidf("version", "RouterOS 6 or 7").WithKey("router.osVersion", nil)
		}
		out.Version = *version
	} else if c, err := s.api.APIClient(ctx, n); err == nil {
		if v, err := routercfg.Version(ctx, c); err == nil {
			out.Version, out.Detected = v, true
		}
	}
	spec.Version = out.Version
	out.Text = routercfg.Script(spec)
	return out, nil
}

// DryRun lists the changes applying would make.
func (s *Service) DryRun(ctx context.Context, nasID int) ([]routercfg.Change, error) {
	_, c, spec, err := s.connect(ctx, nasID)
	if err != nil {
		return nil, err
	}
	changes, err := routercfg.Plan(ctx, c, spec)
	if err != nil {
		return nil, fmt.Errorf("reading the router's configuration: %w", err)
	}
	return changes, nil
}

// Apply makes the changes over the API and records them in the audit log; it returns the
// changes made (all of them, or those before the one the router refused, with its error).
func (s *Service) Apply(ctx context.Context, nasID int) ([]routercfg.Change, error) {
	n, c, spec, err := s.connect(ctx, nasID)
	if err != nil {
		return nil, err
	}
	changes, err := routercfg.Plan(ctx, c, spec)
	if err != nil {
		return nil, fmt.Errorf("reading the router's configuration: %w", err)
	}
	applied, applyErr := routercfg.Apply(ctx, c, changes)
	done := changes[:applied]
	lines := make([]string, 0, len(done))
	for _, ch := range done {
		lines = append(lines, ch.Describe())
	}
	if len(done) > 0 {
		if err := audit.Write(ctx, s.st.Client, "applyRouterConfig", "nas", n.ID, map[string]any{"changes": lines, "version": spec.Version}); err != nil {
			return done, err
		}
	}
	if applyErr != nil {
		return done, domain.Invalidf("nas", "the router refused a change: %s", applyErr.Error()).
			WithKey("router.changeRefused", map[string]any{"reason": applyErr.Error()})
	}
	return done, nil
}

// Check reads the router's configuration back and lists what differs from what linedesk needs.
func (s *Service) Check(ctx context.Context, nasID int) ([]routercfg.Difference, error) {
	_, c, spec, err := s.connect(ctx, nasID)
	if err != nil {
		return nil, err
	}
	d, err := routercfg.Check(ctx, c, spec)
	if err != nil {
		return nil, fmt.Errorf("reading the router's configuration: %w", err)
	}
	return d, nil
}

// connect returns the router, its API client and its spec for the version it runs.
func (s *Service) connect(ctx context.Context, nasID int) (*ent.Nas, *routeros.Client, routercfg.Spec, error) {
	n, spec, err := s.spec(ctx, nasID)
	if err != nil {
		return nil, nil, spec, err
	}
	if n.APIUser == nil || *n.APIUser == "" || n.APIPasswordEnc == nil || *n.APIPasswordEnc == "" {
		return nil, nil, spec, domain.Invalidf("nas", "the router has no RouterOS API login: copy the script instead, or add the login").
			WithKey("router.noApiLogin", nil)
	}
	c, err := s.api.APIClient(ctx, n)
	if err != nil {
		return nil, nil, spec, err
	}
	v, err := routercfg.Version(ctx, c)
	if err != nil {
		return nil, nil, spec, fmt.Errorf("reaching the router's API: %w", err)
	}
	spec.Version = v
	return n, c, spec, nil
}

// spec makes router nasID's Spec from its record and the settings.
func (s *Service) spec(ctx context.Context, nasID int) (*ent.Nas, routercfg.Spec, error) {
	c := store.Reader(ctx, s.st.Client)
	n, err := c.Nas.Get(ctx, nasID)
	if ent.IsNotFound(err) {
		return nil, routercfg.Spec{}, domain.NotFoundf("router %d not found", nasID).WithKey("router.notFound", nil)
	} else if err != nil {
		return nil, routercfg.Spec{}, fmt.Errorf("reading the router: %w", err)
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, routercfg.Spec{}, err
	}
	secret, err := s.box.Decrypt(n.SecretEnc)
	if err != nil {
		return nil, routercfg.Spec{}, fmt.Errorf("the router's secret cannot be read: %w", err)
	}
	host, port, script, err := s.expired.ExpiredTarget(ctx, n, v[settings.PublicURL])
	if err != nil {
		return nil, routercfg.Spec{}, err
	}
	spec := routercfg.Spec{Router: n.Name, Addresses: v.Addresses(settings.InstanceAddresses), Secret: secret,
		CoAPort: n.CoaPort, Interim: v.Seconds(settings.InterimInterval), RequireMessageAuth: n.RequireMessageAuthenticator,
		ExpiredHost: host, ExpiredPort: port, ExpiredScript: script}
	if err := spec.Validate(); err != nil {
		key := "router.noSecret"
		if len(spec.Addresses) == 0 {
			key = "router.addressUnknown"
		}
		return nil, spec, domain.Invalidf("nas", "%s", err.Error()).WithKey(key, nil)
	}
	return n, spec, nil
}
