package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/settings"
)

const smsWhat = "SMS gateway"

// KeyPlaceholder is where the sms_gateway_key setting goes in the SMS gateway URL template.
const KeyPlaceholder = "{{key}}"

// SMSURL expands the gateway URL template: {{phone}}, {{message}} and {{key}} (the gateway's
// API key) are URL-escaped. A template without {{key}} (a key written into the URL itself, as
// before the key had a setting of its own) is expanded without it.
func SMSURL(tmpl, phone, message, key string) string {
	return strings.NewReplacer("{{phone}}", url.QueryEscape(phone), "{{message}}", url.QueryEscape(message),
		KeyPlaceholder, url.QueryEscape(key)).Replace(tmpl)
}

// smsKey reads the sms_gateway_key setting for a template that uses {{key}}, decrypting a
// "v1:" value with the Box. It is cleared when sms_gateway_url changes: a template asking for
// a key that is not set is not sent (the new gateway gets no key, and no request without it).
func (n *Notifier) smsKey(v settings.Values, tmpl string) (string, error) {
	if !strings.Contains(tmpl, KeyPlaceholder) {
		return "", nil
	}
	raw := v[settings.SMSGatewayKey]
	if raw == "" {
		return "", failed(smsWhat, "the URL uses {{key}} but the SMS gateway key is not set (it is cleared when sms_gateway_url changes)", false)
	}
	if !strings.HasPrefix(raw, "v1:") {
		return raw, nil
	}
	if n.box == nil {
		return "", failed(smsWhat, "the SMS gateway key is encrypted but no secret key was given", false)
	}
	plain, err := n.box.Decrypt(raw)
	if err != nil {
		return "", failed(smsWhat, "the SMS gateway key cannot be decrypted with this secret key; set it again", false)
	}
	return plain, nil
}

// sendSMS calls the HTTP gateway: GET on the expanded URL, or (sms_gateway_method POST) a POST
// of the URL's query parameters as an application/x-www-form-urlencoded body (where {{key}},
// when it is a query value, travels too).
func (n *Notifier) sendSMS(ctx context.Context, p *pass, phone, message string) error {
	tmpl := p.v[settings.SMSGatewayURL]
	if tmpl == "" {
		return failed(smsWhat, "the SMS gateway URL is not set", false)
	}
	key, err := n.smsKey(p.v, tmpl)
	if err != nil {
		return err
	}
	u, err := url.Parse(SMSURL(tmpl, phone, message, key))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return failed(smsWhat, "the SMS gateway URL is not a valid http(s) URL", true)
	}
	var req *http.Request
	if strings.EqualFold(p.v[settings.SMSGatewayMethod], http.MethodPost) {
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
		return &failure{msg: smsWhat + ": the request cannot be built from the URL", permanent: true, err: hideURL(err)}
	}
	return p.do(req, smsWhat)
}

func (n *Notifier) sendWebhook(ctx context.Context, p *pass, row *ent.Notification) error {
	const what = "webhook"
	target := p.v[settings.WebhookURL]
	if target == "" {
		return failed(what, "the webhook URL is not set", false)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(row.Body))
	if err != nil {
		return &failure{msg: what + ": the request cannot be built from the URL", permanent: true, err: hideURL(err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Linedesk-Event", "renewal_reminder")
	req.Header.Set("X-Linedesk-Delivery", fmt.Sprint(row.ID))
	return p.do(req, what)
}

// do sends req with the pass's client (addresses checked when dialling, redirects not
// followed) and maps the answer: 2xx is success, 408/429/5xx are retried, redirects and other
// statuses are permanent. Errors name only the status code: never the URL (gateway URLs often
// hold API keys) nor the peer's reason phrase or body.
func (p *pass) do(req *http.Request, what string) error {
	req.Header.Set("User-Agent", "linedesk-notify")
	resp, err := p.http.Do(req)
	if err != nil {
		return classify(what, "", hideURL(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code >= 300 && code < 400:
		return failed(what, fmt.Sprintf("HTTP %d (redirects are not followed; set the final URL)", code), true)
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return failed(what, fmt.Sprintf("HTTP %d", code), false)
	}
	return failed(what, fmt.Sprintf("HTTP %d: the message was refused", code), true)
}

// hideURL strips the URL from a net/http error.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// SendSMS sends one text message at once through the configured SMS gateway (the settings as
// stored now, the same egress policy as reminders), outside the outbox: for one-time codes,
// which are useless minutes later and are never queued or retried. Errors name no URL or key.
func (n *Notifier) SendSMS(ctx context.Context, phone, message string) error {
	v, err := settings.Load(ctx, n.st.Client)
	if err != nil {
		return err
	}
	p := &pass{v: v, http: settings.Policy(v, settings.SMSGatewayURL).HTTPClient(n.HTTPTimeout)}
	defer p.http.CloseIdleConnections()
	return n.sendSMS(ctx, p, phone, message)
}
