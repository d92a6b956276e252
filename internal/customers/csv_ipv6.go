package customers

import (
	"context"
	"net/netip"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
)

// The framed_ipv6_prefix and delegated_ipv6_prefix columns of an import: a customer's own
// Framed-IPv6-Prefix and Delegated-IPv6-Prefix, read and refused as on the dashboard
// (ipv6cfg): a prefix given twice in the file or overlapping another row's, one another
// customer has or overlaps, or one inside one of linedesk's IPv6 pools is an error of its row,
// and nothing is written. An empty cell clears the customer's prefix.

// prefixColumns are the import's IPv6 columns and the ipv6cfg fields they set.
var prefixColumns = map[string]string{"framed_ipv6_prefix": "ipv6.framedPrefix", "delegated_ipv6_prefix": "ipv6.delegatedPrefix"}

// maxPairwise bounds the prefixes of a file compared with each other for overlaps before
// writing; beyond it only exact duplicates are found first, and the writing transaction
// still refuses an overlap.
const maxPairwise = 5000

type filePrefix struct {
	p    netip.Prefix
	line int
	col  string // set on a clash: the column of the row's own prefix
}

// filePrefixes are the prefixes of the rows read so far.
type filePrefixes struct {
	exact map[netip.Prefix]int
	some  []filePrefix // the first maxPairwise
}

// checkPrefixes reads the IPv6 cells of the valid rows into row.ipv6 and records the
// conflicts in res; a stored customer's row whose prefixes change is marked changed.
func checkPrefixes(ctx context.Context, c *ent.Client, rows []*importRow, res *ImportResult) error {
	seen := filePrefixes{exact: map[netip.Prefix]int{}}
	for _, row := range rows {
		in, ok := row.prefixInput(res)
		if !ok {
			continue
		}
		if clash := seen.clash(in); clash.line != 0 {
			res.fail(row, clash.col, "IPv6 prefix %s already appears on row %d, or overlaps it", clash.p, clash.line)
			continue
		}
		for _, v := range []*string{in.FramedPrefix, in.DelegatedPrefix} {
			if p, err := netip.ParsePrefix(strings.TrimSpace(deref(v))); err == nil {
				seen.exact[p] = row.line
				if len(seen.some) < maxPairwise {
					seen.some = append(seen.some, filePrefix{p: p, line: row.line})
				}
			}
		}
		id := 0
		if row.existing != nil {
			id = row.existing.ID
		}
		changed, err := ipv6cfg.CheckCustomer(ctx, c, id, in)
		if de, ok := domain.As(err); ok {
			res.fail(row, csvPrefixColumn(de.Field), "%s", de.Message)
			continue
		} else if err != nil {
			return err
		}
		row.ipv6 = &in
		row.changed = row.changed || (changed && row.existing != nil)
	}
	return nil
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
		res.fail(row, csvPrefixColumn(field), "%s", messageOf(err))
		return in, false
	}
	return in, true
}

// clash is an earlier row's prefix that one of in's equals or overlaps (line 0: none).
func (fp filePrefixes) clash(in ipv6cfg.Input) filePrefix {
	for col, v := range map[string]*string{"framed_ipv6_prefix": in.FramedPrefix, "delegated_ipv6_prefix": in.DelegatedPrefix} {
		p, err := netip.ParsePrefix(strings.TrimSpace(deref(v)))
		if err != nil {
			continue
		}
		if line, ok := fp.exact[p]; ok {
			return filePrefix{p, line, col}
		}
		for _, s := range fp.some {
			if s.p.Overlaps(p) {
				return filePrefix{s.p, s.line, col}
			}
		}
	}
	return filePrefix{}
}

func csvPrefixColumn(field string) string {
	for col, f := range prefixColumns {
		if f == field {
			return col
		}
	}
	return "framed_ipv6_prefix"
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// setCreatedPrefixes gives the new customers of rows (created, with their ids) their rows'
// prefixes, in the import's transaction.
func (s *Service) setCreatedPrefixes(ctx context.Context, c *ent.Client, rows []*importRow) error {
	for _, row := range rows {
		if row.ipv6 == nil {
			continue
		}
		if _, err := s.setIPv6(ctx, c, row.id, row.ipv6); err != nil {
			return rowErr(row.line, err)
		}
	}
	return nil
}
