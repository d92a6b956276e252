package store

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// Change feed entities.
const (
	EntityCustomer = "customer"
	EntityProfile  = "profile"
	EntityNas      = "nas"
	EntitySetting  = "setting"
)

// registerChangeHooks makes every write to customers, profiles, NAS records and settings add
// rows to the change feed in the same transaction (ids known before a delete, after a create).
func registerChangeHooks(c *ent.Client) {
	c.Customer.Use(changeHook(EntityCustomer))
	c.Profile.Use(changeHook(EntityProfile))
	c.Nas.Use(changeHook(EntityNas))
	c.Setting.Use(changeHook(EntitySetting))
}

// changesWrittenKey marks a context whose writer records the change feed itself.
type changesWrittenKey struct{}

// ChangesWrittenByCaller returns ctx marked so that the change hook adds no rows for the
// writes made with it: the caller must record them with RecordChanges in the same
// transaction (bulk imports, whose thousands of creates would otherwise add one change row
// per statement).
func ChangesWrittenByCaller(ctx context.Context) context.Context {
	return context.WithValue(ctx, changesWrittenKey{}, true)
}

// RecordChanges adds the change feed rows of op on the entities ids through c (a
// transaction's client), in multi-row inserts: what the change hook writes, for writers
// that use ChangesWrittenByCaller.
func RecordChanges(ctx context.Context, c *ent.Client, entity, op string, ids []int) error {
	now := time.Now().UTC()
	for start := 0; start < len(ids); start += 1000 {
		end := min(start+1000, len(ids))
		builders := make([]*ent.ChangeCreate, 0, end-start)
		for _, id := range ids[start:end] {
			builders = append(builders, c.Change.Create().SetEntity(entity).SetEntityID(id).SetOp(op).SetCreatedAt(now))
		}
		if err := c.Change.CreateBulk(builders...).Exec(ctx); err != nil {
			return fmt.Errorf("change feed: %w", err)
		}
	}
	return nil
}

type idMutation interface {
	ent.Mutation
	ID() (int, bool)
	IDs(ctx context.Context) ([]int, error)
	Client() *ent.Client
}

func changeHook(entity string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			im, ok := m.(idMutation)
			if !ok || ctx.Value(changesWrittenKey{}) != nil {
				return next.Mutate(ctx, m)
			}
			var ids []int
			op := "update"
			switch {
			case m.Op().Is(ent.OpCreate):
				op = "create"
			case m.Op().Is(ent.OpDeleteOne) || m.Op().Is(ent.OpDelete):
				op = "delete"
			}
			if !m.Op().Is(ent.OpCreate) {
				var err error
				if ids, err = im.IDs(ctx); err != nil {
					return nil, fmt.Errorf("change feed: listing ids: %w", err)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if m.Op().Is(ent.OpCreate) {
				if id, ok := im.ID(); ok {
					ids = []int{id}
				}
			}
			if len(ids) == 0 {
				return v, nil
			}
			now := time.Now().UTC()
			builders := make([]*ent.ChangeCreate, 0, len(ids))
			for _, id := range ids {
				builders = append(builders, im.Client().Change.Create().
					SetEntity(entity).SetEntityID(id).SetOp(op).SetCreatedAt(now))
			}
			for start := 0; start < len(builders); start += 1000 {
				end := min(start+1000, len(builders))
				if err := im.Client().Change.CreateBulk(builders[start:end]...).Exec(ctx); err != nil {
					return nil, fmt.Errorf("change feed: %w", err)
				}
			}
			return v, nil
		})
	}
}
