package settings

import "testing"

func TestLocaleValidation(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		ok         bool
	}{
		{Currency, "KES", true},
		{Currency, "UGX", true},
		{Currency, "KWD", true},
		{Currency, "kes", false},
		{Currency, "KSH", false}, // a common shorthand, not ISO 4217
		{Currency, "ABC", false},
		{Currency, "XXX", false}, // ISO's "no currency"
		{Currency, "", false},
		{PhoneRegion, "KE", true},
		{PhoneRegion, "UG", true},
		{PhoneRegion, "ke", false},
		{PhoneRegion, "XX", false},
		{PhoneRegion, "KEN", false},
		{TimeZone, "Africa/Kampala", true},
		{TimeZone, "Mars/Olympus", false},
	} {
		err := Validate(tc.key, tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%s, %q) = %v, want ok=%v", tc.key, tc.value, err, tc.ok)
		}
	}
}

func TestGroupOf(t *testing.T) {
	for key, want := range map[string]string{
		Currency: GroupGeneral, InterimInterval: GroupRADIUS, ReminderDays: GroupReminders,
		SMTPPassword: GroupDelivery, WebhookURL: GroupDelivery, SessionRetentionDays: GroupRetention,
		ISPName: GroupPortal, "no_such_setting": GroupOther,
	} {
		if got := GroupOf(key); got != want {
			t.Errorf("GroupOf(%s) = %q, want %q", key, got, want)
		}
	}
}
