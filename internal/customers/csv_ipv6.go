package customers

import (
	"context"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
)

// The framed_ipv6_prefix and delegated_ipv6_prefix columns of an import: a customer's own
// Framed-IPv6-Prefix and Delegated-IPv6-Prefix, read and refused as on the dashboard
// (ipv6cfg): a prefix given twice in the file or overlapping another row's, one another
// customer has or overlaps, or one inside one of linedesk's IPv6 pools is an error of its row,
// and nothing is written. An empty cell clears the customer's prefix.

// checkPrefixes reads the IPv6 cells of the valid rows into row.ipv6 and records the
// conflicts in res, checking every row against the stored customers, linedesk's IPv6 pools and
// the rows before it through one in-memory index (a new customer is its row, -line); a stored
// customer's row whose prefixes change is marked changed. A prefix an earlier row frees may be
// taken by a later one.
func checkPrefixes(ctx context.Context, c *ent.Client, rows []*importRow, res *ImportResult) error {
	if !anyPrefixRow(rows) {
		return nil
	}
	var ids []int
	for _, row := range rows {
		if row.existing != nil {
			ids = append(ids, row.existing.ID)
		}
	}
	idx, err := ipv6cfg.LoadIndex(ctx, c)
	if err != nil {
		return err
	}
	stored, err := ipv6cfg.Customers(ctx, c, ids)
	if err != nil {
		return err
	}
	for _, row := range rows {
		in, ok := row.prefixInput(res)
		if !ok {
			continue
		}
		holder := -row.line
		if row.existing != nil {
			holder = row.existing.ID
		}
		changed, err := ipv6cfg.CheckCustomer(ctx, c, idx, holder, stored[holder], in)
		if de, ok := domain.As(err); ok {
			res.fail(row, csvColumn(de.Field), "%s", de.Message)
			continue
		} else if err != nil {
			return err
		}
		row.ipv6 = &in
		row.changed = row.changed || (changed && row.existing != nil)
	}
	return nil
}

func hasColumn(row *importRow, col string) bool { _, ok := row.cells[col]; return ok }

func anyPrefixRow(rows []*importRow) bool {
	for _, row := range rows {
		if hasColumn(row, "framed_ipv6_prefix") || hasColumn(row, "delegated_ipv6_prefix") {
			return true
		}
	}
	return false
}

// prefixInput is the row's IPv6 input, checked; false when the row has none or it is invalid.
func (row *importRow) prefixInput(res *ImportResult) (ipv6cfg.Input, bool) {
	var in ipv6cfg.Input
	if row.username == "" {
		return in, false
	}
	if v, ok := row.cells["framed_ipv6_prefix"]; ok {
		in.FramedPrefix = &v
	}
	if v, ok := row.cells["delegated_ipv6_prefix"]; ok {
		in.DelegatedPrefix = &v
	}
	if in.FramedPrefix == nil && in.DelegatedPrefix == nil {
		return in, false
	}
	if err := ipv6cfg.Check(&in); err != nil {
		field := ""
		if de, ok := domain.As(err); ok {
			field = de.Field
		}
		res.fail(row, csvColumn(field), "%s", messageOf(err))
		return in, false
	}
	return in, true
}

// prefixIndex is, for writing rows, the prefix index read in the import's transaction after
// taking the prefix lock (nil when no row sets a prefix).
func (s *Service) prefixIndex(ctx context.Context, c *ent.Client, rows []*importRow) (*ipv6cfg.Index, error) {
	for _, row := range rows {
		if row.ipv6 != nil && (!row.update || row.changed) {
			if err := s.lockPrefixes(ctx, c); err != nil {
				return nil, err
			}
			return ipv6cfg.LoadIndex(ctx, c)
		}
	}
	return nil, nil
}

// setCreatedPrefixes gives the new customers of rows (created, with their ids) their rows'
// prefixes, in the import's transaction, checked again against idx.
func setCreatedPrefixes(ctx context.Context, c *ent.Client, idx *ipv6cfg.Index, rows []*importRow) error {
	for _, row := range rows {
		if row.ipv6 == nil {
			continue
		}
		if _, err := ipv6cfg.SetCustomerIndexed(ctx, c, idx, row.id, row.ipv6); err != nil {
			return rowErr(row.line, err)
		}
	}
	return nil
}
