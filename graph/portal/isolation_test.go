package portal_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/isolation.golden from the answers (review the diff!)")

// TestPortalIsolation is the matrix of what a subscriber token reaches: only its own
// customer on /portal/graphql, nothing of the staff schema, and no staff token works on the
// portal. Each row's outcome (ok, or the error code) is compared with
// testdata/isolation.golden, the same on both databases; no answer may name bob.
func TestPortalIsolation(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		alice := e.login("alice", alicePW)
		bobID, bobTx := strconv.Itoa(e.bob.ID), strconv.Itoa(e.aliceTx)
		hidden := strconv.Itoa(e.hidden.ID)
		rows := []struct {
			name, path, token, query string
		}{
			{"portal: me with the subscriber token", "/portal/graphql", alice, `{me{username}}`},
			{"portal: me without a token", "/portal/graphql", "", `{me{username}}`},
			{"portal: me with a staff token", "/portal/graphql", e.staff, `{me{username}}`},
			{"portal: offeredPlans with a staff token", "/portal/graphql", e.staff, `{offeredPlans{name}}`},
			{"portal: a bad subscriber token", "/portal/graphql", "ldp_not-a-token", `{me{username}}`},
			{"portal: isp without a token", "/portal/graphql", "", `{isp{name}}`},
			{"portal: node(id) of another customer", "/portal/graphql", alice, `{node(id:"` + bobID + `"){id}}`},
			{"portal: nodes of a transaction", "/portal/graphql", alice, `{nodes(ids:["` + bobTx + `"]){id}}`},
			{"portal: customer(id) of another customer", "/portal/graphql", alice, `{customer(id:"` + bobID + `"){username}}`},
			{"portal: customers", "/portal/graphql", alice, `{customers{totalCount}}`},
			{"portal: staff mutation suspendCustomer", "/portal/graphql", alice, `mutation{suspendCustomer(id:"` + bobID + `"){status}}`},
			{"portal: staff mutation recordPayment", "/portal/graphql", alice, `mutation{recordPayment(input:{customerID:"` + bobID + `",amount:1,method:"cash",reference:""}){id}}`},
			{"portal: changePlan to another customer's id", "/portal/graphql", alice, `mutation{changePlan(profileID:"` + bobID + `"){appliedNow}}`},
			{"portal: changePlan to a plan not offered", "/portal/graphql", alice, `mutation{changePlan(profileID:"` + hidden + `"){appliedNow}}`},
			{"portal: changePlan with a bad id", "/portal/graphql", alice, `mutation{changePlan(profileID:"x"){appliedNow}}`},
			{"portal: introspection without a token", "/portal/graphql", "", `{__schema{types{name}}}`},
			{"portal: introspection with the subscriber token", "/portal/graphql", alice, `{__type(name:"Subscriber"){name}}`},
			{"portal: a list longer than allowed", "/portal/graphql", alice, `{me{sessions(first:1000){open}}}`},
			{"portal: too costly", "/portal/graphql", alice, `{me{a:sessions(first:100){open bytesIn bytesOut startedAt updatedAt sessionTime framedIP acctSessionID} b:sessions(first:100){open bytesIn bytesOut startedAt updatedAt sessionTime framedIP acctSessionID} c:transactions(first:100){id amount balanceAfter kind method reference createdAt} d:connectionAttempts(first:100){at accepted message} e:dailyUsage(days:366){day bytesIn bytesOut} f:sessions(first:100){open bytesIn bytesOut startedAt updatedAt sessionTime framedIP acctSessionID} g:sessions(first:100){open bytesIn bytesOut startedAt updatedAt sessionTime framedIP acctSessionID}}}`},
			{"portal: a NUL in an argument", "/portal/graphql", "", "mutation{portalLogin(username:\"alice\\u0000\",password:\"x\"){token}}"},
			{"staff: me with the subscriber token", "/graphql", alice, `{me{username}}`},
			{"staff: customer(id) with the subscriber token", "/graphql", alice, `{customer(id:"` + bobID + `"){username}}`},
			{"staff: node with the subscriber token", "/graphql", alice, `{node(id:"` + bobID + `"){id}}`},
			{"staff: suspendCustomer with the subscriber token", "/graphql", alice, `mutation{suspendCustomer(id:"` + bobID + `"){status}}`},
		}
		var got strings.Builder
		for _, r := range rows {
			var data map[string]any
			errs := e.do(r.path, r.token, r.query, nil, &data)
			outcome := "ok"
			if len(errs) > 0 {
				outcome = errs[0].code()
				if outcome == "" {
					outcome = "GRAPHQL_VALIDATION_FAILED (no code)"
				}
			}
			fmt.Fprintf(&got, "%s: %s\n", r.name, outcome)
			if s := fmt.Sprint(data, errs); strings.Contains(s, "bob") || strings.Contains(s, bobPhone) {
				t.Errorf("%s: the answer names bob: %s", r.name, s)
			}
		}
		golden := filepath.Join("testdata", "isolation.golden")
		if *update && st.IsPostgres() {
			if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to write it)", err)
		}
		if got.String() != string(want) {
			t.Fatalf("isolation matrix differs from %s:\n--- got\n%s--- want\n%s", golden, got.String(), want)
		}
	})
}
