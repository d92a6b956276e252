package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestStaffIsAdminOnlyOnEveryEdge: Transaction.staff and its id are null for operators and
// viewers (not an error), filters on staff are refused to them, and admins see both.
func TestStaffIsAdminOnlyOnEveryEdge(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			ctx := context.Background()
			c := e.customer("jane.doe", "0712345678", e.profile("Home", 30, nil))
			admin := e.st.Client.Staff.Query().Where(staff.Username("admin")).OnlyX(ctx)
			e.st.Client.Transaction.Create().SetCustomerID(atoi(t, c.ID)).SetAmount(100).SetBalanceAfter(100).
				SetKind("PAYMENT").SetMethod("cash").SetReference("r1").SetActor("admin").SetStaffID(admin.ID).ExecX(ctx)
			q := `{ transactions(first: 5) { edges { node { actor staffID staff { id username role lastLoginAt } } } } }`
			type txs struct {
				Transactions struct {
					Edges []struct {
						Node struct {
							Actor   string
							StaffID *string
							Staff   *struct{ ID, Username, Role string }
						}
					}
				}
			}
			for name, tok := range map[string]string{"viewer": e.viewer, "operator": e.op} {
				var out txs
				e.ok(&out, tok, q)
				n := out.Transactions.Edges[0].Node
				if n.Staff != nil || n.StaffID != nil {
					t.Errorf("%s sees the staff record of a transaction: %+v %v", name, n.Staff, *n.StaffID)
				}
				if n.Actor != "admin" {
					t.Errorf("%s: actor %q", name, n.Actor)
				}
				// Filtering on staff would reveal them just as well.
				for _, f := range []string{
					`{ transactions(where:{hasStaffWith:{username:"admin", role: ADMIN}}) { totalCount } }`,
					`{ transactions(where:{staffIDNotNil: true}) { totalCount } }`,
					`{ customers(where:{hasTransactionsWith:{or:[{hasStaff: true}]}}) { totalCount } }`,
					`{ exportCustomers(where:{hasTransactionsWith:{staffID:"1"}}) }`,
				} {
					if name == "viewer" && strings.Contains(f, "exportCustomers") {
						continue // refused anyway
					}
					e.fails("FORBIDDEN", tok, f)
				}
			}
			var out txs
			e.ok(&out, e.admin, q)
			if n := out.Transactions.Edges[0].Node; n.Staff == nil || n.Staff.Username != "admin" || n.StaffID == nil {
				t.Errorf("admin does not see the staff of a transaction: %+v", n)
			}
			e.ok(nil, e.admin, `{ transactions(where:{hasStaffWith:{username:"admin"}}) { totalCount } }`)
		})
	}
}

// TestMeOnAnAPITokenIsTheToken: me answers the token's own identity and role, never the
// admin who created it.
func TestMeOnAnAPITokenIsTheToken(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { meOnAnAPITokenIsTheToken(t, newEnvOn(t, kind, false)) })
	}
}

func meOnAnAPITokenIsTheToken(t *testing.T, e *env) {
	var created struct {
		CreateAPIToken struct {
			Token    string
			APIToken struct{ ID string } `json:"apiToken"`
		} `json:"createApiToken"`
	}
	e.ok(&created, e.admin, `mutation { createApiToken(name:"crm-read", role:VIEWER){ token apiToken{ id } } }`)
	var me struct {
		Me struct {
			ID, Username, Role, Typename string
			FullName                     *string
			Disabled                     bool
		}
	}
	e.ok(&me, created.CreateAPIToken.Token, `{ me { id username role fullName disabled Typename: __typename } }`)
	want := struct{ id, username, role string }{created.CreateAPIToken.APIToken.ID, "token:crm-read", "VIEWER"}
	if me.Me.ID != want.id || me.Me.Username != want.username || me.Me.Role != want.role || me.Me.FullName != nil {
		t.Fatalf("me on a viewer API token = %+v, want %+v", me.Me, want)
	}
	// Its id is the token's: admins find the token with it, the token itself finds nothing.
	var node struct {
		Node *struct{ Name string } `json:"node"`
	}
	e.ok(&node, e.admin, `query($id:ID!){ node(id:$id){ ... on ApiToken { name } } }`, "id", me.Me.ID)
	if node.Node == nil || node.Node.Name != "crm-read" {
		t.Fatalf("node(me.id) as admin = %+v", node.Node)
	}
}

// TestNodeAnswersAlikeForMissingAndHidden: node(id) and nodes(ids) answer the same (null, no
// error) for a record that does not exist and for one the caller may not see.
func TestNodeAnswersAlikeForMissingAndHidden(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { nodeAnswersAlikeForMissingAndHidden(t, newEnvOn(t, kind, false)) })
	}
}

func nodeAnswersAlikeForMissingAndHidden(t *testing.T, e *env) {
	ctx := context.Background()
	c := e.customer("jane.doe", "0712345678", e.profile("Home", 30, nil))
	admin := e.st.Client.Staff.Query().Where(staff.Username("admin")).OnlyX(ctx)
	existing := fmt.Sprint(admin.ID)
	missing := fmt.Sprint(admin.ID + 100000) // in the Staff range, never created
	for name, tok := range map[string]string{"viewer": e.viewer, "operator": e.op} {
		answers := map[string]string{}
		for what, id := range map[string]string{"existing": existing, "missing": missing} {
			data, errs := e.do(tok, `query($id:ID!){ node(id:$id){ id ... on Staff { username } } }`, "id", id)
			answers[what] = fmt.Sprintf("%s %v", data, errs)
			data, errs = e.do(tok, `query($ids:[ID!]!){ nodes(ids:$ids){ id } }`, "ids", []string{id, c.ID})
			answers[what+" nodes"] = fmt.Sprintf("%s %v", data, errs)
		}
		if answers["existing"] != answers["missing"] || answers["existing"] != `{"node":null} []` {
			t.Errorf("%s: node(existing Staff) = %s, node(missing) = %s; want both {\"node\":null} without errors", name, answers["existing"], answers["missing"])
		}
		want := fmt.Sprintf(`{"nodes":[null,{"id":"%s"}]} []`, c.ID)
		if answers["existing nodes"] != answers["missing nodes"] || answers["existing nodes"] != want {
			t.Errorf("%s: nodes([existing Staff, customer]) = %s, nodes([missing, customer]) = %s; want both %s", name, answers["existing nodes"], answers["missing nodes"], want)
		}
	}
	var out struct{ Node struct{ Username string } }
	e.ok(&out, e.admin, `query($id:ID!){ node(id:$id){ ... on Staff { username } } }`, "id", existing)
	if out.Node.Username != "admin" {
		t.Fatalf("admin: node(staff) = %+v", out)
	}
}

// TestEveryStaffEdgeIsGuarded lists every field of the schema that reaches a Staff record
// (of type Staff, or a staff id) and checks it is in staffFields, or answers only the
// caller's own record or only admins.
func TestEveryStaffEdgeIsGuarded(t *testing.T) {
	var sources []*ast.Source
	files, _ := filepath.Glob("schema/*.graphqls")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	own := map[string]bool{"Query.me": true, "AuthPayload.staff": true, "Mutation.setOwnLanguage": true}
	adminOnly := map[string]bool{"Mutation.createStaff": true, "Mutation.updateStaff": true, "Query.staffMembers": true,
		"StaffEdge.node": true, "StaffConnection.edges": true}
	var unguarded []string
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, f := range def.Fields {
			typ := f.Type
			for typ.Elem != nil {
				typ = typ.Elem
			}
			name := def.Name + "." + f.Name
			reaches := typ.NamedType == "Staff" || typ.NamedType == "StaffEdge" || strings.EqualFold(f.Name, "staffID")
			if !reaches || own[name] || adminOnly[name] || staffFields[def.Name][f.Name] {
				continue
			}
			unguarded = append(unguarded, name)
		}
	}
	if len(unguarded) > 0 {
		b, _ := json.Marshal(unguarded)
		t.Fatalf("fields reaching Staff that are not guarded (add them to staffFields): %s", b)
	}
}
