package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

func TestImportExportCommands(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			db := testutil.DSN(t, kind)
			common := []string{"--db", db, "--data-dir", dir}
			// The demo seeds the plans the import refers to.
			if code, out, stderr := run(t, append([]string{"demo", "--customers", "5"}, common...)...); code != 0 {
				t.Fatalf("demo: %d %s %s", code, out, stderr)
			}
			write := func(name, body string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			bad := write("bad.csv", "username,phone,profile\ncli.one,0712000001,Home 10M\nBad User!,0712000002,Home 10M\n")
			code, out, stderr := run(t, append(append([]string{"import", "customers"}, common...), "--quiet", bad)...)
			if code == 0 || !strings.Contains(out, "row 3") || !strings.Contains(stderr, "nothing was imported") {
				t.Fatalf("bad import: code %d out %q err %q", code, out, stderr)
			}
			good := write("good.csv", "username,phone,profile,full_name\ncli.one,0712000001,Home 10M,\"=HYPERLINK(\"\"x\"\")\"\ncli.two,+254712000002,Home 10M,Two\n")
			pw := filepath.Join(dir, "pw.csv")
			code, out, stderr = run(t, append(append([]string{"import", "customers"}, common...), "--quiet", "--passwords-out", pw, good)...)
			if code != 0 || !strings.Contains(out, "2 new") {
				t.Fatalf("good import: code %d out %q err %q", code, out, stderr)
			}
			if b, err := os.ReadFile(pw); err != nil || strings.Count(string(b), "\n") != 3 {
				t.Fatalf("passwords file: %q %v", b, err)
			}
			code, out, _ = run(t, append(append([]string{"import", "customers"}, common...), "--quiet", good)...)
			if code != 0 || !strings.Contains(out, "0 new, 0 updated, 2 unchanged") {
				t.Fatalf("same import twice must change nothing: %q", out)
			}
			code, out, stderr = run(t, append([]string{"export", "customers"}, common...)...)
			if code != 0 || !strings.Contains(out, "cli.two") || strings.Contains(strings.ToLower(strings.SplitN(out, "\n", 2)[0]), "password") {
				t.Fatalf("export: code %d err %q out %q", code, stderr, out)
			}
			if !strings.Contains(out, "'=HYPERLINK") {
				t.Fatalf("export did not neutralise a formula cell: %q", out)
			}
		})
	}
}
