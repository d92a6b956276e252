// Package demo fills a linedesk database with a believable data set (plans, a router,
// customers with Kenyan names and phone numbers, some of them expired) and, on request,
// runs a simulated MikroTik router against linedesk's RADIUS server with subscribers that
// come and go and whose usage grows. `linedesk demo [--simulate N]` runs it.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// NASName is the demo router's record.
const NASName = "demo-router"

// NASSecret is the demo router's RADIUS secret: fixed and printed, so that anyone trying
// linedesk can point radtest at it. Demo data only; real routers get their own secrets.
const NASSecret = "demo-secret"

const gb = int64(1_000_000_000) // decimal gigabytes, as ISPs sell them

// profileSpec is one demo plan.
type profileSpec struct {
	name                string
	down, up            int
	burstDown, burstUp  int
	limit               int64 // bytes; 0 for none
	price               int64 // minor units
	afterCap            string
	description         string
	validity            int
	customerShareWeight int
}

var profiles = []profileSpec{
	{name: "Fair Use 2M", down: 2000, up: 1000, price: 0, validity: 30, description: "speed after a data cap is reached"},
	{name: "Home 10M", down: 10000, up: 5000, limit: 300 * gb, price: 150000, afterCap: "Fair Use 2M", validity: 30, customerShareWeight: 5, description: "home fibre, 300 GB a month"},
	{name: "Home 20M", down: 20000, up: 10000, limit: 600 * gb, price: 250000, afterCap: "Fair Use 2M", validity: 30, customerShareWeight: 3, description: "home fibre, 600 GB a month"},
	{name: "Business 50M", down: 50000, up: 25000, burstDown: 80000, burstUp: 40000, price: 650000, validity: 30, customerShareWeight: 1, description: "unlimited, burst to 80 Mbit/s"},
}

var firstNames = []string{
	"Wanjiku", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Akinyi", "Odhiambo", "Wambui", "Kiprop",
	"Chebet", "Mutua", "Nyambura", "Omondi", "Jeptoo", "Kipchoge", "Muthoni", "Wekesa", "Atieno", "Njoroge",
	"Naliaka", "Barasa", "Wairimu", "Ochieng", "Kerubo", "Onyango", "Moraa", "Kiplagat", "Auma", "Gitau",
	"Grace", "Brian", "Faith", "Kevin", "Mercy", "Dennis", "Esther", "Collins", "Joy", "Victor",
}

var lastNames = []string{
	"Kamau", "Otieno", "Mwangi", "Odhiambo", "Njoroge", "Kariuki", "Ochieng", "Wanjala", "Mutai", "Kiptoo",
	"Onyango", "Maina", "Owino", "Githinji", "Cheruiyot", "Wafula", "Mugo", "Korir", "Nyongesa", "Omollo",
	"Kimani", "Macharia", "Rotich", "Ndungu", "Juma", "Were", "Mbugua", "Langat", "Achieng", "Karanja",
}

var estates = []string{
	"Kilimani", "Westlands", "South B", "Kileleshwa", "Lavington", "Ngong Road", "Embakasi", "Rongai",
	"Kasarani", "Ruaka", "Syokimau", "Donholm", "Parklands", "Langata", "Kitengela", "Ruiru",
}

// demoCustomer is one generated customer, the same for the same index on every run.
type demoCustomer struct {
	username, fullName, phone, email, address string
	profile                                   string
	expired, suspended                        bool
	expiresIn                                 time.Duration
}

// customersFor generates n customers deterministically.
func customersFor(n int) []demoCustomer {
	rng := mrand.New(mrand.NewPCG(20261130, 5))
	seen := map[string]bool{}
	prefixes := []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 40, 41, 42, 43, 45, 46, 48, 90, 91, 92, 93, 94, 95}
	weights := 0
	for _, p := range profiles {
		weights += p.customerShareWeight
	}
	out := make([]demoCustomer, 0, n)
	for i := 0; i < n; i++ {
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		for last == first {
			last = lastNames[rng.IntN(len(lastNames))]
		}
		base := strings.ToLower(first + "." + last)
		username := base
		for k := 2; seen[username]; k++ {
			username = base + strconv.Itoa(k)
		}
		seen[username] = true
		phone := fmt.Sprintf("+2547%02d%06d", prefixes[rng.IntN(len(prefixes))], rng.IntN(1000000))
		w := rng.IntN(weights)
		plan := ""
		for _, p := range profiles {
			if w < p.customerShareWeight {
				plan = p.name
				break
			}
			w -= p.customerShareWeight
		}
		c := demoCustomer{
			username: username, fullName: first + " " + last, phone: phone,
			address: fmt.Sprintf("%s, house %d", estates[rng.IntN(len(estates))], 1+rng.IntN(240)),
			profile: plan,
		}
		if rng.IntN(3) == 0 {
			c.email = strings.ToLower(first+"."+last) + "@example.co.ke"
		}
		switch {
		case i%10 == 7:
			c.expired = true
			c.expiresIn = -time.Duration(1+rng.IntN(10)) * 24 * time.Hour
		case i%25 == 13:
			c.suspended = true
			c.expiresIn = time.Duration(5+rng.IntN(20)) * 24 * time.Hour
		default:
			c.expiresIn = time.Duration(1+rng.IntN(29))*24*time.Hour + time.Duration(rng.IntN(24))*time.Hour
		}
		out = append(out, c)
	}
	return out
}

func randomSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Seeded is what the seed step found or made.
type Seeded struct {
	Profiles         map[string]*ent.Profile
	NAS              *ent.Nas
	Customers        []*ent.Customer // the demo customers, in generation order
	CreatedCustomers int
}

// accountLock is the advisory lock internal/customers takes while handing out account numbers.
const accountLock = int64(0x6c6e646b_0003)

// Seed creates what is missing of the demo data set: the plans, the router and n customers.
// Running it again creates nothing new; a larger n adds customers.
func Seed(ctx context.Context, st *store.Store, box *secret.Box, n int) (*Seeded, error) {
	out := &Seeded{Profiles: map[string]*ent.Profile{}}
	err := store.InTx(ctx, st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := seedProfiles(ctx, c, out.Profiles); err != nil {
			return err
		}
		n0, err := seedNAS(ctx, c, box)
		if err != nil {
			return err
		}
		out.NAS = n0

		if st.IsPostgres() {
			if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", accountLock); err != nil {
				return fmt.Errorf("demo: locking account numbers: %w", err)
			}
		}
		specs := customersFor(n)
		names := make([]string, len(specs))
		for i, s := range specs {
			names[i] = s.username
		}
		existing, err := customersNamed(ctx, c, names)
		if err != nil {
			return err
		}
		var missing []demoCustomer
		for _, s := range specs {
			if existing[s.username] == nil {
				missing = append(missing, s)
			}
		}
		if err := createCustomers(ctx, c, box, missing, out.Profiles); err != nil {
			return err
		}
		out.CreatedCustomers = len(missing)
		byName, err := customersNamed(ctx, c, names)
		if err != nil {
			return err
		}
		for _, nm := range names {
			if cu := byName[nm]; cu != nil {
				out.Customers = append(out.Customers, cu)
			}
		}
		return nil
	})
	return out, err
}

// seedProfiles creates the demo plans that are missing and puts every one in byName.
func seedProfiles(ctx context.Context, c *ent.Client, byName map[string]*ent.Profile) error {
	for _, spec := range profiles {
		p, err := c.Profile.Query().Where(profile.Name(spec.name)).Only(ctx)
		if ent.IsNotFound(err) {
			cr := c.Profile.Create().SetName(spec.name).SetDescription(spec.description).
				SetDownloadKbps(spec.down).SetUploadKbps(spec.up).SetPrice(spec.price).SetValidityDays(spec.validity)
			if spec.limit > 0 {
				cr.SetDataLimitBytes(spec.limit)
			}
			if spec.burstDown > 0 {
				cr.SetBurstDownloadKbps(spec.burstDown).SetBurstUploadKbps(spec.burstUp)
			}
			if spec.afterCap != "" {
				cr.SetAfterCapProfileID(byName[spec.afterCap].ID)
			}
			p, err = cr.Save(ctx)
		}
		if err == nil && spec.limit > 0 && p.DataLimitBytes != nil && *p.DataLimitBytes == spec.limit/gb<<30 {
			// Seeded by an older demo in binary gigabytes (300 GiB shown as 322 GB): correct it.
			p, err = p.Update().SetDataLimitBytes(spec.limit).Save(ctx)
		}
		if err != nil {
			return fmt.Errorf("demo: profile %s: %w", spec.name, err)
		}
		byName[spec.name] = p
	}
	return nil
}

// seedNAS returns the demo router's record (or the one at 127.0.0.1), creating it if missing.
func seedNAS(ctx context.Context, c *ent.Client, box *secret.Box) (*ent.Nas, error) {
	n0, err := c.Nas.Query().Where(entnas.Or(entnas.Name(NASName), entnas.IPAddress("127.0.0.1"))).First(ctx)
	if ent.IsNotFound(err) {
		n0, err = c.Nas.Create().SetName(NASName).SetIPAddress("127.0.0.1").
			SetSecretEnc(box.MustEncrypt(NASSecret)).Save(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("demo: NAS: %w", err)
	}
	return n0, nil
}

// customersNamed reads the customers with the given user names, 500 names a query.
func customersNamed(ctx context.Context, c *ent.Client, names []string) (map[string]*ent.Customer, error) {
	byName := map[string]*ent.Customer{}
	for start := 0; start < len(names); start += 500 {
		list, err := c.Customer.Query().Where(customer.UsernameIn(names[start:min(start+500, len(names))]...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("demo: reading customers: %w", err)
		}
		for _, cu := range list {
			byName[cu.Username] = cu
		}
	}
	return byName, nil
}

// createCustomers creates specs with random passwords and the next account numbers, 200 a
// statement.
func createCustomers(ctx context.Context, c *ent.Client, box *secret.Box, specs []demoCustomer, plans map[string]*ent.Profile) error {
	next, err := nextAccountNo(ctx, c)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	creates := make([]*ent.CustomerCreate, 0, len(specs))
	for _, s := range specs {
		pw := randomSecret(5)
		p := plans[s.profile]
		cr := c.Customer.Create().SetAccountNo(strconv.FormatInt(next, 10)).SetUsername(s.username).
			SetPasswordEnc(box.MustEncrypt(pw)).SetPhone(s.phone).SetFullName(s.fullName).
			SetNameSearch(strings.ToLower(s.fullName)).SetAddress(s.address).SetProfileID(p.ID).
			SetExpiresAt(now.Add(s.expiresIn)).SetJoinedAt(now.Add(-time.Duration(30+len(s.username)*9) * 24 * time.Hour)).
			SetPeriodStart(now.Add(s.expiresIn - time.Duration(p.ValidityDays)*24*time.Hour))
		if s.email != "" {
			cr.SetEmail(s.email)
		}
		if s.suspended {
			cr.SetStatus(customer.StatusSUSPENDED)
		}
		creates = append(creates, cr)
		next++
	}
	for start := 0; start < len(creates); start += 200 {
		if err := c.Customer.CreateBulk(creates[start:min(start+200, len(creates))]...).Exec(ctx); err != nil {
			return fmt.Errorf("demo: creating customers: %w", err)
		}
	}
	return nil
}

// nextAccountNo is one past the highest numeric account number (100001 at first).
func nextAccountNo(ctx context.Context, c *ent.Client) (int64, error) {
	last, err := c.Customer.Query().
		Order(func(sel *entsql.Selector) {
			sel.OrderExpr(entsql.Expr("length(" + sel.C(customer.FieldAccountNo) + ") DESC"))
			sel.OrderBy(entsql.Desc(sel.C(customer.FieldAccountNo)))
		}).
		Limit(1).Select(customer.FieldAccountNo).Strings(ctx)
	if err != nil {
		return 0, fmt.Errorf("demo: reading the last account number: %w", err)
	}
	next := int64(100001)
	if len(last) == 1 {
		if n, err := strconv.ParseInt(last[0], 10, 64); err == nil && n+1 > next {
			next = n + 1
		}
	}
	return next, nil
}
