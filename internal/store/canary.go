package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/secret"
)

const canaryKey = "secret_key_canary"
const canaryPlain = "linedesk-canary"

// CheckKey makes sure box's key is the one this database's secrets were written with: the
// first start stores an encrypted canary, later starts must be able to read it back.
func (s *Store) CheckKey(ctx context.Context, box *secret.Box) error {
	row, err := s.Client.Setting.Query().Where(setting.Key(canaryKey)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		sealed, err := box.Encrypt(canaryPlain)
		if err != nil {
			return err
		}
		err = s.Client.Setting.Create().SetKey(canaryKey).SetValue(sealed).Exec(ctx)
		if AsConflict(err) != nil { // another instance stored it first: check theirs
			return s.CheckKey(ctx, box)
		}
		if err != nil {
			return fmt.Errorf("storing key canary: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("reading key canary: %w", err)
	}
	plain, err := box.Decrypt(row.Value)
	if err != nil || plain != canaryPlain {
		return errors.New("the secret key does not match the one this database was created with: start with the original --secret-key / LINEDESK_SECRET_KEY (or the data dir's secret.key)")
	}
	return nil
}
