package customers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/store"
)

// importChunk is the number of customers one INSERT statement creates: 1,000 rows of about
// 17 columns stay under the bound variables of both databases (SQLite 32,766, PostgreSQL
// 65,535).
const importChunk = 1000

// writeRows creates the new customers and updates the changed ones through c (a
// transaction's client), recording generated passwords and changed IDs in res. Every row was
// validated in memory (validateRows) against the stored customers read in a few queries, so
// the new customers are written in multi-row inserts: the ent hooks still run on each
// (UTC times), the change feed is written in bulk beside them (one row per customer, as the
// hook writes), and the transaction keeps the import all-or-nothing.
func (s *Service) writeRows(ctx context.Context, c *ent.Client, rows []*importRow, region string, res *ImportResult, opts ImportOptions) error {
	idx, err := s.prefixIndex(ctx, c, rows)
	if err != nil {
		return err
	}
	var fresh []*importRow
	for done, row := range rows {
		if row.update && !row.changed {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !row.update {
			fresh = append(fresh, row)
			continue
		}
		if opts.Progress != nil && ((done+1)%100 == 0 || done+1 == len(rows)) {
			opts.Progress("update", done+1, len(rows))
		}
		if err := s.applyRow(ctx, c, idx, row, region); err != nil {
			return rowErr(row.line, err)
		}
		res.ChangedIDs = append(res.ChangedIDs, row.existing.ID)
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := s.createRows(ctx, c, fresh, res, opts); err != nil {
		return err
	}
	if err := claimCreatedStatics(ctx, c, fresh); err != nil {
		return err
	}
	return setCreatedPrefixes(ctx, c, idx, fresh)
}

// createRows creates the customers of rows (all new, validated): with COPY on PostgreSQL
// (copyRows), else in multi-row inserts of importChunk.
func (s *Service) createRows(ctx context.Context, c *ent.Client, rows []*importRow, res *ImportResult, opts ImportOptions) error {
	validity, err := profileValidity(ctx, c)
	if err != nil {
		return err
	}
	acc, err := s.importAccounts(ctx, c, rows)
	if err != nil {
		return err
	}
	now := s.now()
	if store.CanCopy(ctx) {
		return s.copyRows(ctx, c, rows, validity, acc, now, res, opts)
	}
	bctx := store.ChangesWrittenByCaller(ctx)
	for start := 0; start < len(rows); start += importChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := rows[start:min(start+importChunk, len(rows))]
		builders := make([]*ent.CustomerCreate, len(chunk))
		for i, row := range chunk {
			if builders[i], err = s.newCustomer(c, row, validity, acc, now, res); err != nil {
				return rowErr(row.line, err)
			}
		}
		created, err := c.Customer.CreateBulk(builders...).Save(bctx)
		if err != nil {
			return rowErr(chunk[0].line, fmt.Errorf("creating customers (rows %d–%d): %w", chunk[0].line, chunk[len(chunk)-1].line, err))
		}
		ids := make([]int, len(created))
		for i, cu := range created {
			ids[i] = cu.ID
			chunk[i].id = cu.ID
		}
		if err := store.RecordChanges(ctx, c, store.EntityCustomer, "create", ids); err != nil {
			return err
		}
		res.ChangedIDs = append(res.ChangedIDs, ids...)
		if opts.Progress != nil {
			opts.Progress("write", start+len(chunk), len(rows))
		}
	}
	return nil
}

// newCustomer builds the create of one validated new row, as Create would make it.
func (s *Service) newCustomer(c *ent.Client, row *importRow, validity map[int]int, acc *accounts, now time.Time, res *ImportResult) (*ent.CustomerCreate, error) {
	in := row.createInput()
	out := &Created{}
	pw, err := password(in, row.username, out)
	if err != nil {
		return nil, err
	}
	enc, err := s.box.Encrypt(pw)
	if err != nil {
		return nil, fmt.Errorf("encrypting password: %w", err)
	}
	if out.GeneratedPassword != "" {
		res.Generated = append(res.Generated, GeneratedPassword{Row: row.line, Username: row.username, Password: out.GeneratedPassword})
	}
	expires := now.AddDate(0, 0, validity[in.ProfileID])
	if in.ExpiresAt != nil {
		expires = in.ExpiresAt.UTC()
	}
	accountNo := in.AccountNo
	if accountNo == "" {
		accountNo = acc.take()
	}
	cr := c.Customer.Create().
		SetAccountNo(accountNo).SetUsername(row.username).SetPasswordEnc(enc).SetPhone(in.Phone).
		SetProfileID(in.ProfileID).SetExpiresAt(expires).SetPeriodStart(now).SetJoinedAt(now).
		SetCreatedAt(now).SetUpdatedAt(now).
		SetNillableAutoRenew(in.AutoRenew).SetNillableStatus(in.Status)
	if err := applyOptional(cr.Mutation(), in.FullName, in.Email, in.Address, nil, nil); err != nil {
		return nil, err
	}
	return cr, nil
}

// profileValidity maps every profile to its validity in days (one query).
func profileValidity(ctx context.Context, c *ent.Client) (map[int]int, error) {
	ps, err := c.Profile.Query().Select(profile.FieldID, profile.FieldValidityDays).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading profiles: %w", err)
	}
	out := make(map[int]int, len(ps))
	for _, p := range ps {
		out[p.ID] = p.ValidityDays
	}
	return out, nil
}

// importAccounts locks the account numbers and returns the next free one: after the stored
// customers' and after every number the file itself gives, so no number handed out collides
// with a row's own.
func (s *Service) importAccounts(ctx context.Context, c *ent.Client, rows []*importRow) (*accounts, error) {
	acc, err := s.nextAccounts(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if a := row.cells["account_no"]; a != "" {
			if n, err := strconv.ParseInt(a, 10, 64); err == nil && n+1 > acc.next {
				acc.next = n + 1
			}
		}
	}
	return acc, nil
}
