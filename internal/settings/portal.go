package settings

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// Keys of the subscriber portal's settings and the ISP's branding.
const (
	PublicURL           = "public_url"
	PortalTokenDays     = "portal_token_days"
	PortalPlanChange    = "portal_plan_change"
	ISPName             = "isp_name"
	ISPLogo             = "isp_logo"
	ISPColor            = "isp_color"
	SupportPhone        = "support_phone"
	SupportEmail        = "support_email"
	SupportWhatsapp     = "support_whatsapp"
	PaymentInstructions = "payment_instructions"
)

// Values of PortalPlanChange.
const (
	PlanChangeNextRenewal = "next_renewal"
	PlanChangeProrate     = "prorate"
)

// maxLogoBytes bounds the logo's data URL (100 kB).
const maxLogoBytes = 100 * 1024

var (
	cssHexColor  = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	logoDataURL  = regexp.MustCompile(`^data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$`)
	intlPhone    = regexp.MustCompile(`^\+?[0-9]{7,15}$`)
	portalValues = []Definition{
		{PublicURL, "", "the address customers and payment gateways reach linedesk at, e.g. https://isp.example (the expired page's redirect and gateway callbacks use it)", false, publicURL},
		{PortalTokenDays, "30", "days a subscriber's portal sign-in lasts", false, intRange(1, 365)},
		{PortalPlanChange, PlanChangeNextRenewal, "when a subscriber changes plan in the portal: next_renewal, or prorate (now, with a prorated charge or credit)", false, oneOf(PlanChangeNextRenewal, PlanChangeProrate)},
		{ISPName, "", "the ISP's name, shown in the portal and on the expired page", false, maxLen(100)},
		{ISPLogo, "", "the ISP's logo as a data URL (PNG, JPEG, GIF, WebP or SVG; at most 100 kB)", false, logo},
		{ISPColor, "", "the portal's brand colour, e.g. #0b7285", false, color},
		{SupportPhone, "", "support phone number shown to subscribers", false, maxLen(30)},
		{SupportEmail, "", "support e-mail address shown to subscribers", false, email},
		{SupportWhatsapp, "", "support WhatsApp number in international form, e.g. +254712345678 (the portal links to it)", false, whatsapp},
		{PaymentInstructions, "", "how subscribers pay, shown in the portal, e.g. the paybill number", false, maxLen(1000)},
	}
)

func init() { Definitions = append(Definitions, portalValues...) }

func oneOf(values ...string) func(string) error {
	return func(s string) error {
		for _, v := range values {
			if s == v {
				return nil
			}
		}
		return fmt.Errorf("must be one of %s", strings.Join(values, ", "))
	}
}

func publicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("must be an http or https address without query, e.g. https://isp.example")
	}
	return nil
}

func logo(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > maxLogoBytes {
		return fmt.Errorf("must be at most 100 kB")
	}
	if !logoDataURL.MatchString(s) {
		return fmt.Errorf("must be a data URL of a PNG, JPEG, GIF, WebP or SVG image (data:image/png;base64,…)")
	}
	return nil
}

func color(s string) error {
	if s != "" && !cssHexColor.MatchString(s) {
		return fmt.Errorf("must be a colour such as #0b7285")
	}
	return nil
}

func email(s string) error {
	if s == "" {
		return nil
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || len(s) > 254 {
		return fmt.Errorf("must be an e-mail address such as help@isp.example")
	}
	return nil
}

func whatsapp(s string) error {
	if s != "" && !intlPhone.MatchString(strings.ReplaceAll(s, " ", "")) {
		return fmt.Errorf("must be a phone number in international form, e.g. +254712345678")
	}
	return nil
}
