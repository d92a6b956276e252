package graph

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestClientRolesMatch keeps the dashboard's copy of the roles (frontend/src/lib/roles.ts,
// which hides what a role may not do) equal to mutationRoles and queryRoles.
func TestClientRolesMatch(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/lib/roles.ts")
	if err != nil {
		t.Fatal(err)
	}
	client := map[string]string{}
	for _, m := range regexp.MustCompile(`(\w+): '(ADMIN|OPERATOR)'`).FindAllStringSubmatch(string(src), -1) {
		client[m[1]] = m[2]
	}
	server := map[string]string{}
	for _, roles := range []map[string]string{rolesAbove(mutationRoles), rolesAbove(queryRoles)} {
		for op, r := range roles {
			server[op] = r
		}
	}
	for op, r := range server {
		if client[op] != r {
			t.Errorf("%s needs %s on the server, the dashboard says %q: update frontend/src/lib/roles.ts", op, r, client[op])
		}
	}
	for op, r := range client {
		if _, ok := server[op]; !ok {
			t.Errorf("the dashboard says %s needs %s; the server does not list it", op, r)
		}
	}
}

// rolesAbove returns the operations of m that need more than a viewer, by role name.
func rolesAbove[R ~string](m map[string]R) map[string]string {
	out := map[string]string{}
	for op, r := range m {
		if name := strings.ToUpper(string(r)); name != "VIEWER" {
			out[op] = name
		}
	}
	return out
}
