package settings

// Groups of settings, as the dashboard shows them in sections (GraphQL SettingValue.group).
const (
	GroupGeneral   = "general"   // currency, time zone, phone region, dashboard figures
	GroupRADIUS    = "radius"    // what routers are told and how sessions are kept
	GroupReminders = "reminders" // when reminders go out and what they say
	GroupDelivery  = "delivery"  // SMS gateway, SMTP server, webhook
	GroupRetention = "retention" // how long history is kept
	GroupPortal    = "portal"    // the subscriber portal and the ISP's branding
	GroupOther     = "other"     // a setting no group names
)

var groups = map[string]string{
	Currency: GroupGeneral, TimeZone: GroupGeneral, PhoneRegion: GroupGeneral, ExpiringSoonDays: GroupGeneral,
	InterimInterval: GroupRADIUS, SessionTimeoutCap: GroupRADIUS, StaleIntervals: GroupRADIUS,
	ReminderDays: GroupReminders, ReminderOnExpiry: GroupReminders, ReminderSMSTemplate: GroupReminders,
	ReminderEmailSubject: GroupReminders, ReminderEmailTemplate: GroupReminders,
	SMSGatewayURL: GroupDelivery, SMSGatewayKey: GroupDelivery, SMSGatewayMethod: GroupDelivery,
	SMTPAddress: GroupDelivery, SMTPUsername: GroupDelivery, SMTPPassword: GroupDelivery, SMTPFrom: GroupDelivery,
	WebhookURL: GroupDelivery, AllowPrivateTargets: GroupDelivery,
	SessionRetentionDays: GroupRetention, AuthEventRetention: GroupRetention,
	PublicURL: GroupPortal, PortalTokenDays: GroupPortal, PortalPlanChange: GroupPortal, ISPName: GroupPortal,
	ISPLogo: GroupPortal, ISPColor: GroupPortal, SupportPhone: GroupPortal, SupportEmail: GroupPortal,
	SupportWhatsapp: GroupPortal, PaymentInstructions: GroupPortal,
}

// GroupOf names the group key belongs to (GroupOther for a key no group names).
func GroupOf(key string) string {
	if g, ok := groups[key]; ok {
		return g
	}
	return GroupOther
}
