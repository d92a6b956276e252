package settings

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/egress"
)

// Change is one setting of a batch (one updateSettings call).
type Change struct{ Key, Value string }

// InputError is a refused value in a batch: which setting and why.
type InputError struct {
	Key, Reason string
	err         error // the validator's error, with its translation key when it has one
}

func (e *InputError) Unwrap() error { return e.err }

func (e *InputError) Error() string { return fmt.Sprintf("setting %s: %s", e.Key, e.Reason) }

// Encrypter encrypts secret settings (secret.Box does).
type Encrypter interface {
	Encrypt(plain string) (string, error)
}

// checkValue validates one value on its own; a refusal is an *InputError.
func checkValue(key, value string) error {
	d, ok := Lookup(key)
	if !ok {
		return &InputError{Key: key, Reason: "unknown setting"}
	}
	if d.validate != nil {
		if err := d.validate(value); err != nil {
			return &InputError{Key: key, Reason: err.Error(), err: err}
		}
	}
	return nil
}

// CheckBatch validates a batch against the stored values: each value on its own, then the
// delivery addresses the batch would leave in force, under the allow_private_targets the batch
// would leave in force (so the order within the batch does not matter). It checks the
// addresses the batch sets, and every address when the batch turns allow_private_targets off.
// Names are resolved through r, so call it outside a database transaction. A refused value is
// an *InputError.
func CheckBatch(ctx context.Context, r egress.Resolver, stored Values, batch []Change) error {
	v := Values{}
	for k, s := range stored {
		v[k] = s
	}
	inBatch := map[string]bool{}
	for _, c := range batch {
		if err := checkValue(c.Key, c.Value); err != nil {
			return err
		}
		v[c.Key] = c.Value
		inBatch[c.Key] = true
	}
	all := inBatch[AllowPrivateTargets] && !v.Bool(AllowPrivateTargets)
	for _, key := range deliveryTargets {
		if v[key] == "" || !(all || inBatch[key]) {
			continue
		}
		host, port, err := target(key, v[key])
		if err != nil {
			return &InputError{Key: key, Reason: err.Error()}
		}
		err = Policy(v, key).CheckHost(ctx, r, host, port)
		var refused *egress.RefusedError
		if errors.As(err, &refused) {
			return &InputError{Key: key, Reason: refusal(key, refused)}
		}
		if err != nil {
			return fmt.Errorf("checking setting %s: %w", key, err)
		}
	}
	return nil
}

// Apply writes a batch checked by CheckBatch through client (the caller's transaction): secret
// values encrypted with enc, and the secret of a delivery address the batch changes cleared
// unless the batch sets it too. When a key appears twice, the last value counts. It returns
// the audit record of the change (see AuditValue: no credentials of URLs).
func Apply(ctx context.Context, client *ent.Client, enc Encrypter, batch []Change) (map[string]any, error) {
	stored, err := Load(ctx, client)
	if err != nil {
		return nil, err
	}
	final := map[string]string{}
	for _, c := range batch {
		if err := checkValue(c.Key, c.Value); err != nil {
			return nil, err
		}
		final[c.Key] = c.Value
	}
	for addr, sec := range secretOfAddress {
		if nv, ok := final[addr]; ok && nv != stored[addr] {
			if _, given := final[sec]; !given && stored[sec] != "" {
				final[sec] = ""
			}
		}
	}
	keys := make([]string, 0, len(final))
	for k := range final {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	audit := map[string]any{}
	for _, key := range keys {
		value := final[key]
		if d, _ := Lookup(key); d.Secret && value != "" {
			if value, err = enc.Encrypt(value); err != nil {
				return nil, fmt.Errorf("encrypting setting %s: %w", key, err)
			}
		}
		err := client.Setting.Create().SetKey(key).SetValue(value).
			OnConflictColumns(setting.FieldKey).UpdateNewValues().Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("saving setting %s: %w", key, err)
		}
		audit[key] = AuditValue(key, final[key])
	}
	return audit, nil
}
