package lifecycle

import (
	"context"
	"fmt"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// TestNewPlanAcceptedAtOnce: a plan created through GraphQL, then a customer on it, and the
// customer dials at once (as the portal e2e does): RADIUS must know the new plan as soon as
// it knows the new customer. The customer reaches the snapshot by its CustomerChanged event;
// a plan that waited for the change-feed poll (every 0.5 s) was "not found", and the login
// was refused "Account disabled". Several rounds, each asking as soon as the customer is
// known, so a plan that arrives only by the poll fails the test.
func TestNewPlanAcceptedAtOnce(t *testing.T) {
	srv := testutil.StartServer(t, testutil.PostgresDSN(t))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	token, err := srv.Login(ctx, "admin", testutil.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	gql := func(query string, vars map[string]any, out any) {
		t.Helper()
		if err := kit.GQL(ctx, srv, token, query, vars, out); err != nil {
			t.Fatal(err)
		}
	}
	gql(`mutation($s:String!){createNas(input:{name:"r1",ipAddress:"127.0.0.1",secret:$s,coaPort:3799}){id}}`,
		map[string]any{"s": secret}, nil)

	for round := range 5 {
		var prof struct{ CreateProfile struct{ ID string } }
		gql(`mutation($n:String!){createProfile(input:{name:$n,downloadKbps:10000,uploadKbps:2500,validityDays:30,price:150000}){id}}`,
			map[string]any{"n": fmt.Sprintf("Home %d", round)}, &prof)
		user, pass := fmt.Sprintf("newplan%d", round), "Pw-"+testutil.RandomHex(6)
		gql(`mutation($u:String!,$pw:String!,$ph:String!,$p:ID!){createCustomer(input:{username:$u,password:$pw,phone:$ph,profileID:$p}){customer{id}}}`,
			map[string]any{"u": user, "pw": pass, "ph": fmt.Sprintf("+25471234%04d", round), "p": prof.CreateProfile.ID}, nil)

		// The customer reaches the snapshot by its event a moment after the answer to
		// createCustomer: ask until RADIUS knows the user at all, then the plan must be known
		// too (its event came first).
		var reply *radius.Packet
		for try := 0; ; try++ {
			p, verify, err := client.NewAccessRequest([]byte(secret), client.PAP, user, pass)
			if err != nil {
				t.Fatal(err)
			}
			if reply, err = kit.SendFrom(ctx, "", srv.Auth, p, verify, 300*time.Millisecond, 2*time.Second); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if reply.Code == radius.CodeAccessAccept || rfc2865.ReplyMessage_GetString(reply) != "Wrong user name or password" {
				break
			}
			if try == 200 {
				t.Fatalf("round %d: the new customer never reached RADIUS", round)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if reply.Code != radius.CodeAccessAccept {
			t.Fatalf("round %d: a customer on a plan created just before was answered %v (%q); want Access-Accept",
				round, reply.Code, rfc2865.ReplyMessage_GetString(reply))
		}
	}
}
