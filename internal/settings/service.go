package settings

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/egress"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// Service lists and changes the settings for the API: a batch is checked whole (delivery
// addresses against allow_private_targets, resolved outside the transaction), written in
// one transaction with its audit row, and SettingChanged is published after the commit.
type Service struct {
	st  *store.Store
	enc Encrypter
	pub events.Publisher
	// Resolver resolves delivery hosts when a batch is checked (net.DefaultResolver).
	Resolver egress.Resolver

	mu       sync.Mutex
	region   string
	regionAt time.Time
}

// regionTTL is how long PhoneRegion's cached value serves (a change made by this process
// clears it at once; other processes' changes show within regionTTL).
const regionTTL = 5 * time.Second

// NewService returns the service over st; secret values are encrypted with enc and pub (may
// be nil) gets SettingChanged after each commit.
func NewService(st *store.Store, enc Encrypter, pub events.Publisher) *Service {
	return &Service{st: st, enc: enc, pub: pub, Resolver: net.DefaultResolver}
}

// Entry is one setting as the API lists it (GraphQL's SettingValue): Value is nil for a
// secret setting, which is write-only.
type Entry struct {
	Key         string
	Value       *string
	Description string
	Secret      bool
	// IsSet: a value other than the default is stored (for secrets: a value is stored).
	IsSet bool
	// Group is the section the setting belongs to (GroupOf).
	Group string
}

// Locale is the display settings every staff member reads (GraphQL's Locale).
type Locale struct {
	Currency    string
	TimeZone    string
	PhoneRegion string
	Language    string // default_language
}

// List returns every setting in the order of Definitions; secret values are never shown.
func (s *Service) List(ctx context.Context) ([]*Entry, error) {
	rows, err := store.Reader(ctx, s.st.Client).Setting.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	stored := map[string]string{}
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	out := make([]*Entry, 0, len(Definitions))
	for _, d := range Definitions {
		v, ok := stored[d.Key]
		e := &Entry{Key: d.Key, Description: d.Description, Secret: d.Secret, Group: GroupOf(d.Key)}
		if d.Secret {
			e.IsSet = ok && v != ""
		} else {
			if !ok {
				v = d.Default
			}
			e.Value, e.IsSet = &v, ok && v != d.Default
		}
		out = append(out, e)
	}
	return out, nil
}

// Update checks the whole batch first (delivery addresses resolved and checked against the
// allow_private_targets the batch leaves in force, before the transaction opens: a DNS
// lookup must not hold it), then writes it with its audit row (see Apply: secrets encrypted,
// the SMTP password cleared when the address changes without it). It returns every setting.
func (s *Service) Update(ctx context.Context, input []*Change) ([]*Entry, error) {
	batch := make([]Change, 0, len(input))
	for _, in := range input {
		if _, ok := Lookup(in.Key); !ok {
			return nil, domain.Invalidf("key", "unknown setting %s", quote(in.Key)).
				WithKey("settings.unknown", map[string]any{"key": quote(in.Key)})
		}
		batch = append(batch, *in)
	}
	stored, err := Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return nil, err
	}
	if err := asRefusal(CheckBatch(ctx, s.Resolver, stored, batch)); err != nil {
		return nil, err
	}
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		changes, err := Apply(ctx, c, s.enc, batch)
		if err := asRefusal(err); err != nil {
			return err
		}
		if err := audit.Write(ctx, c, "updateSettings", "setting", 0, changes); err != nil {
			return err
		}
		store.AfterCommit(ctx, func(context.Context) {
			s.forgetRegion()
			if s.pub != nil {
				s.pub.Publish(events.Event{Kind: events.SettingChanged})
			}
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.List(ctx)
}

// Locale returns the currency, time zone and phone region.
func (s *Service) Locale(ctx context.Context) (*Locale, error) {
	v, err := Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return nil, err
	}
	return &Locale{Currency: v[Currency], TimeZone: v[TimeZone], PhoneRegion: v[PhoneRegion], Language: v.Language(nil)}, nil
}

// PhoneRegion returns the phone_region setting, cached for regionTTL (searches read it on
// every request).
func (s *Service) PhoneRegion(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.regionAt.After(time.Now().Add(-regionTTL)) {
		v := s.region
		s.mu.Unlock()
		return v, nil
	}
	s.mu.Unlock()
	v, err := Load(ctx, s.st.Client)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.region, s.regionAt = v[PhoneRegion], time.Now()
	s.mu.Unlock()
	return v[PhoneRegion], nil
}

func (s *Service) forgetRegion() {
	s.mu.Lock()
	s.regionAt = time.Time{}
	s.mu.Unlock()
}

// asRefusal maps a refused value to a refusal of that setting's key.
func asRefusal(err error) error {
	var in *InputError
	if errors.As(err, &in) {
		var ve *valueError
		if errors.As(err, &ve) {
			params := map[string]any{"key": in.Key}
			for k, v := range ve.params {
				params[k] = v
			}
			return domain.Invalidf(in.Key, "%s", in.Error()).Because(err).WithKey(ve.key, params)
		}
		return domain.Invalidf(in.Key, "%s", in.Error()).Because(err).
			WithKey("settings.invalid", map[string]any{"key": in.Key, "reason": in.Reason})
	}
	return err
}

// quote shows a key in a refusal: quoted, and cut after 40 characters.
func quote(v string) string {
	const max = 40
	if r := []rune(v); len(r) > max {
		return strconv.Quote(string(r[:max])) + "…"
	}
	return strconv.Quote(v)
}

// Values reads every setting, stored or default (secrets as stored: encrypted).
func (s *Service) Values(ctx context.Context) (Values, error) { return Load(ctx, s.st.Client) }
