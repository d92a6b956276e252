package graph

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestEndPortalSessionsResolver: operators end a customer's portal sign-ins (the count comes
// back, the tokens are revoked, the audit row names the staff member); viewers are refused;
// portalLastUsedAt reads the customer's column; on both databases.
func TestEndPortalSessionsResolver(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			ctx := context.Background()
			c := e.customer("jane.doe", "0712345678", e.profile("Home", 30, nil))
			id := atoi(t, c.ID)
			const q = `query($id:ID!){ customer(id:$id){ portalLastUsedAt } }`
			var got struct {
				Customer struct{ PortalLastUsedAt *time.Time }
			}
			e.ok(&got, e.viewer, q, "id", c.ID)
			if got.Customer.PortalLastUsedAt != nil {
				t.Fatalf("never used, but portalLastUsedAt = %v", got.Customer.PortalLastUsedAt)
			}
			used := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second)
			e.st.Client.Customer.UpdateOneID(id).SetPortalLastUsedAt(used).ExecX(ctx)
			e.ok(&got, e.viewer, q, "id", c.ID)
			if got.Customer.PortalLastUsedAt == nil || !got.Customer.PortalLastUsedAt.Equal(used) {
				t.Fatalf("portalLastUsedAt = %v, want %v", got.Customer.PortalLastUsedAt, used)
			}
			for _, h := range []string{"a", "b"} {
				e.st.Client.PortalToken.Create().SetCustomerID(id).SetTokenHash(h).SetExpiresAt(time.Now().Add(time.Hour)).ExecX(ctx)
			}
			const m = `mutation($id:ID!){ endPortalSessions(customerID:$id) }`
			e.fails("FORBIDDEN", e.viewer, m, "id", c.ID)
			var out struct{ EndPortalSessions int }
			e.ok(&out, e.op, m, "id", c.ID)
			if out.EndPortalSessions != 2 {
				t.Fatalf("ended %d, want 2", out.EndPortalSessions)
			}
			if n := e.st.Client.PortalToken.Query().Where(portaltoken.RevokedAtIsNil()).CountX(ctx); n != 0 {
				t.Fatalf("%d tokens still open", n)
			}
			e.ok(&out, e.op, m, "id", c.ID)
			if out.EndPortalSessions != 0 {
				t.Fatalf("ended %d the second time, want 0", out.EndPortalSessions)
			}
			rows := e.st.Client.AuditLog.Query().Where(auditlog.Action("endPortalSessions")).AllX(ctx)
			if len(rows) != 2 || rows[0].Actor != "oper" || rows[0].TargetID != c.ID {
				t.Fatalf("audit rows %+v", rows)
			}
			e.fails("NOT_FOUND", e.op, m, "id", "987654")
		})
	}
}

// TestProfilePortalVisibleResolver: createProfile and updateProfile carry portalVisible through
// to the Profile field; a profile is not offered unless said so.
func TestProfilePortalVisibleResolver(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	var cr struct {
		CreateProfile struct {
			ID            string
			PortalVisible bool
		}
	}
	e.ok(&cr, e.admin, `mutation{ createProfile(input:{name:"Home", downloadKbps:1000, uploadKbps:1000, validityDays:30, price:100, portalVisible:true}){ id portalVisible } }`)
	if !cr.CreateProfile.PortalVisible {
		t.Fatal("created with portalVisible true, reads false")
	}
	var up struct{ UpdateProfile struct{ PortalVisible bool } }
	e.ok(&up, e.admin, `mutation($id:ID!){ updateProfile(id:$id, input:{portalVisible:false}){ portalVisible } }`, "id", cr.CreateProfile.ID)
	if up.UpdateProfile.PortalVisible {
		t.Fatal("updated to false, reads true")
	}
	e.fails("FORBIDDEN", e.op, `mutation($id:ID!){ updateProfile(id:$id, input:{portalVisible:true}){ portalVisible } }`, "id", cr.CreateProfile.ID)
	var plain struct{ CreateProfile struct{ PortalVisible bool } }
	e.ok(&plain, e.admin, `mutation{ createProfile(input:{name:"Basic", downloadKbps:1000, uploadKbps:1000, validityDays:30, price:100}){ portalVisible } }`)
	if plain.CreateProfile.PortalVisible {
		t.Fatal("a profile is offered in the portal without being marked")
	}
}

// TestExpiredRedirectScriptResolver: the router's field answers the script from public_url
// and the expired pools, and falls back to the listen address the API was given.
func TestExpiredRedirectScriptResolver(t *testing.T) {
	e := newEnvWith(t, testutil.SQLite, func(_ *env, d *Deps) { d.HTTPAddr = "10.9.8.7:8080" })
	e.ok(nil, e.admin, `mutation{ createProfile(input:{name:"Home", downloadKbps:1000, uploadKbps:1000, validityDays:30, price:100, expiredPool:"expired-home"}){ id } }`)
	nas := makeNas(t, e.st)
	const q = `query($id:ID!){ node(id:$id){ ... on Nas { expiredRedirectScript } } }`
	var out struct {
		Node struct{ ExpiredRedirectScript string }
	}
	e.ok(&out, e.viewer, q, "id", nas)
	s := out.Node.ExpiredRedirectScript
	for _, want := range []string{"public_url is not set", `name="expired-home"`, "to-addresses=10.9.8.7 to-ports=8080", "RouterOS 6 and 7"} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
	e.ok(nil, e.admin, settingsMutation, "in", []map[string]any{{"key": "public_url", "value": "http://203.0.113.5"}})
	e.ok(&out, e.viewer, q, "id", nas)
	if s := out.Node.ExpiredRedirectScript; !strings.Contains(s, "to-addresses=203.0.113.5 to-ports=80") || strings.Contains(s, "not set") {
		t.Errorf("with public_url set:\n%s", s)
	}
}
