package auditlog

import (
	"sort"
	"strings"
	"unicode"
)

// Action is an audited action with the words the audit log shows for it (GraphQL's
// AuditAction).
type Action struct {
	Action string
	Label  string
}

// actionLabels are what each audited action did, as the audit log says it.
var actionLabels = map[string]string{
	"login": "Signed in", "loginFailed": "Failed sign-in", "logout": "Signed out",
	"changeOwnPassword": "Changed own password", "enrollTotp": "Started two-factor enrolment",
	"confirmTotp": "Turned two-factor sign-in on", "disableTotp": "Turned two-factor sign-in off",
	"endSignIn": "Ended a sign-in", "endStaffSignIns": "Ended all sign-ins",
	"createStaff": "Added staff member", "updateStaff": "Changed staff member",
	"createApiToken": "Created API token", "revokeApiToken": "Revoked API token",
	"createCustomer": "Added customer", "updateCustomer": "Changed customer", "deleteCustomer": "Deleted customer",
	"setCustomerPassword": "Set PPPoE password", "suspendCustomer": "Suspended customer",
	"resumeCustomer": "Resumed customer", "changeCustomerProfile": "Changed plan",
	"disconnectCustomer": "Disconnected customer", "recordPayment": "Recorded payment",
	"renewCustomer": "Renewed customer", "adjustBalance": "Adjusted balance", "refund": "Refunded",
	"importCustomers": "Imported customers", "exportCustomers": "Exported customers",
	"createProfile": "Added plan", "updateProfile": "Changed plan settings", "deleteProfile": "Deleted plan",
	"createNas": "Added router", "updateNas": "Changed router", "deleteNas": "Deleted router",
	"updateSettings":    "Changed settings",
	"endPortalSessions": "Ended portal sign-ins", "portalLogin": "Signed in to the portal",
	"portalLogout": "Signed out of the portal", "changePassword": "Changed PPPoE password",
	"changePlan": "Changed plan in the portal", "setAutoRenew": "Set auto-renew",
	"bulkRenew": "Renewed (bulk action)", "bulkSuspend": "Suspended (bulk action)", "bulkResume": "Resumed (bulk action)",
	"bulkChangeProfile": "Changed plan (bulk action)", "bulkMessage": "Sent a message (bulk action)",
	"bulkDelete": "Deleted (bulk action)", "bulkArchive": "Archived (bulk action)",
	"addCustomerNote": "Added a note",
}

// summary is the words for action; an action without any is split into words.
func summary(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	var b strings.Builder
	for i, ch := range action {
		if unicode.IsUpper(ch) && i > 0 {
			b.WriteRune(' ')
			ch = unicode.ToLower(ch)
		}
		b.WriteRune(ch)
	}
	s := b.String()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Actions lists the actions the audit log names, by label.
func Actions() []*Action {
	out := make([]*Action, 0, len(actionLabels))
	for a, l := range actionLabels {
		out = append(out, &Action{Action: a, Label: l})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}
