package cli

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/internal/pools"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// openAll opens the database, migrates it, loads the secret key and checks it against the
// database's canary. Every failure is one clear sentence.
func (e *env) openAll(ctx context.Context) (*store.Store, *secret.Box, error) {
	if err := e.cfg.validate(false); err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	key, created, err := secret.LoadOrCreate(e.cfg.SecretKey, e.cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	box, err := secret.New(key)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	if created {
		e.logger.Info("created a new secret key", "file", e.cfg.DataDir+"/"+secret.KeyFileName, "key_id", box.KeyID())
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	if err := st.CheckKey(ctx, box); err != nil {
		st.Close()
		return nil, nil, err
	}
	logStaticConflicts(ctx, e, st)
	return st, box, nil
}

// logStaticConflicts warns of customers sharing a static address with another (given before
// addresses were unique; the migration kept them instead of failing). The dashboard's Pools
// page lists them too.
func logStaticConflicts(ctx context.Context, e *env, st *store.Store) {
	cs, err := pools.New(st).StaticConflicts(ctx)
	if err != nil {
		e.logger.Warn("reading shared static addresses", "err", err)
		return
	}
	for _, c := range cs {
		holder := ""
		if c.Holder != nil {
			holder = c.Holder.Username
		}
		e.logger.Warn("static address given to two customers: give one of them another (Pools page)",
			"address", c.Address, "customer", c.Customer.Username, "holder", holder)
	}
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	if _, err := e.parse("migrate", args, nil); err != nil {
		return err
	}
	st, _, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(e.stdout, "database %s is up to date\n", store.Redact(e.cfg.DB))
	return nil
}
