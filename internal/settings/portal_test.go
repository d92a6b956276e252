package settings

import "testing"

func TestPortalSettingsValidation(t *testing.T) {
	tests := []struct {
		key, value string
		ok         bool
	}{
		{PublicURL, "", true},
		{PublicURL, "https://isp.example", true},
		{PublicURL, "http://10.0.0.1:8080/base", true},
		{PublicURL, "ftp://isp.example", false},
		{PublicURL, "https://isp.example/?a=1", false},
		{PublicURL, "isp.example", false},
		{PortalTokenDays, "30", true},
		{PortalTokenDays, "0", false},
		{PortalTokenDays, "abc", false},
		{PortalPlanChange, "prorate", true},
		{PortalPlanChange, "next_renewal", true},
		{PortalPlanChange, "now", false},
		{ISPLogo, "data:image/png;base64,iVBORw0KGgo=", true},
		{ISPLogo, "https://isp.example/logo.png", false},
		{ISPLogo, "data:text/html;base64,PGgxPg==", false},
		{ISPLogo, "data:image/png;base64," + repeat("A", 110*1024), false},
		{ISPColor, "#0b7285", true},
		{ISPColor, "#fff", true},
		{ISPColor, "red; background:url(x)", false},
		{SupportEmail, "help@isp.example", true},
		{SupportEmail, "Help <help@isp.example>", false},
		{SupportEmail, "nope", false},
		{SupportWhatsapp, "+254 712 345678", true},
		{SupportWhatsapp, "call us", false},
		{PaymentInstructions, "Paybill 123456, account = your account number", true},
		{PaymentInstructions, repeat("x", 1001), false},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+short(tt.value), func(t *testing.T) {
			d, ok := Lookup(tt.key)
			if !ok {
				t.Fatalf("setting %s is not defined", tt.key)
			}
			err := d.validate(tt.value)
			if (err == nil) != tt.ok {
				t.Fatalf("validate(%q) = %v, want ok=%v", short(tt.value), err, tt.ok)
			}
		})
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, n*len(s))
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func short(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}
