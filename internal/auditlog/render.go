package auditlog

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	"github.com/linedesk/linedesk/ent/bulkjob"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/customernote"
	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/settings"
)

// Entry is one audit row as people read it (GraphQL's AuditEntry).
type Entry struct {
	ID        int
	CreatedAt time.Time
	Actor     string
	Action    string
	Address   string
	// Summary says what happened: "Changed customer", "Failed sign-in".
	Summary string
	// Target names what it happened to: "100234 Jane Wanjiru", "staff alice", "plan Gold".
	Target  string
	Changes []FieldChange
}

// FieldChange is one changed field: Before is nil when the row recorded only the new value.
type FieldChange struct {
	Field  string
	Before *string
	After  string
}

// renderer turns rows into entries with the installation's currency and time zone.
type renderer struct {
	currency string
	loc      *time.Location
	names    map[string]map[int]string // target type → id → name
}

func newRenderer(v settings.Values) *renderer {
	return &renderer{currency: v[settings.Currency], loc: v.Location(), names: map[string]map[int]string{}}
}

// render loads the names rows refer to (one query per kind of target) and renders them.
func (r *renderer) render(ctx context.Context, c *ent.Client, rows []*ent.AuditLog) ([]*Entry, error) {
	if err := r.loadNames(ctx, c, rows); err != nil {
		return nil, err
	}
	out := make([]*Entry, 0, len(rows))
	for _, l := range rows {
		out = append(out, r.entry(l))
	}
	return out, nil
}

// refKinds maps change fields holding an id to the kind of record they name.
var refKinds = map[string]string{
	"profileID": "profile", "profile_id": "profile", "afterCapProfileID": "profile", "after_cap_profile_id": "profile",
	"pendingProfileID": "profile", "pending_profile_id": "profile",
	"nasID": "nas", "nas_id": "nas", "staffID": "staff", "staff_id": "staff",
	"job": "bulkJob", "note": "customerNote",
}

// loadNames collects the ids of the rows' targets and of id-valued changes, and reads their
// names.
func (r *renderer) loadNames(ctx context.Context, c *ent.Client, rows []*ent.AuditLog) error {
	want := map[string]map[int]bool{}
	add := func(kind string, id int) {
		if id == 0 {
			return
		}
		if want[kind] == nil {
			want[kind] = map[int]bool{}
		}
		want[kind][id] = true
	}
	for _, l := range rows {
		if id, err := strconv.Atoi(l.TargetID); err == nil {
			add(l.TargetType, id)
		}
		for k, v := range decode(l.Changes) {
			if kind, ok := refKinds[k]; ok {
				from, to := split(v)
				add(kind, asInt(from))
				add(kind, asInt(to))
			}
		}
	}
	for kind, set := range want {
		ids := make([]int, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		names, err := r.lookup(ctx, c, kind, ids)
		if err != nil {
			return err
		}
		r.names[kind] = names
	}
	return nil
}

// lookup reads the names of ids of one kind of record.
func (r *renderer) lookup(ctx context.Context, c *ent.Client, kind string, ids []int) (map[int]string, error) {
	out := map[int]string{}
	var err error
	switch kind {
	case "customer":
		var cs []*ent.Customer
		cs, err = c.Customer.Query().Where(customer.IDIn(ids...)).
			Select(customer.FieldAccountNo, customer.FieldUsername, customer.FieldFullName).All(ctx)
		for _, cu := range cs {
			name := cu.Username
			if cu.FullName != nil && *cu.FullName != "" {
				name = *cu.FullName
			}
			out[cu.ID] = cu.AccountNo + " " + name
		}
	case "staff":
		var ss []*ent.Staff
		ss, err = c.Staff.Query().Where(staff.IDIn(ids...)).Select(staff.FieldUsername).All(ctx)
		for _, s := range ss {
			out[s.ID] = s.Username
		}
	case "profile":
		var ps []*ent.Profile
		ps, err = c.Profile.Query().Where(profile.IDIn(ids...)).Select(profile.FieldName).All(ctx)
		for _, p := range ps {
			out[p.ID] = p.Name
		}
	case "nas":
		var ns []*ent.Nas
		ns, err = c.Nas.Query().Where(nas.IDIn(ids...)).Select(nas.FieldName).All(ctx)
		for _, n := range ns {
			out[n.ID] = n.Name
		}
	case "bulkJob":
		var js []*ent.BulkJob
		js, err = c.BulkJob.Query().Where(bulkjob.IDIn(ids...)).Select(bulkjob.FieldTotal, bulkjob.FieldCreatedAt).All(ctx)
		for _, j := range js {
			out[j.ID] = fmt.Sprintf("started %s, %d customers", j.CreatedAt.In(r.loc).Format("2 Jan 2006 15:04"), j.Total)
		}
	case "customerNote":
		var ns []*ent.CustomerNote
		ns, err = c.CustomerNote.Query().Where(customernote.IDIn(ids...)).Select(customernote.FieldBody).All(ctx)
		for _, n := range ns {
			out[n.ID] = "“" + clip(n.Body, 120) + "”"
		}
	case "apiToken":
		var ts []*ent.ApiToken
		ts, err = c.ApiToken.Query().Where(apitoken.IDIn(ids...)).Select(apitoken.FieldName, apitoken.FieldKind).All(ctx)
		for _, t := range ts {
			out[t.ID] = "API token " + t.Name
			if t.Kind == apitoken.KindLOGIN {
				out[t.ID] = "a sign-in"
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reading the names of audited %s records: %w", kind, err)
	}
	return out, nil
}

// entry renders one row.
func (r *renderer) entry(l *ent.AuditLog) *Entry {
	changes := decode(l.Changes)
	e := &Entry{ID: l.ID, CreatedAt: l.CreatedAt, Actor: l.Actor, Action: l.Action, Address: l.Address,
		Summary: summary(l.Action), Target: r.target(l, changes)}
	keys := make([]string, 0, len(changes))
	for k := range changes {
		if !hidden[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		from, to := split(changes[k])
		fc := FieldChange{Field: label(k), After: r.value(k, to)}
		if isChange(changes[k]) {
			b := r.value(k, from)
			fc.Before = &b
		}
		e.Changes = append(e.Changes, fc)
	}
	return e
}

// hidden are recorded fields that mean nothing to a person (internal ids of ledger rows).
var hidden = map[string]bool{"transactionID": true, "transaction_id": true}

// kindNames are the words for the kinds of target.
var kindNames = map[string]string{"customer": "customer", "staff": "staff", "profile": "plan", "nas": "router",
	"apiToken": "API token", "setting": "settings", "bulkJob": "bulk job", "customerNote": "note"}

// clip shortens s to at most n runes, marking a cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// enumFields are recorded fields whose values are enum names (ADMIN, SUSPENDED): shown in
// words ("admin", "suspended").
var enumFields = map[string]bool{"role": true, "status": true}

// target names the row's target, from the record as it is now or, when it is gone, from
// what the row recorded; never by its internal id.
func (r *renderer) target(l *ent.AuditLog, changes map[string]any) string {
	kind := kindNames[l.TargetType]
	if kind == "" {
		kind = l.TargetType
	}
	id, err := strconv.Atoi(l.TargetID)
	if u, ok := changes["username"].(string); ok && l.Action == "loginFailed" && (err != nil || id == 0) {
		return "unknown user " + u
	}
	if err != nil || id == 0 {
		if l.TargetType == "customer" {
			return "customers"
		}
		return kind
	}
	if name, ok := r.names[l.TargetType][id]; ok {
		if l.TargetType == "customer" || l.TargetType == "apiToken" {
			return name
		}
		return kind + " " + name
	}
	for _, k := range []string{"accountNo", "account_no", "username", "name"} {
		if v, ok := changes[k].(string); ok && v != "" {
			return kind + " " + v + " (deleted)"
		}
	}
	return "a deleted " + kind
}

// value shows one recorded value of field k.
func (r *renderer) value(k string, v any) string {
	if v == nil {
		return "(none)"
	}
	if kind, ok := refKinds[k]; ok {
		if id := asInt(v); id != 0 {
			if name, ok := r.names[kind][id]; ok {
				return name
			}
			return "(deleted " + kindNames[kind] + ")"
		}
	}
	switch x := v.(type) {
	case bool:
		if strings.EqualFold(k, "password") && x {
			return "changed"
		}
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return r.number(k, x)
	case string:
		if enumFields[k] {
			return strings.ToLower(strings.ReplaceAll(x, "_", " "))
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.In(r.loc).Format("2 Jan 2006 15:04")
		}
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// number shows a number: money in the currency, bytes in decimal GB, else as it is.
func (r *renderer) number(k string, x float64) string {
	lk := strings.ToLower(k)
	switch {
	case strings.Contains(lk, "amount") || strings.Contains(lk, "price") || strings.Contains(lk, "balance"):
		return notify.FormatAmount(int64(x), r.currency)
	case strings.Contains(lk, "bytes"):
		return strconv.FormatFloat(x/1e9, 'f', -1, 64) + " GB"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// decode reads a row's changes; text that is not a JSON object is one "changes" value.
func decode(s string) map[string]any {
	if s == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return map[string]any{"changes": s}
	}
	return m
}

// isChange reports whether v was recorded as {"from": …, "to": …}.
func isChange(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 2 {
		return false
	}
	_, f := m["from"]
	_, t := m["to"]
	return f && t
}

// split returns a recorded value's before and after (before nil when only after was kept).
func split(v any) (from, to any) {
	if isChange(v) {
		m := v.(map[string]any)
		return m["from"], m["to"]
	}
	return nil, v
}

func asInt(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		n, _ := strconv.Atoi(x)
		return n
	}
	return 0
}

// labels are the field names that read better otherwise than split into words.
var labels = map[string]string{
	"job": "Bulk job", "profileID": "Plan", "profile_id": "Plan", "nasID": "Router", "nas_id": "Router", "staffID": "Staff member",
	"afterCapProfileID": "Plan after the cap", "after_cap_profile_id": "Plan after the cap", "transactionID": "Transaction",
	"expiresAt": "Expires", "expires_at": "Expires", "mac_lock": "MAC lock", "macLock": "MAC lock",
	"static_ip": "Static IP", "staticIP": "Static IP", "ipAddress": "IP address", "ip_address": "IP address",
	"apiTLS": "API over TLS", "apiCaCertificate": "API CA certificate", "apiTlsFingerprint": "API TLS fingerprint",
	"apiAddress": "API address", "apiUser": "API user", "apiPassword": "API password", "coaPort": "CoA port",
	"totp": "Two-factor sign-in", "accountNo": "Account number", "account_no": "Account number", "signIn": "Sign-in from", "data_limit_bytes": "Data limit",
}

// label turns a field name (camelCase or snake_case) into words: "full_name" → "Full name".
func label(k string) string {
	if l, ok := labels[k]; ok {
		return l
	}
	var b strings.Builder
	rs := []rune(k)
	for i, ch := range rs {
		switch {
		case ch == '_':
			b.WriteRune(' ')
		case unicode.IsUpper(ch) && i > 0 && unicode.IsLower(rs[i-1]):
			// a word starts; a run of capitals (TLS, IP) stays one word
			b.WriteRune(' ')
			if i+1 < len(rs) && unicode.IsUpper(rs[i+1]) {
				b.WriteRune(ch)
			} else {
				b.WriteRune(unicode.ToLower(ch))
			}
		default:
			b.WriteRune(ch)
		}
	}
	s := b.String()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
