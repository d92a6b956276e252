// Package audit records who changed what, from where and when, in the AuditLog table.
// Secrets (passwords, shared secrets, tokens) are never recorded: values of fields whose
// name says they are secret are dropped.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// Entry is one audited action.
type Entry struct {
	Actor      string
	StaffID    *int
	Action     string // the mutation, e.g. "createCustomer"
	TargetType string // e.g. "customer"
	TargetID   int
	// Changes are the changed fields and, when not secret, their new values.
	Changes map[string]any
	Address string
}

// IsSecret reports whether a field name denotes a secret.
func IsSecret(field string) bool {
	f := strings.ToLower(field)
	for _, s := range []string{"password", "secret", "token", "_enc", "hash"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// Clean returns changes with secret values replaced by "(changed)".
func Clean(changes map[string]any) map[string]any {
	out := make(map[string]any, len(changes))
	for k, v := range changes {
		if IsSecret(k) {
			out[k] = "(changed)"
			continue
		}
		out[k] = v
	}
	return out
}

// Fields turns a list of changed field names into a Changes map without values.
func Fields(names []string) map[string]any {
	out := map[string]any{}
	sort.Strings(names)
	for _, n := range names {
		out[n] = "(changed)"
	}
	return out
}

// Record writes e with c (a transaction's client inside a mutation).
func Record(ctx context.Context, c *ent.Client, e Entry) error {
	changes := ""
	if len(e.Changes) > 0 {
		b, err := json.Marshal(Clean(e.Changes))
		if err != nil {
			return fmt.Errorf("audit: encoding changes: %w", err)
		}
		changes = string(b)
	}
	target := ""
	if e.TargetID != 0 {
		target = strconv.Itoa(e.TargetID)
	}
	actor := e.Actor
	if actor == "" {
		actor = "system"
	}
	err := c.AuditLog.Create().SetActor(truncate(actor, 100)).SetNillableStaffID(e.StaffID).
		SetAction(truncate(e.Action, 64)).SetTargetType(truncate(e.TargetType, 32)).SetTargetID(target).
		SetChanges(changes).SetAddress(truncate(e.Address, 64)).SetCreatedAt(time.Now().UTC()).Exec(ctx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
