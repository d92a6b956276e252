package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/lease"
	"github.com/linedesk/linedesk/internal/settings"
)

// LeaseDeliver is the lease under which one instance at a time delivers.
const LeaseDeliver = "notify.deliver"

// DeliverReport says what one Deliver pass did.
type DeliverReport struct {
	Sent      int  // entries delivered and marked SENT
	Cancelled int  // reminders made pointless before delivery (renewed, account no longer active)
	Failed    int  // attempts that failed (the entry is retried later unless it gave up)
	GaveUp    int  // entries marked FAILED (last attempt failed, or a permanent error)
	Skipped   bool // another instance was delivering
}

// permanentError is a failure that retrying cannot fix (a refused address, a 4xx answer).
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// Deliver sends the outbox entries due at now. Each entry is first claimed (attempts+1, hidden
// for ClaimFor), then sent, then marked SENT or scheduled for a retry with backoff; the claim
// is conditional, so two senders never send the same entry, and a SENT entry is never read
// again. It runs under a lease, one instance at a time.
func (n *Notifier) Deliver(ctx context.Context, now time.Time) (DeliverReport, error) {
	var rep DeliverReport
	ran, err := lease.Run(ctx, n.st, LeaseDeliver, func(ctx context.Context) error {
		return n.deliver(ctx, now.UTC(), &rep)
	})
	if !ran && err == nil {
		rep.Skipped = true
	}
	return rep, err
}

func (n *Notifier) deliver(ctx context.Context, now time.Time, rep *DeliverReport) error {
	v, err := settings.Load(ctx, n.st.Client)
	if err != nil {
		return err
	}
	seen := map[int]bool{}
	for round := 0; round < 100; round++ {
		rows, err := n.st.Client.Notification.Query().
			Where(notification.StatusEQ(notification.StatusPENDING), notification.NextAttemptAtLTE(now)).
			Order(ent.Asc(notification.FieldNextAttemptAt), ent.Asc(notification.FieldID)).
			Limit(n.Batch).All(ctx)
		if err != nil {
			return fmt.Errorf("reading outbox: %w", err)
		}
		progress := false
		for _, row := range rows {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if seen[row.ID] {
				continue
			}
			seen[row.ID] = true
			progress = true
			if err := n.deliverOne(ctx, v, row, now, rep); err != nil {
				return err
			}
		}
		if !progress || len(rows) < n.Batch {
			return nil
		}
	}
	return nil
}

// deliverOne claims, sends and records one entry. It returns only database errors.
func (n *Notifier) deliverOne(ctx context.Context, v settings.Values, row *ent.Notification, now time.Time, rep *DeliverReport) error {
	if why := n.obsolete(ctx, v, row); why != "" {
		// Never sent: marked FAILED with the reason, so it stays visible.
		k, err := n.st.Client.Notification.Update().
			Where(notification.ID(row.ID), notification.StatusEQ(notification.StatusPENDING), notification.Attempts(row.Attempts)).
			SetStatus(notification.StatusFAILED).SetLastError("cancelled: " + why).Save(ctx)
		if err != nil {
			return fmt.Errorf("cancelling notification %d: %w", row.ID, err)
		}
		rep.Cancelled += k
		return nil
	}
	attempt := row.Attempts + 1
	claimed, err := n.st.Client.Notification.Update().
		Where(notification.ID(row.ID), notification.StatusEQ(notification.StatusPENDING),
			notification.Attempts(row.Attempts), notification.NextAttemptAtLTE(now)).
		SetAttempts(attempt).SetNextAttemptAt(now.Add(n.ClaimFor)).Save(ctx)
	if err != nil {
		return fmt.Errorf("claiming notification %d: %w", row.ID, err)
	}
	if claimed == 0 {
		return nil // another sender has it
	}
	sendErr := n.send(ctx, v, row, now)
	// Record the outcome even when ctx ended meanwhile: a sent message must be marked.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if sendErr == nil {
		if err := n.st.Client.Notification.UpdateOneID(row.ID).
			SetStatus(notification.StatusSENT).SetSentAt(now).Exec(wctx); err != nil {
			// The at-least-once window: sent but not marked; retried after ClaimFor.
			n.log.Error("notification sent but not marked SENT; it may be sent again", "notification", row.ID, "err", err)
			return fmt.Errorf("marking notification %d sent: %w", row.ID, err)
		}
		rep.Sent++
		return nil
	}
	rep.Failed++
	upd := n.st.Client.Notification.UpdateOneID(row.ID).SetLastError(truncate(sendErr.Error(), 500))
	var perm permanentError
	if attempt >= n.MaxAttempts || errors.As(sendErr, &perm) {
		upd.SetStatus(notification.StatusFAILED)
		rep.GaveUp++
	} else {
		upd.SetNextAttemptAt(now.Add(n.Backoff(attempt)))
	}
	n.log.Warn("notification delivery failed", "notification", row.ID, "channel", row.Channel,
		"attempt", attempt, "err", sendErr)
	if err := upd.Exec(wctx); err != nil {
		return fmt.Errorf("recording failed notification %d: %w", row.ID, err)
	}
	return nil
}

// obsolete says why a queued reminder should no longer be sent ("" when it should): the
// customer renewed (its expiry date is no longer the one the reminder was for) or is no longer
// ACTIVE. A "pay to renew" message after paying is worse than none.
func (n *Notifier) obsolete(ctx context.Context, v settings.Values, row *ent.Notification) string {
	if row.CustomerID == nil || !strings.HasPrefix(row.Kind, "reminder.") {
		return ""
	}
	parts := strings.Split(row.DedupeKey, ":") // reminder:<customer>:<expiry date>:<days>:<channel>
	if len(parts) != 5 {
		return ""
	}
	c, err := n.st.Client.Customer.Get(ctx, *row.CustomerID)
	switch {
	case ent.IsNotFound(err):
		return "the customer was deleted"
	case err != nil:
		return "" // send rather than drop on a read error
	case c.Status != customer.StatusACTIVE:
		return "the customer is " + strings.ToLower(string(c.Status))
	case c.ExpiresAt.In(v.Location()).Format("2006-01-02") != parts[2]:
		return "the subscription was renewed or its expiry changed before delivery"
	}
	return ""
}

func (n *Notifier) send(ctx context.Context, v settings.Values, row *ent.Notification, now time.Time) error {
	switch row.Channel {
	case notification.ChannelSMS:
		return n.sendSMS(ctx, v, row.Recipient, row.Body)
	case notification.ChannelEMAIL:
		return n.sendEmail(ctx, v, row, now)
	case notification.ChannelWEBHOOK:
		return n.sendWebhook(ctx, v, row)
	}
	return permanentError{fmt.Errorf("unknown channel %q", row.Channel)}
}

// SMSURL expands the gateway URL template: {{phone}} and {{message}} are URL-escaped.
func SMSURL(tmpl, phone, message string) string {
	return strings.NewReplacer("{{phone}}", url.QueryEscape(phone), "{{message}}", url.QueryEscape(message)).Replace(tmpl)
}

// sendSMS calls the HTTP gateway: GET on the expanded URL, or (sms_gateway_method POST) a POST
// of the URL's query parameters as an application/x-www-form-urlencoded body.
func (n *Notifier) sendSMS(ctx context.Context, v settings.Values, phone, message string) error {
	tmpl := v[settings.SMSGatewayURL]
	if tmpl == "" {
		return errors.New("SMS gateway URL is not set")
	}
	u, err := url.Parse(SMSURL(tmpl, phone, message))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return permanentError{errors.New("SMS gateway URL is not a valid http(s) URL")}
	}
	var req *http.Request
	if strings.EqualFold(v[settings.SMSGatewayMethod], http.MethodPost) {
		form := u.RawQuery
		u.RawQuery = ""
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	}
	if err != nil {
		return permanentError{fmt.Errorf("SMS gateway request: %v", hideURL(err))}
	}
	return n.do(req, "SMS gateway")
}

func (n *Notifier) sendWebhook(ctx context.Context, v settings.Values, row *ent.Notification) error {
	target := v[settings.WebhookURL]
	if target == "" {
		return errors.New("webhook URL is not set")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(row.Body))
	if err != nil {
		return permanentError{fmt.Errorf("webhook request: %v", hideURL(err))}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Linedesk-Event", "renewal_reminder")
	req.Header.Set("X-Linedesk-Delivery", fmt.Sprint(row.ID))
	return n.do(req, "webhook")
}

// do sends req and maps the answer to an error: 2xx is success, 408/429/5xx are retried,
// other statuses are permanent. Errors never carry the URL (gateway URLs often hold API keys).
func (n *Notifier) do(req *http.Request, what string) error {
	req.Header.Set("User-Agent", "linedesk-notify")
	resp, err := n.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %v", what, req.URL.Host, hideURL(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("%s %s answered %s", what, req.URL.Host, resp.Status)
	default:
		return permanentError{fmt.Errorf("%s %s refused the message: %s", what, req.URL.Host, resp.Status)}
	}
}

// hideURL strips the URL from a net/http error.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// smtpPassword reads the SMTP password setting, decrypting a "v1:" value with the Box.
func (n *Notifier) smtpPassword(v settings.Values) (string, error) {
	raw := v[settings.SMTPPassword]
	if !strings.HasPrefix(raw, "v1:") {
		return raw, nil
	}
	if n.box == nil {
		return "", errors.New("SMTP password is encrypted but no secret key was given")
	}
	plain, err := n.box.Decrypt(raw)
	if err != nil {
		return "", errors.New("SMTP password cannot be decrypted with this secret key; set it again")
	}
	return plain, nil
}

// sendEmail speaks SMTP to the configured server: implicit TLS on port 465, STARTTLS when
// the server offers it, AUTH PLAIN when a user name is set (net/smtp refuses to send a
// password over an unencrypted connection except to localhost).
func (n *Notifier) sendEmail(ctx context.Context, v settings.Values, row *ent.Notification, now time.Time) error {
	addr := v[settings.SMTPAddress]
	if addr == "" {
		return errors.New("SMTP server is not set")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "25"
		addr = net.JoinHostPort(host, port)
	}
	from, err := mail.ParseAddress(v[settings.SMTPFrom])
	if err != nil {
		return errors.New("the From address setting is not a valid e-mail address")
	}
	to, err := mail.ParseAddress(row.Recipient)
	if err != nil {
		return permanentError{fmt.Errorf("recipient is not a valid e-mail address")}
	}
	deadline := time.Now().Add(n.SMTPTimeout)
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(dctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("SMTP %s: %w", addr, err)
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if n.SMTPTLS != nil {
		tlsConf = n.SMTPTLS.Clone()
	}
	tlsConf.ServerName = host
	if port == "465" {
		conn = tls.Client(conn, tlsConf)
	}
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("SMTP %s: %w", addr, err)
	}
	defer c.Close()
	local, _ := os.Hostname()
	if local == "" || strings.ContainsAny(local, " \r\n") {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		return fmt.Errorf("SMTP %s: EHLO: %w", addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && port != "465" {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("SMTP %s: STARTTLS: %w", addr, err)
		}
	}
	if user := v[settings.SMTPUsername]; user != "" {
		pass, err := n.smtpPassword(v)
		if err != nil {
			return err
		}
		if err := c.Auth(smtp.PlainAuth("", user, pass, host)); err != nil {
			return fmt.Errorf("SMTP %s: authentication: %w", addr, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("SMTP %s: MAIL FROM: %w", addr, err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		if isPermanentSMTP(err) {
			return permanentError{fmt.Errorf("SMTP %s: RCPT TO refused: %w", addr, err)}
		}
		return fmt.Errorf("SMTP %s: RCPT TO: %w", addr, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("SMTP %s: DATA: %w", addr, err)
	}
	if _, err := w.Write(buildMessage(from, to, row, now)); err != nil {
		w.Close()
		return fmt.Errorf("SMTP %s: writing message: %w", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("SMTP %s: message refused: %w", addr, err)
	}
	_ = c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// isPermanentSMTP reports a 5xx SMTP reply.
func isPermanentSMTP(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500
}

// buildMessage writes a plain-text UTF-8 message (quoted-printable, CRLF line ends).
func buildMessage(from, to *mail.Address, row *ent.Notification, now time.Time) []byte {
	var b bytes.Buffer
	domain := "linedesk.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", from.String())
	hdr("To", to.String())
	hdr("Subject", mime.QEncoding.Encode("utf-8", oneLine(row.Subject)))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", fmt.Sprintf("<notification-%d-%s@%s>", row.ID, hex.EncodeToString(id), domain))
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(row.Body, "\r\n", "\n"), "\n", "\r\n")
	_, _ = qp.Write([]byte(body))
	_ = qp.Close()
	return b.Bytes()
}
