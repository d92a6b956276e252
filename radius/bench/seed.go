package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// BenchProfile is the profile Seed puts bench users on.
const BenchProfile = "bench"

// Seed makes a database ready for a bench run: a NAS record for nasIP with secret (created,
// or its secret updated), a "bench" profile (10M/10M), and customers Username("bench", 1..users)
// with password "bench-password", expiring in a year, up to 100 sessions each (accounting runs
// open one session per user). Existing bench users are kept; missing ones are created in
// bulk. It is idempotent.
func Seed(ctx context.Context, st *store.Store, box *secret.Box, nasIP, secretText string, users int) error {
	sealed, err := box.Encrypt(secretText)
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	n, err := st.Client.Nas.Query().Where(nas.IPAddress(nasIP)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		err = st.Client.Nas.Create().SetName("bench-" + nasIP).SetIPAddress(nasIP).SetSecretEnc(sealed).Exec(ctx)
	case err == nil:
		err = n.Update().SetSecretEnc(sealed).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("bench seed: NAS %s: %w", nasIP, err)
	}
	p, err := st.Client.Profile.Query().Where(profile.Name(BenchProfile)).Only(ctx)
	if ent.IsNotFound(err) {
		p, err = st.Client.Profile.Create().SetName(BenchProfile).SetUploadKbps(10000).SetDownloadKbps(10000).
			SetPrice(0).SetPool("bench-pool").Save(ctx)
	}
	if err != nil {
		return fmt.Errorf("bench seed: profile: %w", err)
	}
	existing, err := st.Client.Customer.Query().Where(customer.UsernameHasPrefix(DefaultPrefix)).
		Select(customer.FieldUsername).Strings(ctx)
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	have := make(map[string]bool, len(existing))
	for _, u := range existing {
		have[u] = true
	}
	accounts, err := st.Client.Customer.Query().Select(customer.FieldAccountNo).Strings(ctx)
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	nextAccount := int64(100000)
	for _, a := range accounts {
		if v, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64); err == nil && v > nextAccount {
			nextAccount = v
		}
	}
	// One encrypted password for all: AES-GCM per row would cost nothing much either, but
	// the value is the same secret, so one sealing is enough.
	pw, err := box.Encrypt(DefaultPassword)
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	expires := time.Now().UTC().AddDate(1, 0, 0)
	type row struct {
		i       int
		account int64
	}
	var batch []row
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := store.InTx(ctx, st.Client, func(ctx context.Context, tx *ent.Client) error {
			builders := make([]*ent.CustomerCreate, len(batch))
			for k, r := range batch {
				builders[k] = tx.Customer.Create().SetAccountNo(strconv.FormatInt(r.account, 10)).
					SetUsername(Username(DefaultPrefix, r.i)).SetPasswordEnc(pw).SetPhone(fmt.Sprintf("+2547%08d", r.i)).
					SetProfileID(p.ID).SetExpiresAt(expires).SetMaxSessions(100)
			}
			return tx.Customer.CreateBulk(builders...).Exec(ctx)
		})
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("bench seed: creating customers: %w", err)
		}
		return nil
	}
	for i := 1; i <= users; i++ {
		u := Username(DefaultPrefix, i)
		if have[u] {
			continue
		}
		nextAccount++
		batch = append(batch, row{i: i, account: nextAccount})
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
