package graph

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/settings"
)

func (r *Resolver) settingValues(ctx context.Context) ([]*model.SettingValue, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.Setting.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	stored := map[string]string{}
	for _, s := range rows {
		stored[s.Key] = s.Value
	}
	out := make([]*model.SettingValue, 0, len(settings.Definitions))
	for _, d := range settings.Definitions {
		v, ok := stored[d.Key]
		sv := &model.SettingValue{Key: d.Key, Description: d.Description, Secret: d.Secret}
		if d.Secret {
			sv.IsSet = ok && v != ""
		} else {
			if !ok {
				v = d.Default
			}
			val := v
			sv.Value = &val
			sv.IsSet = ok && v != d.Default
		}
		out = append(out, sv)
	}
	return out, nil
}

// updateSettings checks the whole batch first (delivery addresses resolved and checked against
// allow_private_targets, before the operation's transaction opens: a DNS lookup must not hold
// it), then writes it in the operation's transaction.
func (r *Resolver) updateSettings(ctx context.Context, input []*model.SettingInput) ([]*model.SettingValue, error) {
	batch := make([]settings.Change, 0, len(input))
	for _, in := range input {
		if _, ok := settings.Lookup(in.Key); !ok {
			return nil, badInput("key", fmt.Sprintf("unknown setting %s", customers.Quote(in.Key)))
		}
		batch = append(batch, settings.Change{Key: in.Key, Value: in.Value})
	}
	stored, err := settings.Load(ctx, r.client)
	if err != nil {
		return nil, err
	}
	if err := settingsInput(settings.CheckBatch(ctx, net.DefaultResolver, stored, batch)); err != nil {
		return nil, err
	}
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := settings.Apply(ctx, c, r.deps.Box, batch)
	if err := settingsInput(err); err != nil {
		return nil, err
	}
	if err := r.audit(ctx, "updateSettings", "setting", 0, changes); err != nil {
		return nil, err
	}
	r.publish(ctx, eventSetting())
	afterCommit(ctx, r.forgetSettings)
	return r.settingValues(ctx)
}

// settingsInput maps a refused setting to BAD_USER_INPUT on that setting's key.
func settingsInput(err error) error {
	var in *settings.InputError
	if errors.As(err, &in) {
		return badInput(in.Key, in.Error())
	}
	return err
}
