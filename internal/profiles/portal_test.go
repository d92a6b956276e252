package profiles

import (
	"context"
	"testing"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPortalVisible: a profile is not offered in the portal unless created so; an update sets
// and unsets the flag, leaves it alone when not given, and the audit row names the field.
func TestPortalVisible(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, nil)
		ctx := context.Background()
		hidden, err := s.Create(ctx, home())
		if err != nil {
			t.Fatal(err)
		}
		in := home()
		in.Name, in.PortalVisible = "Offered", ptr(true)
		offered, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if hidden.PortalVisible || !offered.PortalVisible {
			t.Fatalf("created: hidden %v, offered %v", hidden.PortalVisible, offered.PortalVisible)
		}
		steps := []struct {
			name string
			in   UpdateInput
			want bool
		}{
			{"set", UpdateInput{PortalVisible: ptr(true)}, true},
			{"left alone", UpdateInput{Price: ptr[int64](1)}, true},
			{"unset", UpdateInput{PortalVisible: ptr(false)}, false},
		}
		for _, step := range steps {
			p, err := s.Update(ctx, hidden.ID, step.in)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			stored := st.Client.Profile.GetX(ctx, hidden.ID)
			if p.PortalVisible != step.want || stored.PortalVisible != step.want {
				t.Fatalf("%s: returned %v, stored %v, want %v", step.name, p.PortalVisible, stored.PortalVisible, step.want)
			}
		}
		rows := st.Client.AuditLog.Query().Where(auditlog.Action("updateProfile"), auditlog.ChangesContains("portal_visible")).CountX(ctx)
		if rows != 2 {
			t.Fatalf("%d updateProfile rows name portal_visible, want 2", rows)
		}
	})
}
