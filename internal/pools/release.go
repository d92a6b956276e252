package pools

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/session"
)

// SessionKey names a login's session for its address: the router, the user name (trimmed,
// lower case) and the Acct-Session-Id the router sends in the Access-Request and again in
// accounting. A router that sends no Acct-Session-Id is keyed on its NAS port instead
// (PortKey). Long keys are hashed to fit the column.
func SessionKey(nasID int, username, acctSessionID string) string {
	return fitKey(strconv.Itoa(nasID) + "|" + username + "|" + acctSessionID)
}

// PortKey is SessionKey for a login without Acct-Session-Id: the router, user and NAS port.
func PortKey(nasID int, username, port string) string {
	return fitKey(strconv.Itoa(nasID) + "|" + username + "|port:" + port)
}

func fitKey(k string) string {
	if len(k) <= 200 {
		return k
	}
	sum := sha256.Sum256([]byte(k))
	return "h:" + hex.EncodeToString(sum[:])
}

// Release frees the addresses held by the sessions keys name (at their Stop, or when the
// reaper or a router's Accounting-On/Off closes them) and returns how many were freed.
func (a *Allocator) Release(ctx context.Context, keys []string) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	freed := 0
	for start := 0; start < len(keys); start += 500 {
		part := keys[start:min(start+500, len(keys))]
		n, err := a.releaseWhere(ctx, ipallocation.FieldSessionKey+" IN ("+a.phList(1, len(part))+")", anys(part)...)
		if err != nil {
			return freed, err
		}
		freed += n
	}
	return freed, nil
}

// Sweep frees the addresses given at a login whose customer has no open session and that
// are older than cutoff: logins that never started (the router refused them after the
// Accept, or its Start was lost) and sessions whose Stop was missed.
func (a *Allocator) Sweep(ctx context.Context, cutoff time.Time) (int, error) {
	return a.releaseWhere(ctx, ipallocation.FieldCreatedAt+" < "+a.ph(1)+" AND NOT EXISTS (SELECT 1 FROM "+
		session.Table+" s WHERE s."+session.FieldOpen+" AND s."+session.FieldCustomerID+" = "+ipallocation.Table+"."+
		ipallocation.FieldCustomerID+")", cutoff.UTC())
}

// releaseWhere deletes the session allocations matching where and forgets them in this
// instance's view of their pools.
func (a *Allocator) releaseWhere(ctx context.Context, where string, args ...any) (int, error) {
	q := "DELETE FROM " + ipallocation.Table + " WHERE " + ipallocation.FieldKind + " = '" +
		string(ipallocation.KindSESSION) + "' AND " + where + " RETURNING " + ipallocation.FieldPoolID + ", " + ipallocation.FieldAddress
	rows, err := a.db.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("freeing addresses: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			poolID int
			addr   string
		)
		if err := rows.Scan(&poolID, &addr); err != nil {
			return n, fmt.Errorf("freeing addresses: %w", err)
		}
		n++
		a.mu.Lock()
		ps := a.pools[poolID]
		a.mu.Unlock()
		if ps != nil {
			ps.forget(addr)
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("freeing addresses: %w", err)
	}
	return n, nil
}

// phList is the placeholders from the first-th, n of them, comma-separated.
func (a *Allocator) phList(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.ph(first + i))
	}
	return b.String()
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
