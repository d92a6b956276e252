package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/settings"
)

const smtpWhat = "SMTP server"

// smtpPassword reads the SMTP password setting, decrypting a "v1:" value with the Box.
func (n *Notifier) smtpPassword(v settings.Values) (string, error) {
	raw := v[settings.SMTPPassword]
	if !strings.HasPrefix(raw, "v1:") {
		return raw, nil
	}
	if n.box == nil {
		return "", failed(smtpWhat, "the SMTP password is encrypted but no secret key was given", false)
	}
	plain, err := n.box.Decrypt(raw)
	if err != nil {
		return "", failed(smtpWhat, "the SMTP password cannot be decrypted with this secret key; set it again", false)
	}
	return plain, nil
}

// smtpMessage is what one e-mail needs before a connection is made.
type smtpMessage struct {
	host, addr string
	port       uint16
	from, to   *mail.Address
	user, pass string
}

// prepareEmail reads and checks the settings and the recipient, so that nothing is dialled
// for a message that cannot be sent.
func (n *Notifier) prepareEmail(v settings.Values, row *ent.Notification) (*smtpMessage, error) {
	if v[settings.SMTPAddress] == "" {
		return nil, failed(smtpWhat, "the SMTP server is not set", false)
	}
	host, port, err := settings.SMTPHostPort(v[settings.SMTPAddress])
	if err != nil {
		return nil, failed(smtpWhat, "the SMTP server address is not valid", false)
	}
	m := &smtpMessage{host: host, port: port, addr: net.JoinHostPort(host, strconv.Itoa(int(port)))}
	if m.from, err = mail.ParseAddress(v[settings.SMTPFrom]); err != nil {
		return nil, failed(smtpWhat, "the From address setting is not a valid e-mail address", false)
	}
	if m.to, err = mail.ParseAddress(row.Recipient); err != nil {
		return nil, failed(smtpWhat, "the recipient is not a valid e-mail address", true)
	}
	if m.user = v[settings.SMTPUsername]; m.user != "" {
		if m.pass, err = n.smtpPassword(v); err != nil {
			return nil, err
		}
		if m.pass == "" {
			// Cleared when smtp_address changed: never log in to a new server without it.
			return nil, failed(smtpWhat, "the SMTP user name is set but the password is not (it is cleared when smtp_address changes)", false)
		}
	}
	return m, nil
}

// sendEmail speaks SMTP to the configured server: implicit TLS on port 465, STARTTLS when
// the server offers it, AUTH PLAIN when a user name is set (net/smtp refuses to send a
// password over an unencrypted connection except to localhost). The address dialled is
// checked against the egress policy (allow_private_targets; loopback on 25, 465 and 587).
func (n *Notifier) sendEmail(ctx context.Context, p *pass, row *ent.Notification, now time.Time) error {
	m, err := n.prepareEmail(p.v, row)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(n.SMTPTimeout)
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	conn, err := settings.Policy(p.v, settings.SMTPAddress).Dialer(n.SMTPTimeout).DialContext(dctx, "tcp", m.addr)
	if err != nil {
		return classify(smtpWhat, "connect", err)
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if n.SMTPTLS != nil {
		tlsConf = n.SMTPTLS.Clone()
	}
	tlsConf.ServerName = m.host
	if m.port == 465 {
		conn = tls.Client(conn, tlsConf)
	}
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		conn.Close()
		return classify(smtpWhat, "greeting", err)
	}
	defer c.Close()
	if err := n.smtpConverse(c, m, tlsConf, row, now); err != nil {
		return err
	}
	_ = c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// smtpConverse runs EHLO, STARTTLS, AUTH, MAIL, RCPT and DATA.
func (n *Notifier) smtpConverse(c *smtp.Client, m *smtpMessage, tlsConf *tls.Config, row *ent.Notification, now time.Time) error {
	local, _ := os.Hostname()
	if local == "" || strings.ContainsAny(local, " \r\n") {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		return classify(smtpWhat, "EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && m.port != 465 {
		if err := c.StartTLS(tlsConf); err != nil {
			return classify(smtpWhat, "STARTTLS", err)
		}
	}
	if m.user != "" {
		if err := c.Auth(smtp.PlainAuth("", m.user, m.pass, m.host)); err != nil {
			return classify(smtpWhat, "AUTH", err)
		}
	}
	if err := c.Mail(m.from.Address); err != nil {
		return classify(smtpWhat, "MAIL FROM", err)
	}
	if err := c.Rcpt(m.to.Address); err != nil {
		f := classify(smtpWhat, "RCPT TO", err)
		f.permanent = isPermanentSMTP(err)
		return f
	}
	w, err := c.Data()
	if err != nil {
		return classify(smtpWhat, "DATA", err)
	}
	if _, err := w.Write(buildMessage(m.from, m.to, row, now)); err != nil {
		w.Close()
		return classify(smtpWhat, "writing the message", err)
	}
	if err := w.Close(); err != nil {
		return classify(smtpWhat, "the end of DATA", err)
	}
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
