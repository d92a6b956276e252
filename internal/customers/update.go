package customers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// UpdateInput changes a customer; nil leaves a field as it is and an empty string clears
// an optional text field.
type UpdateInput struct {
	Username    *string
	Phone       *string
	FullName    *string
	Email       *string
	Address     *string
	AutoRenew   *bool
	ExpiresAt   *time.Time
	StaticIP    *string
	MacLock     *string
	MaxSessions *int
	// Language is the customer's language; "" clears it (the installation's applies).
	Language *string
	// IPv6 changes the customer's own IPv6 (overriding the plan's); nil leaves it.
	IPv6 *ipv6cfg.Input
}

// Update validates and applies in, and writes the audit row (updateCustomer, naming the
// fields that changed) when anything changed.
func (s *Service) Update(ctx context.Context, id int, in UpdateInput) (*ent.Customer, error) {
	if err := ipv6cfg.Check(in.IPv6); err != nil {
		return nil, err
	}
	var out *ent.Customer
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cu, changed, err := s.update(ctx, c, id, in)
		out = cu
		if err != nil {
			return err
		}
		v6, err := s.setIPv6(ctx, c, id, in.IPv6)
		if err != nil {
			return err
		}
		if changed = mergeAudit(changed, v6); len(changed) == 0 {
			return nil
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, "updateCustomer", "customer", id, changed)
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// update applies in to customer id with c and returns the customer and the changed fields'
// values before and after (audit.Diff).
func (s *Service) update(ctx context.Context, c *ent.Client, id int, in UpdateInput) (*ent.Customer, map[string]any, error) {
	cur, err := get(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	region, err := PhoneRegion(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	up := store.BoundUsage(c.Customer.UpdateOne(cur))
	m := up.Mutation()
	if err := setIdentity(ctx, c, m, cur, in, region); err != nil {
		return nil, nil, err
	}
	if err := applyOptional(m, in.FullName, in.Email, in.Address, in.StaticIP, in.MacLock); err != nil {
		return nil, nil, err
	}
	if in.AutoRenew != nil && *in.AutoRenew != cur.AutoRenew {
		m.SetAutoRenew(*in.AutoRenew)
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.Equal(cur.ExpiresAt) {
		m.SetExpiresAt(in.ExpiresAt.UTC())
	}
	if in.MaxSessions != nil && *in.MaxSessions != cur.MaxSessions {
		if err := checkMaxSessions(*in.MaxSessions); err != nil {
			return nil, nil, err
		}
		m.SetMaxSessions(*in.MaxSessions)
	}
	if err := setLanguage(m, cur.Language, in.Language); err != nil {
		return nil, nil, err
	}
	var changed []string
	for _, f := range m.Fields() {
		if f != customer.FieldNameSearch {
			changed = append(changed, f)
		}
	}
	changed = append(changed, m.ClearedFields()...)
	if len(changed) == 0 {
		return cur, nil, nil
	}
	diff := audit.Diff(ctx, m, changed)
	cu, err := up.Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("updating customer: %w", err)
	}
	if err := claimStatic(ctx, c, id, cur.StaticIP, in.StaticIP); err != nil {
		return nil, nil, err
	}
	return cu, diff, nil
}

// setIdentity sets the username (unless another customer has it) and the phone number of in
// on m when they change cur.
func setIdentity(ctx context.Context, c *ent.Client, m *ent.CustomerMutation, cur *ent.Customer, in UpdateInput, region string) error {
	if in.Username != nil {
		u, err := NormalizeUsername(*in.Username)
		if err != nil {
			return err
		}
		if u != cur.Username {
			if err := usernameFree(ctx, c, u); err != nil {
				return err
			}
			m.SetUsername(u)
		}
	}
	if in.Phone != nil {
		p, err := NormalizePhone(*in.Phone, region)
		if err != nil {
			return err
		}
		if p != cur.Phone {
			m.SetPhone(p)
		}
	}
	return nil
}

// SetPassword sets a customer's PPPoE password, generating one when password is nil or
// empty (returned as generated), and writes the audit row (setCustomerPassword).
func (s *Service) SetPassword(ctx context.Context, id int, password *string) (generated string, err error) {
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		pw := ""
		if password == nil || *password == "" {
			pw = GeneratePassword()
			generated = pw
		} else {
			pw = *password
			if err := WeakPassword("password", pw, cur.Username); err != nil {
				return err
			}
		}
		enc, err := s.box.Encrypt(pw)
		if err != nil {
			return fmt.Errorf("encrypting password: %w", err)
		}
		if err := store.BoundUsage(c.Customer.UpdateOne(cur)).SetPasswordEnc(enc).Exec(ctx); err != nil {
			return fmt.Errorf("saving password: %w", err)
		}
		if _, err := revokePortalTokens(ctx, c, id, 0, s.now()); err != nil {
			return err
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, "setCustomerPassword", "customer", id, map[string]any{"password": true})
	})
	if err != nil {
		return "", err
	}
	return generated, nil
}

// Delete deletes a customer without ledger history; one with history is disabled instead
// (deleted false, the disabled customer returned). Sessions, authentication events and
// notifications keep their rows, detached from the customer. The audit row (deleteCustomer)
// says which it was.
func (s *Service) Delete(ctx context.Context, id int) (deleted bool, cu *ent.Customer, err error) {
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		has, err := c.Transaction.Query().Where(transaction.CustomerID(id)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("checking ledger: %w", err)
		}
		changes := map[string]any{"username": cur.Username, "accountNo": cur.AccountNo}
		if has {
			changes = map[string]any{"status": "DISABLED", "reason": "has ledger history"}
			if cu, _, err = setStatus(ctx, c, cur, customer.StatusDISABLED); err != nil {
				return err
			}
		} else if err := remove(ctx, c, cur); err != nil {
			return err
		}
		deleted = !has
		s.changed(ctx, id)
		return audit.Write(ctx, c, "deleteCustomer", "customer", id, changes)
	})
	if err != nil {
		return false, nil, err
	}
	return deleted, store.Unwrap(ctx, cu), nil
}

// remove detaches the customer's sessions, authentication events and notifications, and
// deletes it.
func remove(ctx context.Context, c *ent.Client, cur *ent.Customer) error {
	if _, err := c.Session.Update().Where(session.CustomerID(cur.ID)).ClearCustomerID().Save(ctx); err != nil {
		return fmt.Errorf("detaching sessions: %w", err)
	}
	if _, err := c.AuthEvent.Update().Where(authevent.CustomerID(cur.ID)).ClearCustomerID().Save(ctx); err != nil {
		return fmt.Errorf("detaching authentication events: %w", err)
	}
	if _, err := c.Notification.Update().Where(notification.CustomerID(cur.ID)).ClearCustomerID().Save(ctx); err != nil {
		return fmt.Errorf("detaching notifications: %w", err)
	}
	if err := c.Customer.DeleteOne(cur).Exec(ctx); err != nil {
		return fmt.Errorf("deleting customer: %w", err)
	}
	return nil
}

// setLanguage sets or clears (an empty value) the customer's language on m when it changes.
func setLanguage(m *ent.CustomerMutation, cur, to *string) error {
	if to == nil {
		return nil
	}
	switch {
	case *to == "":
		if cur != nil {
			m.ClearLanguage()
		}
	case !settings.KnownLanguage(*to):
		return domain.Invalidf("language", "language %q is not one linedesk ships (%s)", *to, strings.Join(settings.Languages, ", ")).
			WithKey("language.unknown", map[string]any{"language": *to})
	case cur == nil || *cur != *to:
		m.SetLanguage(*to)
	}
	return nil
}

// mergeAudit adds the entries of extra to changed (either may be nil).
func mergeAudit(changed, extra map[string]any) map[string]any {
	if len(extra) == 0 {
		return changed
	}
	if changed == nil {
		changed = map[string]any{}
	}
	for k, v := range extra {
		changed[k] = v
	}
	return changed
}
