package bulk

import (
	"context"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/settings"
)

// Message limits.
const (
	MaxBody    = 1000
	MaxSubject = 200
)

// KindMessage is the outbox kind of a bulk message.
const KindMessage = "bulk.message"

// check validates an action's parameters before a job is written.
func (s *Service) check(ctx context.Context, c *ent.Client, a Action, p *Params) error {
	switch a {
	case Renew, Suspend, Resume, Delete, Archive:
		if a == Renew && s.renew == nil {
			return domain.Invalidf("action", "renewal is not available").WithKey("bulk.renewUnavailable", nil)
		}
		*p = Params{}
	case ChangeProfile:
		ok, err := c.Profile.Query().Where(profile.ID(p.ProfileID)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("reading plan: %w", err)
		}
		if !ok {
			return domain.Invalidf("profileID", "plan does not exist").WithKey("profile.notFound", nil)
		}
		*p = Params{ProfileID: p.ProfileID}
	case Message:
		return checkMessage(ctx, c, p)
	}
	return nil
}

// checkMessage validates a message: a text, a channel, and the settings of each channel.
func checkMessage(ctx context.Context, c *ent.Client, p *Params) error {
	p.Body, p.Subject, p.ProfileID = strings.TrimSpace(p.Body), strings.TrimSpace(p.Subject), 0
	switch {
	case p.Body == "":
		return domain.Invalidf("body", "write the message").WithKey("bulk.messageRequired", nil)
	case len(p.Body) > MaxBody:
		return domain.Invalidf("body", "a message is at most %d characters", MaxBody).
			WithKey("input.tooLong", map[string]any{"field": "body", "max": MaxBody})
	case len(p.Subject) > MaxSubject:
		return domain.Invalidf("subject", "a subject is at most %d characters", MaxSubject).
			WithKey("input.tooLong", map[string]any{"field": "subject", "max": MaxSubject})
	case !p.SMS && !p.Email:
		return domain.Invalidf("channels", "choose SMS, e-mail or both").WithKey("bulk.channelRequired", nil)
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return err
	}
	if p.SMS && v[settings.SMSGatewayURL] == "" {
		return domain.Invalidf("channels", "SMS is not set up: add the SMS gateway in Settings").
			WithKey("bulk.smsNotSetUp", nil)
	}
	if p.Email && (v[settings.SMTPAddress] == "" || v[settings.SMTPFrom] == "") {
		return domain.Invalidf("channels", "e-mail is not set up: add the SMTP server in Settings").
			WithKey("bulk.emailNotSetUp", nil)
	}
	if p.Email && p.Subject == "" {
		return domain.Invalidf("subject", "an e-mail needs a subject").WithKey("bulk.subjectRequired", nil)
	}
	return nil
}

// prepare reads what the run's action needs once (the message's settings).
func (r *run) prepare(ctx context.Context) error {
	if Action(r.job.Action) != Message {
		return nil
	}
	v, err := settings.Load(ctx, r.s.st.Client)
	if err != nil {
		return err
	}
	r.msg = &messageRun{v: v}
	return nil
}

// act runs the job's action on customer id inside the item's transaction (c).
func (r *run) act(ctx context.Context, c *ent.Client, id int) (outcome, error) {
	switch Action(r.job.Action) {
	case Renew:
		cu, err := r.s.renew.Renew(ctx, id)
		if err != nil {
			return outcome{}, err
		}
		return outcome{message: "Renewed until " + cu.ExpiresAt.UTC().Format("2 Jan 2006 15:04") + " UTC"}, nil
	case Suspend:
		_, err := r.s.custs.Suspend(ctx, id)
		return outcome{message: "Suspended"}, err
	case Resume:
		_, err := r.s.custs.Resume(ctx, id)
		return outcome{message: "Resumed"}, err
	case ChangeProfile:
		return r.changeProfile(ctx, c, id)
	case Message:
		return r.message(ctx, c, id)
	case Archive:
		return r.archive(ctx, c, id)
	case Delete:
		deleted, _, err := r.s.custs.Delete(ctx, id)
		if deleted {
			return outcome{message: "Deleted"}, err
		}
		return outcome{message: "Disabled: the customer has payments, which are kept"}, err
	}
	return outcome{}, fmt.Errorf("bulk: unknown action %q", r.job.Action)
}

// changeProfile moves customer id to the job's plan; an online customer's routers are told
// after the commit.
func (r *run) changeProfile(ctx context.Context, c *ent.Client, id int) (outcome, error) {
	res, err := r.s.custs.ChangeProfile(ctx, id, r.p.ProfileID)
	if err != nil {
		return outcome{}, err
	}
	online, err := c.Session.Query().Where(session.CustomerID(id), session.Open(true)).Exist(ctx)
	if err != nil {
		return outcome{}, fmt.Errorf("reading open sessions: %w", err)
	}
	name := ""
	if p, err := c.Profile.Get(ctx, res.Customer.ProfileID); err == nil {
		name = p.Name
	}
	return outcome{message: "Plan changed to " + name, router: online}, nil
}

// archive archives customer id; an online customer's sessions are dropped after the commit.
func (r *run) archive(ctx context.Context, c *ent.Client, id int) (outcome, error) {
	online, err := c.Session.Query().Where(session.CustomerID(id), session.Open(true)).Exist(ctx)
	if err != nil {
		return outcome{}, fmt.Errorf("reading open sessions: %w", err)
	}
	if _, err := r.s.custs.Archive(ctx, id); err != nil {
		return outcome{}, err
	}
	return outcome{message: "Archived", router: online}, nil
}

// messageRun is the message action's settings, read once per run.
type messageRun struct{ v settings.Values }

// message queues the job's message to customer id in the outbox (once per job, customer and
// channel: the dedupe key), with the reminder template variables filled in.
func (r *run) message(ctx context.Context, c *ent.Client, id int) (outcome, error) {
	cu, err := c.Customer.Get(ctx, id)
	if err != nil {
		return outcome{}, fmt.Errorf("reading customer: %w", err)
	}
	p, err := c.Profile.Get(ctx, cu.ProfileID)
	if err != nil {
		return outcome{}, fmt.Errorf("reading plan: %w", err)
	}
	v := r.msg.v
	name := cu.Username
	if cu.FullName != nil && strings.TrimSpace(*cu.FullName) != "" {
		name = *cu.FullName
	}
	vars := notify.Vars{Name: name, Account: cu.AccountNo, Plan: p.Name, Expiry: notify.FormatExpiry(cu.ExpiresAt, v.Location()),
		Amount: notify.FormatAmount(max(p.Price-cu.Balance, 0), v[settings.Currency])}
	var sent []string
	queue := func(ch notification.Channel, to, subject string) error {
		err := c.Notification.Create().SetCustomerID(id).SetChannel(ch).SetKind(KindMessage).
			SetDedupeKey(fmt.Sprintf("bulk:%d:%d:%s", r.job.ID, id, ch)).SetRecipient(truncate(to, 500)).
			SetSubject(truncate(notify.Render(subject, vars), 200)).SetBody(notify.Render(r.p.Body, vars)).
			SetStatus(notification.StatusPENDING).SetNextAttemptAt(r.s.now()).SetCreatedAt(r.s.now()).Exec(ctx)
		if err != nil {
			return fmt.Errorf("queueing message: %w", err)
		}
		return nil
	}
	if r.p.SMS && cu.Phone != "" {
		if err := queue(notification.ChannelSMS, cu.Phone, ""); err != nil {
			return outcome{}, err
		}
		sent = append(sent, "SMS to "+cu.Phone)
	}
	if r.p.Email && cu.Email != nil && *cu.Email != "" {
		if err := queue(notification.ChannelEMAIL, *cu.Email, r.p.Subject); err != nil {
			return outcome{}, err
		}
		sent = append(sent, "e-mail to "+*cu.Email)
	}
	if len(sent) == 0 {
		return outcome{}, fmt.Errorf("%w: no phone number or e-mail address for the chosen channels", errRefused)
	}
	return outcome{message: "Queued " + strings.Join(sent, " and ")}, nil
}
