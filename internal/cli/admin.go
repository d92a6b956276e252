package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/store"
)

func runAdmin(ctx context.Context, e *env, args []string) error {
	var username, password, role string
	if _, err := e.parseSubcommand("admin", "create", "linedesk admin create --username U --password P --role admin|operator|viewer", args, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "staff user name")
		fs.StringVar(&password, "password", "", "password (at least 10 characters)")
		fs.StringVar(&role, "role", "operator", "admin, operator or viewer")
	}); err != nil {
		return err
	}
	r := staff.Role(strings.ToUpper(role))
	if err := staff.RoleValidator(r); err != nil {
		return fmt.Errorf("--role must be admin, operator or viewer")
	}
	if username == "" {
		return fmt.Errorf("--username is required")
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	st, _, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	err = st.Client.Staff.Create().SetUsername(strings.ToLower(username)).SetPasswordHash(hash).SetRole(r).Exec(ctx)
	if c := store.AsConflict(err); c != nil {
		return fmt.Errorf("a staff account named %q already exists", username)
	}
	if err != nil {
		return fmt.Errorf("creating staff account: %w", err)
	}
	fmt.Fprintf(e.stdout, "created %s %s\n", strings.ToLower(role), strings.ToLower(username))
	return nil
}
