package cli

import (
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// demo takes --coa-port and --api-port, refuses ports out of range, and reports the
// database's customers when run again.
func TestDemoFlags(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--db", testutil.DSN(t, testutil.SQLite), "--data-dir", dir}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"demo", "--customers", "6", "--coa-port", "70000"}, 2, "not a port"},
		{[]string{"demo", "--customers", "6", "--api-port", "-1"}, 2, "not a port"},
		{[]string{"demo", "--customers", "6", "--coa-port", "13799", "--api-port", "18728"}, 0, "6 customers in the database (6 new"},
		{[]string{"demo", "--customers", "3"}, 0, "6 customers in the database (0 new"},
	} {
		code, out, stderr := run(t, append(tc.args, common...)...)
		if (code == 0) != (tc.code == 0) || !strings.Contains(out+stderr, tc.want) {
			t.Errorf("%v: code %d, out %q, err %q; want code %d and %q", tc.args, code, out, stderr, tc.code, tc.want)
		}
	}
}
