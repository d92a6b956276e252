package staff

import (
	"context"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// SetOwnLanguage sets the dashboard language of the staff member making the request; nil or
// "" returns them to the installation's default_language. Any role may; an audit row records
// the change.
func (s *Service) SetOwnLanguage(ctx context.Context, lang *string) (*ent.Staff, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, auth.ErrUnauthenticated
	}
	if p.StaffID == nil {
		return nil, domain.Refusedf("this API token belongs to no staff member: sign in to choose a language").
			WithKey("language.noStaff", nil)
	}
	if lang != nil && *lang != "" && !settings.KnownLanguage(*lang) {
		return nil, domain.Invalidf("language", "language %q is not one linedesk ships (%s)", *lang, strings.Join(settings.Languages, ", ")).
			WithKey("language.unknown", map[string]any{"language": *lang})
	}
	var out *ent.Staff
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		up := c.Staff.UpdateOneID(*p.StaffID)
		if lang == nil || *lang == "" {
			up.ClearLanguage()
		} else {
			up.SetLanguage(*lang)
		}
		m, err := up.Save(ctx)
		if err != nil {
			return fmt.Errorf("setting language: %w", err)
		}
		out = m
		return audit.Write(ctx, c, "setOwnLanguage", "staff", m.ID, map[string]any{"language": m.Language})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}
