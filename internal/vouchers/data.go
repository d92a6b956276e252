package vouchers

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/voucherdata"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/topups"
)

// Vouchers may carry data (dataBytes) besides money or a plan: redeemed, each adds its bytes
// to the customer's current period as a top-up (topups.Add), which lifts an applied data cap
// and restores the full plan by CoA after commit.

// SetBatchData makes the vouchers of batch batchID carry bytes of data (once per batch).
func (s *Service) SetBatchData(ctx context.Context, batchID int, bytes int64) error {
	if bytes <= 0 || bytes > topups.MaxBytes {
		return domain.Invalidf("dataBytes", "a voucher's data is from 1 byte to 100 TB").WithKey("voucher.dataRange", nil)
	}
	return store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := tx.VoucherData.Create().SetBatchID(batchID).SetBytes(bytes).Exec(ctx); err != nil {
			return fmt.Errorf("vouchers: setting the batch's data: %w", err)
		}
		return nil
	})
}

// BatchData is the data each voucher of batchID carries (0 for none).
func BatchData(ctx context.Context, c *ent.Client, batchID int) (int64, error) {
	d, err := c.VoucherData.Query().Where(voucherdata.BatchID(batchID)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("vouchers: reading the batch's data: %w", err)
	}
	return d.Bytes, nil
}

// addData adds the data voucher v carries to customerID's period, in ctx's transaction.
func (s *Service) addData(ctx context.Context, tx *ent.Client, v *ent.Voucher, customerID int) error {
	bytes, err := BatchData(ctx, tx, v.BatchID)
	if err != nil || bytes == 0 {
		return err
	}
	_, err = s.ledger.TopUp(ctx, customerID, 0, fmt.Sprintf("voucher …%s data", v.Hint),
		func(ctx context.Context, tx *ent.Client, c *ent.Customer, _ *ent.Transaction) (bool, error) {
			_, lifted, err := topups.Add(ctx, tx, c, bytes, 0, nil, topups.SourceVoucher)
			return lifted, err
		})
	return err
}
