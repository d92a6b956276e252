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
	if err := seedNas(ctx, st, box, nasIP, secretText); err != nil {
		return err
	}
	p, err := st.Client.Profile.Query().Where(profile.Name(BenchProfile)).Only(ctx)
	if ent.IsNotFound(err) {
		p, err = st.Client.Profile.Create().SetName(BenchProfile).SetUploadKbps(10000).SetDownloadKbps(10000).
			SetPrice(0).SetPool("bench-pool").Save(ctx)
	}
	if err != nil {
		return fmt.Errorf("bench seed: profile: %w", err)
	}
	missing, nextAccount, err := missingUsers(ctx, st, users)
	if err != nil {
		return err
	}
	// One encrypted password for all: AES-GCM per row would cost nothing much either, but
	// the value is the same secret, so one sealing is enough.
	pw, err := box.Encrypt(DefaultPassword)
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	expires := time.Now().UTC().AddDate(1, 0, 0)
	for start := 0; start < len(missing); start += 1000 {
		part := missing[start:min(start+1000, len(missing))]
		first := nextAccount + int64(start) + 1
		err := store.InTx(ctx, st.Client, func(ctx context.Context, tx *ent.Client) error {
			builders := make([]*ent.CustomerCreate, len(part))
			for k, i := range part {
				builders[k] = tx.Customer.Create().SetAccountNo(strconv.FormatInt(first+int64(k), 10)).
					SetUsername(Username(DefaultPrefix, i)).SetPasswordEnc(pw).SetPhone(fmt.Sprintf("+2547%08d", i)).
					SetProfileID(p.ID).SetExpiresAt(expires).SetMaxSessions(100)
			}
			return tx.Customer.CreateBulk(builders...).Exec(ctx)
		})
		if err != nil {
			return fmt.Errorf("bench seed: creating customers: %w", err)
		}
	}
	return nil
}

// seedNas creates the NAS record for nasIP, or sets its secret.
func seedNas(ctx context.Context, st *store.Store, box *secret.Box, nasIP, secretText string) error {
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
	return nil
}

// missingUsers lists the bench user numbers 1..users not created yet, and the highest
// account number in use (at least 100000).
func missingUsers(ctx context.Context, st *store.Store, users int) ([]int, int64, error) {
	existing, err := st.Client.Customer.Query().Where(customer.UsernameHasPrefix(DefaultPrefix)).
		Select(customer.FieldUsername).Strings(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bench seed: %w", err)
	}
	have := make(map[string]bool, len(existing))
	for _, u := range existing {
		have[u] = true
	}
	accounts, err := st.Client.Customer.Query().Select(customer.FieldAccountNo).Strings(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bench seed: %w", err)
	}
	last := int64(100000)
	for _, a := range accounts {
		if v, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64); err == nil && v > last {
			last = v
		}
	}
	var missing []int
	for i := 1; i <= users; i++ {
		if !have[Username(DefaultPrefix, i)] {
			missing = append(missing, i)
		}
	}
	return missing, last, nil
}
