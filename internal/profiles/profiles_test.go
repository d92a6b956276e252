package profiles

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// published records the events a service publishes.
type published struct {
	mu  sync.Mutex
	evs []events.Event
}

func (p *published) Publish(e events.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.evs = append(p.evs, e)
}

func (p *published) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.evs)
}

func ptr[T any](v T) *T { return &v }

func home() CreateInput {
	return CreateInput{Name: "Home", DownloadKbps: 20000, UploadKbps: 5000, ValidityDays: 30, Price: 150000}
}

// refused fails unless err is a refusal of kind on field.
func refused(t *testing.T, err error, kind domain.Kind, field string) *domain.Error {
	t.Helper()
	de, ok := domain.As(err)
	if !ok || de.Kind != kind || de.Field != field {
		t.Fatalf("error %v (%#v), want kind %d on %q", err, de, kind, field)
	}
	return de
}

func TestCreateRefusesBadInput(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*CreateInput)
		field string
	}{
		{"empty name", func(in *CreateInput) { in.Name = "  " }, "name"},
		{"no download speed", func(in *CreateInput) { in.DownloadKbps = 0 }, "downloadKbps"},
		{"download too fast", func(in *CreateInput) { in.DownloadKbps = 100_000_001 }, "downloadKbps"},
		{"no upload speed", func(in *CreateInput) { in.UploadKbps = -1 }, "uploadKbps"},
		{"no validity", func(in *CreateInput) { in.ValidityDays = 0 }, "validityDays"},
		{"validity over ten years", func(in *CreateInput) { in.ValidityDays = 3661 }, "validityDays"},
		{"negative price", func(in *CreateInput) { in.Price = -1 }, "price"},
		{"zero data limit", func(in *CreateInput) { in.DataLimitBytes = ptr[int64](0) }, "dataLimitBytes"},
		{"missing after-cap profile", func(in *CreateInput) { in.AfterCapProfileID = ptr(999999) }, "afterCapProfileID"},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, nil)
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := home()
				c.edit(&in)
				_, err := s.Create(ctx, in)
				refused(t, err, domain.Invalid, c.field)
			})
		}
		if n := st.Client.Profile.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d profiles stored by refused creates", n)
		}
	})
}

func TestCreateTrimsAndAudits(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, nil)
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "alice", Address: "192.0.2.7"})
		in := home()
		in.Name, in.Pool, in.DataLimitBytes = "  Home 20 ", ptr(" pool-a "), ptr[int64](5<<30)
		p, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Home 20" || p.Pool == nil || *p.Pool != "pool-a" || p.DataLimitBytes == nil || *p.DataLimitBytes != 5<<30 {
			t.Fatalf("stored %+v", p)
		}
		row := st.Client.AuditLog.Query().Where(auditlog.Action("createProfile")).OnlyX(ctx)
		if row.Actor != "alice" || row.Address != "192.0.2.7" || row.TargetID != strconv.Itoa(p.ID) {
			t.Fatalf("audit row %+v", row)
		}
	})
}

// TestUpdateSetsAndClears: each optional field is left alone when absent, set when given,
// emptied by its clear flag (which wins over a value), and the audit row names what changed.
func TestUpdateSetsAndClears(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := New(st, pub)
		ctx := context.Background()
		other, err := s.Create(ctx, CreateInput{Name: "Capped", DownloadKbps: 512, UploadKbps: 512, ValidityDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		in := home()
		in.Description, in.BurstDownloadKbps, in.BurstTimeSeconds = ptr("fast"), ptr(40000), ptr(8)
		in.DataLimitBytes, in.Pool, in.ExpiredPool, in.AfterCapProfileID = ptr[int64](1<<30), ptr("a"), ptr("x"), &other.ID
		p, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name    string
			in      UpdateInput
			check   func(*ent.Profile) bool
			changed string
		}{
			{"nothing given changes nothing", UpdateInput{},
				func(p *ent.Profile) bool { return p.Name == "Home" && *p.Description == "fast" && *p.Pool == "a" }, ""},
			{"name trimmed", UpdateInput{Name: ptr(" Home 30 ")}, func(p *ent.Profile) bool { return p.Name == "Home 30" }, "name"},
			{"price set", UpdateInput{Price: ptr[int64](2000)}, func(p *ent.Profile) bool { return p.Price == 2000 }, "price"},
			{"clear wins over a value", UpdateInput{Description: ptr("x"), ClearDescription: true},
				func(p *ent.Profile) bool { return p.Description == nil }, "description"},
			{"clear burst empties all five", UpdateInput{ClearBurst: true},
				func(p *ent.Profile) bool { return p.BurstDownloadKbps == nil && p.BurstTimeSeconds == nil }, "burst_download_kbps"},
			{"data limit cleared", UpdateInput{ClearDataLimit: true}, func(p *ent.Profile) bool { return p.DataLimitBytes == nil }, "data_limit_bytes"},
			{"pool trimmed", UpdateInput{Pool: ptr(" b ")}, func(p *ent.Profile) bool { return *p.Pool == "b" }, "pool"},
			{"expired pool cleared", UpdateInput{ClearExpiredPool: true}, func(p *ent.Profile) bool { return p.ExpiredPool == nil }, "expired_pool"},
			{"after-cap cleared", UpdateInput{ClearAfterCapProfile: true, AfterCapProfileID: &p.ID},
				func(p *ent.Profile) bool { return p.AfterCapProfileID == nil }, "after_cap_profile_id"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := pub.count()
				got, err := s.Update(ctx, p.ID, c.in)
				if err != nil {
					t.Fatal(err)
				}
				if !c.check(got) || !c.check(st.Client.Profile.GetX(ctx, p.ID)) {
					t.Fatalf("profile after update: %+v", got)
				}
				row := st.Client.AuditLog.Query().Where(auditlog.Action("updateProfile")).Order(ent.Desc(auditlog.FieldID)).FirstX(ctx)
				if c.changed != "" && !strings.Contains(row.Changes, c.changed) {
					t.Fatalf("audit %s does not name %s", row.Changes, c.changed)
				}
				if pub.count() != before+1 {
					t.Fatalf("%d events, want one more than %d", pub.count(), before)
				}
			})
		}
	})
}

func TestUpdateRefusals(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st, nil)
		ctx := context.Background()
		p, err := s.Create(ctx, home())
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			id    int
			in    UpdateInput
			kind  domain.Kind
			field string
		}{
			{"missing profile", p.ID + 1000, UpdateInput{Price: ptr[int64](1)}, domain.NotFound, ""},
			{"empty name", p.ID, UpdateInput{Name: ptr(" ")}, domain.Invalid, "name"},
			{"negative price", p.ID, UpdateInput{Price: ptr[int64](-5)}, domain.Invalid, "price"},
			{"its own after-cap profile", p.ID, UpdateInput{AfterCapProfileID: &p.ID}, domain.Invalid, "afterCapProfileID"},
			{"missing after-cap profile", p.ID, UpdateInput{AfterCapProfileID: ptr(p.ID + 1000)}, domain.Invalid, "afterCapProfileID"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Update(ctx, c.id, c.in)
				refused(t, err, c.kind, c.field)
			})
		}
		if got := st.Client.Profile.GetX(ctx, p.ID); got.Price != 150000 || got.Name != "Home" || got.AfterCapProfileID != nil {
			t.Fatalf("refused updates changed the profile: %+v", got)
		}
	})
}

// TestDeleteRefusesUsedProfile: a profile with customers, or the after-cap profile of
// another, is not deleted; an unused one is, and CustomersCount counts its customers.
func TestDeleteRefusesUsedProfile(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := New(st, pub)
		ctx := context.Background()
		used, err := s.Create(ctx, home())
		if err != nil {
			t.Fatal(err)
		}
		capped, err := s.Create(ctx, CreateInput{Name: "Capped", DownloadKbps: 512, UploadKbps: 512, ValidityDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, CreateInput{Name: "Big", DownloadKbps: 9000, UploadKbps: 9000, ValidityDays: 30, AfterCapProfileID: &capped.ID}); err != nil {
			t.Fatal(err)
		}
		st.Client.Customer.Create().SetAccountNo("100001").SetUsername("jane").SetPasswordEnc("v1:x:y").
			SetPhone("+254700000001").SetProfileID(used.ID).SetExpiresAt(time.Now()).ExecX(ctx)
		if n, err := s.CustomersCount(ctx, used.ID); err != nil || n != 1 {
			t.Fatalf("customersCount %d, %v", n, err)
		}
		for _, c := range []struct {
			id   int
			want string
		}{{used.ID, `profile "Home" is used by 1 customers`}, {capped.ID, `profile "Capped" is the after-cap profile of 1 profiles`}} {
			_, err := s.Delete(ctx, c.id)
			if de := refused(t, err, domain.Invalid, "id"); !strings.HasPrefix(de.Message, c.want) {
				t.Fatalf("message %q, want %q…", de.Message, c.want)
			}
		}
		if n := st.Client.Profile.Query().CountX(ctx); n != 3 || pub.count() != 3 { // the three creates
			t.Fatalf("%d profiles, %d events after refused deletes", n, pub.count())
		}
		unused, err := s.Create(ctx, CreateInput{Name: "Unused", DownloadKbps: 1, UploadKbps: 1, ValidityDays: 1})
		if err != nil {
			t.Fatal(err)
		}
		if id, err := s.Delete(ctx, unused.ID); err != nil || id != unused.ID {
			t.Fatalf("delete: %d, %v", id, err)
		}
		if _, err := s.Delete(ctx, unused.ID); !domain.IsKind(err, domain.NotFound) {
			t.Fatalf("deleting again: %v, want not found", err)
		}
		if pub.count() != 3+2 {
			t.Fatalf("%d events after a create and a delete, want 5 in all", pub.count())
		}
	})
}

// TestEventsWaitForTheCommit: a service called inside an enclosing transaction joins it, and
// its event is published only once that transaction commits (never after a rollback).
func TestEventsWaitForTheCommit(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := New(st, pub)
		ctx := context.Background()
		p, err := s.Create(ctx, home())
		if err != nil {
			t.Fatal(err)
		}
		// A new plan is announced too: RADIUS must know it before a customer on it dials.
		if pub.count() != 1 || pub.evs[0].Kind != events.ProfileChanged || pub.evs[0].EntityID != p.ID {
			t.Fatalf("after create: %+v, want one ProfileChanged for %d", pub.evs, p.ID)
		}
		pub.evs = nil
		errAbort := errors.New("abort")
		err = store.InTx(ctx, st.Client, func(ctx context.Context, _ *ent.Client) error {
			if _, err := s.Update(ctx, p.ID, UpdateInput{Price: ptr[int64](1)}); err != nil {
				return err
			}
			if pub.count() != 0 {
				t.Error("event published before the commit")
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) {
			t.Fatal(err)
		}
		if got := st.Client.Profile.GetX(ctx, p.ID); got.Price != 150000 || pub.count() != 0 {
			t.Fatalf("after rollback: price %d, %d events", got.Price, pub.count())
		}
		err = store.InTx(ctx, st.Client, func(ctx context.Context, _ *ent.Client) error {
			_, err := s.Update(ctx, p.ID, UpdateInput{Price: ptr[int64](1)})
			return err
		})
		if err != nil || pub.count() != 1 {
			t.Fatalf("after commit: %v, %d events", err, pub.count())
		}
	})
}
