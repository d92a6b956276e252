package nas

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/routeros"
)

// How routers' API-SSL certificates are trusted, and how API health is recorded.
//
// A router with api_tls talks API-SSL and its certificate is verified before the login is
// sent (nas/routeros): against api_ca_certificate when set, against api_tls_fingerprint when
// set (both when both are). With neither, the first contact that completes the handshake and
// the login pins the certificate it saw: api_tls_fingerprint is set only while it is still
// empty (so two instances contacting the router at once agree on one pin), with an audit row
// by "system"; the pin is shown on the router's page and only an admin may change or clear
// it (updateNas, audited). Each contact's failure is recorded in api_error for the dashboard.

// PinAction is the audit action of a certificate pinned on first contact.
const PinAction = "pinNasCertificate"

// apiAddress is where the router's API listens (its RADIUS address unless given).
func apiAddress(n *ent.Nas) string {
	if n.APIAddress != nil && *n.APIAddress != "" {
		return *n.APIAddress
	}
	return n.IPAddress
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// connKey identifies the settings an API connection was made with, the pin aside.
func connKey(n *ent.Nas) string {
	ca := ""
	if n.APICaCertificate != nil {
		sum := sha256.Sum256([]byte(*n.APICaCertificate))
		ca = hex.EncodeToString(sum[:8])
	}
	return fmt.Sprintf("%s|%s|%s|%v|%s", apiAddress(n), deref(n.APIUser), deref(n.APIPasswordEnc), n.APITLS, ca)
}

// clientConfig is the RouterOS API client's configuration for n.
func (s *Service) clientConfig(n *ent.Nas) (routeros.Config, error) {
	pw, err := s.box.Decrypt(*n.APIPasswordEnc)
	if err != nil {
		return routeros.Config{}, fmt.Errorf("the router's API password cannot be read: %w", err)
	}
	cfg := routeros.Config{Address: apiAddress(n), User: *n.APIUser, Password: pw, TLS: n.APITLS,
		Fingerprint: deref(n.APITLSFingerprint), DialTimeout: s.APIDialTimeout, IOTimeout: s.APIIOTimeout}
	if n.APICaCertificate != nil && *n.APICaCertificate != "" {
		pool, err := routeros.ParseCACertificates(*n.APICaCertificate)
		if err != nil {
			return routeros.Config{}, fmt.Errorf("the router's CA certificates cannot be read: %w", err)
		}
		cfg.CACertificates = pool
	}
	id, addr := n.ID, cfg.Address
	cfg.TrustOnFirstUse = func(ctx context.Context, seen string) (string, error) {
		return s.pinOnFirstUse(ctx, id, addr, seen)
	}
	return cfg, nil
}

// router returns the API client for n, made or replaced when its settings changed.
func (s *Service) router(ctx context.Context, n *ent.Nas) (*routeros.Client, error) {
	if !hasAPI(n) {
		return nil, ErrNoAPI
	}
	key, pin := connKey(n), deref(n.APITLSFingerprint)
	s.mu.Lock()
	e := s.routers[n.ID]
	s.mu.Unlock()
	if e != nil && e.key == key {
		learnt := e.client.Pinned()
		// n may have been read before this client pinned the certificate: the database says.
		if learnt == pin || (pin == "" && learnt != "" && s.storedPin(ctx, n.ID) == learnt) {
			return e.client, nil
		}
	}
	cfg, err := s.clientConfig(n)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.routers[n.ID]; cur != nil {
		if cur != e && cur.key == key && cur.client.Pinned() == pin {
			return cur.client, nil // made meanwhile
		}
		_ = cur.client.Close()
	}
	c := routeros.New(cfg)
	s.routers[n.ID] = &apiEntry{key: key, client: c}
	return c, nil
}

func (s *Service) storedPin(ctx context.Context, id int) string {
	n, err := s.st.Client.Nas.Query().Where(entnas.ID(id)).Select(entnas.FieldAPITLSFingerprint).Only(ctx)
	if err != nil {
		return ""
	}
	return deref(n.APITLSFingerprint)
}

// errPinVanished means the router's record was deleted while its certificate was pinned.
var errPinVanished = errors.New("the router's record is gone")

// pinOnFirstUse records seen as the router's pin unless one is recorded already, and returns
// the recorded pin. The update is conditional, so concurrent first contacts (several
// instances) record one pin; the one that recorded it writes the audit row.
func (s *Service) pinOnFirstUse(ctx context.Context, id int, addr, seen string) (string, error) {
	pinned := false
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		k, err := tx.Nas.Update().Where(entnas.ID(id), entnas.APITLSFingerprintIsNil()).
			SetAPITLSFingerprint(seen).Save(ctx)
		if err != nil || k == 0 {
			return err
		}
		pinned = true
		return audit.Record(ctx, tx, audit.Entry{Actor: "system", Action: PinAction, TargetType: "nas", TargetID: id,
			Changes: map[string]any{"api_tls_fingerprint": seen, "api_address": addr, "reason": "trusted on first use"}})
	})
	if err != nil {
		return "", fmt.Errorf("nas: pinning the certificate of router %d: %w", id, err)
	}
	if pinned {
		s.log.Info("nas: pinned the router's API certificate on first use", "nas", id, "address", addr, "fingerprint", seen)
		s.publish(events.Event{Kind: events.NasChanged, NasID: id})
		return seen, nil
	}
	if cur := s.storedPin(ctx, id); cur != "" {
		return cur, nil
	}
	return "", errPinVanished
}

// maxAPIError bounds the recorded reason (the column holds 500 characters).
const maxAPIError = 480

// setAPIHealth records whether the router's API answered and, when not, why; it reports
// whether anything changed.
func (s *Service) setAPIHealth(ctx context.Context, n *ent.Nas, ok bool, cause error) bool {
	msg := ""
	if !ok {
		msg = "the RouterOS API did not answer"
		if cause != nil {
			msg = cause.Error()
		}
		if len(msg) > maxAPIError {
			msg = msg[:maxAPIError]
			for !utf8.ValidString(msg) {
				msg = msg[:len(msg)-1]
			}
			msg += "…"
		}
	}
	if n.APIReachable != nil && *n.APIReachable == ok && deref(n.APIError) == msg {
		return false
	}
	up := s.st.Client.Nas.UpdateOneID(n.ID).SetAPIReachable(ok)
	if msg == "" {
		up.ClearAPIError()
	} else {
		up.SetAPIError(msg)
	}
	if err := up.Exec(ctx); err != nil {
		s.log.Warn("nas: recording API health", "nas", n.ID, "err", err)
		return false
	}
	n.APIReachable = &ok
	n.APIError = nil
	if msg != "" {
		n.APIError = &msg
	}
	s.publish(events.Event{Kind: events.NasChanged, NasID: n.ID})
	return true
}

// checkOne asks one router whether its API answers and records the result.
func (s *Service) checkOne(ctx context.Context, n *ent.Nas) {
	s.mu.Lock()
	s.checked[n.ID] = checkKey(n)
	s.mu.Unlock()
	c, err := s.router(ctx, n)
	if err != nil {
		s.setAPIHealth(ctx, n, false, err)
		return
	}
	pctx, cancel := context.WithTimeout(ctx, s.APIDialTimeout+s.APIIOTimeout)
	err = c.Ping(pctx)
	cancel()
	changed := s.setAPIHealth(ctx, n, err == nil, err)
	switch {
	case err != nil && changed:
		s.log.Warn("nas: RouterOS API not answering", "nas", n.Name, "err", err)
	case err == nil && changed:
		s.log.Info("nas: RouterOS API answering", "nas", n.Name)
	}
}

func checkKey(n *ent.Nas) string { return connKey(n) + "|" + deref(n.APITLSFingerprint) }

// checkChanged checks a router's API as soon as its connection settings change (an admin
// saved it, here or on another instance), so that a new router's certificate is pinned, and
// a problem shown, within seconds rather than at the next health check.
func (s *Service) checkChanged(ctx context.Context, id int) {
	n, err := s.st.Client.Nas.Get(ctx, id)
	if err != nil || !hasAPI(n) {
		return
	}
	s.mu.Lock()
	same := s.checked[id] == checkKey(n)
	s.mu.Unlock()
	if !same {
		s.checkOne(ctx, n)
	}
}
