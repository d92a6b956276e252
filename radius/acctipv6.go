package radius

import (
	"strings"

	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// The IPv6 a router reports in accounting (Framed-IPv6-Prefix, Delegated-IPv6-Prefix,
// Framed-Interface-Id, Framed-IPv6-Address), read leniently by radius/ipv6 in decodeAcct and
// written by the batch to session_ipv6. A malformed attribute is stored as a note; the
// packet is accounted and answered as any other.

// noteIPv6 adds r's IPv6 report of row's session to the batch: always on Start and Stop, on
// an Interim-Update only when it differs from what this process last wrote for the session.
func (p *batchPlan) noteIPv6(row *sessRow, r *acctReq) {
	if r.v6.IsZero() || (!row.Open && r.status != rfc2866.AcctStatusType_Value_Stop) {
		return // nothing reported, or a retransmit for a stopped session (changes nothing)
	}
	malformed := strings.Join(r.v6.Malformed, "; ")
	memo := r.v6.Framed + "|" + r.v6.Delegated + "|" + r.v6.InterfaceID + "|" + r.v6.Address + "|" + malformed
	if r.status == rfc2866.AcctStatusType_Value_InterimUpdate && memo == row.v6memo {
		return
	}
	row.v6memo = memo
	if len(malformed) > 500 {
		malformed = strings.ToValidUTF8(malformed[:500], "")
	}
	p.v6[r.key] = radiusdb.SessionIPv6{
		Key: r.key, FramedPrefix: r.v6.Framed, DelegatedPrefix: r.v6.Delegated,
		InterfaceID: r.v6.InterfaceID, FramedAddress: r.v6.Address, Malformed: malformed, At: r.at.UTC(),
	}
}
