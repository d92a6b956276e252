// Package routers is the service of the NAS records (the MikroTik routers linedesk serves):
// name, RADIUS address and shared secret, CoA port, how sessions are disconnected, and the
// RouterOS API login with how its certificate is trusted. Secrets are encrypted before they
// are stored and never returned. Each change is one transaction with its audit row;
// NasChanged is published after the commit.
package routers

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/patch"
	"github.com/linedesk/linedesk/internal/store"
)

// Encrypter encrypts the shared secret and the API password (secret.Box does).
type Encrypter interface {
	Encrypt(plain string) (string, error)
}

// StatsFunc returns a router's RADIUS requests and rejects in the last hour (the RADIUS
// server's counters).
type StatsFunc func(nasID int) (requests1h, rejects1h int)

// Service creates, changes and deletes NAS records.
type Service struct {
	st    *store.Store
	box   Encrypter
	pub   events.Publisher
	stats StatsFunc
	// listen is linedesk's HTTP listen address (WithListenAddr).
	listen string
}

// New returns the service over st; pub (may be nil) gets NasChanged after each commit and
// stats (may be nil) answers the request and reject counts.
func New(st *store.Store, box Encrypter, pub events.Publisher, stats StatsFunc) *Service {
	return &Service{st: st, box: box, pub: pub, stats: stats}
}

// CreateInput is a new router (GraphQL's CreateNasInput).
type CreateInput struct {
	Name                        string
	IPAddress                   string
	Secret                      string
	CoaPort                     *int
	RequireMessageAuthenticator *bool
	APIAddress                  *string
	APIUser                     *string
	APIPassword                 *string
	APITLS                      *bool
	APITLSFingerprint           *string
	APICaCertificate            *string
	DisconnectMethod            *entnas.DisconnectMethod
}

// UpdateInput changes a router (GraphQL's UpdateNasInput): a nil field stays as it is; a
// Clear flag empties its field. Secret and APIPassword replace the stored ones when given.
type UpdateInput struct {
	Name                        *string
	IPAddress                   *string
	Secret                      *string
	CoaPort                     *int
	RequireMessageAuthenticator *bool
	APIAddress                  *string
	ClearAPIAddress             bool
	APIUser                     *string
	ClearAPIUser                bool
	APIPassword                 *string
	ClearAPIPassword            bool
	APITLS                      *bool
	APITLSFingerprint           *string
	ClearAPITLSFingerprint      bool
	APICaCertificate            *string
	ClearAPICaCertificate       bool
	DisconnectMethod            *entnas.DisconnectMethod
}

// Create validates in, encrypts its secrets and stores a new router.
func (s *Service) Create(ctx context.Context, in CreateInput) (*ent.Nas, error) {
	v, err := s.checkCreate(in)
	if err != nil {
		return nil, err
	}
	var n *ent.Nas
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		var err error
		n, err = c.Nas.Create().SetName(v.name).SetIPAddress(v.ip).SetSecretEnc(v.secretEnc).
			SetNillableCoaPort(in.CoaPort).SetNillableRequireMessageAuthenticator(in.RequireMessageAuthenticator).
			SetNillableAPIAddress(v.apiAddress).SetNillableAPIUser(trimmed(in.APIUser)).
			SetNillableAPIPasswordEnc(v.apiPasswordEnc).SetNillableAPITLS(in.APITLS).
			SetNillableDisconnectMethod(in.DisconnectMethod).
			SetNillableAPITLSFingerprint(v.trust.fingerprint).SetNillableAPICaCertificate(v.trust.ca).Save(ctx)
		if err != nil {
			return err
		}
		err = audit.Write(ctx, c, "createNas", "nas", n.ID, map[string]any{"name": n.Name, "ipAddress": n.IPAddress,
			"secret": true, "apiTLS": n.APITLS, "apiTlsFingerprint": n.APITLSFingerprint, "apiCaCertificate": n.APICaCertificate != nil})
		if err != nil {
			return err
		}
		s.changed(ctx, n.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Update validates in, encrypts the secrets it replaces and applies it to router id.
func (s *Service) Update(ctx context.Context, id int, in UpdateInput) (*ent.Nas, error) {
	var n *ent.Nas
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		old, err := c.Nas.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("router").Because(err).WithKey("router.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading router: %w", err)
		}
		v, err := s.checkUpdate(old, in)
		if err != nil {
			return err
		}
		up := c.Nas.UpdateOneID(id)
		applyUpdate(up, v, in)
		changed := patch.Changed(up.Mutation())
		changes := auditChanges(changed, up.Mutation())
		if n, err = up.Save(ctx); err != nil {
			return err
		}
		if err := audit.Write(ctx, c, "updateNas", "nas", id, changes); err != nil {
			return err
		}
		s.changed(ctx, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// applyUpdate puts the checked values v and the plain fields of in on up.
func applyUpdate(up *ent.NasUpdateOne, v updateValues, in UpdateInput) {
	patch.Set(v.name, up.SetName)
	patch.Set(v.ip, up.SetIPAddress)
	patch.Set(v.secretEnc, up.SetSecretEnc)
	patch.Set(in.CoaPort, up.SetCoaPort)
	patch.Set(in.RequireMessageAuthenticator, up.SetRequireMessageAuthenticator)
	patch.Set(in.APITLS, up.SetAPITLS)
	patch.Set(in.DisconnectMethod, up.SetDisconnectMethod)
	patch.SetOrClear(v.apiAddress, v.clearAPIAddress, up.SetAPIAddress, up.ClearAPIAddress)
	patch.SetOrClear(trimmed(in.APIUser), in.ClearAPIUser, up.SetAPIUser, up.ClearAPIUser)
	patch.SetOrClear(v.apiPasswordEnc, in.ClearAPIPassword, up.SetAPIPasswordEnc, up.ClearAPIPasswordEnc)
	patch.SetOrClear(v.trust.fingerprint, in.ClearAPITLSFingerprint, up.SetAPITLSFingerprint, up.ClearAPITLSFingerprint)
	patch.SetOrClear(v.trust.ca, in.ClearAPICaCertificate, up.SetAPICaCertificate, up.ClearAPICaCertificate)
}

// auditChanges is updateNas's audit: the changed fields, with the pinned fingerprint's value
// (public; the CA bundle is only marked changed).
func auditChanges(changed []string, m *ent.NasMutation) map[string]any {
	out := audit.Fields(changed)
	if fp, ok := m.APITLSFingerprint(); ok {
		out[entnas.FieldAPITLSFingerprint] = fp
	} else if m.APITLSFingerprintCleared() {
		out[entnas.FieldAPITLSFingerprint] = "(cleared)"
	}
	return out
}

// Delete removes router id unless sessions on record name it; its authentication events
// keep their rows without the router.
func (s *Service) Delete(ctx context.Context, id int) (int, error) {
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.Nas.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("router").Because(err).WithKey("router.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading router: %w", err)
		}
		k, err := c.Session.Query().Where(session.NasID(id)).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting the router's sessions: %w", err)
		}
		if k > 0 {
			return domain.Invalidf("id", "router %q has %d sessions on record; it cannot be deleted (change its address or secret instead)", n.Name, k).
				WithKey("router.hasSessions", map[string]any{"name": n.Name, "count": k})
		}
		if _, err := c.AuthEvent.Update().Where(authevent.NasID(id)).ClearNasID().Save(ctx); err != nil {
			return fmt.Errorf("detaching authentication events: %w", err)
		}
		if err := c.Nas.DeleteOneID(id).Exec(ctx); err != nil {
			return fmt.Errorf("deleting router: %w", err)
		}
		if err := audit.Write(ctx, c, "deleteNas", "nas", id, map[string]any{"name": n.Name}); err != nil {
			return err
		}
		s.changed(ctx, id)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// ActiveSessions is the number of open sessions on router id.
func (s *Service) ActiveSessions(ctx context.Context, id int) (int, error) {
	n, err := store.Reader(ctx, s.st.Client).Session.Query().Where(session.NasID(id), session.Open(true)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting the router's open sessions: %w", err)
	}
	return n, nil
}

// RequestsLastHour is the number of RADIUS requests from router id in the last hour, nil
// when this process runs no RADIUS server.
func (s *Service) RequestsLastHour(id int) *int {
	if s.stats == nil {
		return nil
	}
	n, _ := s.stats(id)
	return &n
}

// RejectsLastHour is the number of Access-Rejects sent to router id in the last hour, nil
// when this process runs no RADIUS server.
func (s *Service) RejectsLastHour(id int) *int {
	if s.stats == nil {
		return nil
	}
	_, n := s.stats(id)
	return &n
}

// changed publishes NasChanged for id after the commit.
func (s *Service) changed(ctx context.Context, id int) {
	if s.pub == nil {
		return
	}
	store.AfterCommit(ctx, func(context.Context) {
		s.pub.Publish(events.Event{Kind: events.NasChanged, NasID: id})
	})
}
