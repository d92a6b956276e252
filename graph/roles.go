package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/linedesk/linedesk/internal/auth"
)

// mutationRoles is the least role each mutation needs. A mutation missing here needs
// ADMIN (default deny); TestEveryMutationHasARole keeps the table complete.
var mutationRoles = map[string]auth.Role{
	"login":  "", // no token needed
	"logout": auth.Viewer,

	// One's own account (the services refuse API tokens and check admin for another's).
	"changeOwnPassword": auth.Viewer,
	"setOwnLanguage":    auth.Viewer,
	"enrollTotp":        auth.Viewer,
	"confirmTotp":       auth.Viewer,
	"disableTotp":       auth.Viewer,
	"endSession":        auth.Viewer,
	"endStaffSessions":  auth.Admin,

	"createApiToken":    auth.Admin,
	"revokeApiToken":    auth.Admin,
	"createStaff":       auth.Admin,
	"updateStaff":       auth.Admin,
	"createNas":         auth.Admin,
	"updateNas":         auth.Admin,
	"deleteNas":         auth.Admin,
	"applyRouterConfig": auth.Admin,
	"createProfile":     auth.Admin,
	"updateProfile":     auth.Admin,
	"deleteProfile":     auth.Admin,
	"setPlanWindows":    auth.Admin,
	"updateSettings":    auth.Admin,

	"configurePaymentGateway": auth.Admin,
	"registerMpesaUrls":       auth.Admin,
	"refundUnmatchedPayment":  auth.Admin,
	"startMobilePayment":      auth.Operator,
	"assignUnmatchedPayment":  auth.Operator,
	"createVoucherBatch":      auth.Admin,
	"voidVoucherBatch":        auth.Admin,

	"createCustomer":        auth.Operator,
	"updateCustomer":        auth.Operator,
	"setCustomerPassword":   auth.Operator,
	"suspendCustomer":       auth.Operator,
	"resumeCustomer":        auth.Operator,
	"deleteCustomer":        auth.Operator,
	"changeCustomerProfile": auth.Operator,
	"disconnectCustomer":    auth.Operator,
	"endPortalSessions":     auth.Operator,
	"recordPayment":         auth.Operator,
	"renewCustomer":         auth.Operator,
	"adjustBalance":         auth.Operator,
	"topUpData":             auth.Operator,
	"importCustomers":       auth.Operator,
	"redeemVoucher":         auth.Operator,
	"refundPayment":         auth.Operator, // above staff_money_limit the service asks for an admin

	// The staff desk (issue 17).
	"archiveCustomer": auth.Operator,
	"restoreCustomer": auth.Operator,
	"addCustomerNote": auth.Operator,
	"archiveNas":      auth.Admin,
	"restoreNas":      auth.Admin,
	// Bulk actions: as the one-customer actions; deleting many needs an admin.
	"bulkRenew":         auth.Operator,
	"bulkSuspend":       auth.Operator,
	"bulkResume":        auth.Operator,
	"bulkChangeProfile": auth.Operator,
	"bulkMessage":       auth.Operator,
	"bulkDelete":        auth.Admin,
	"bulkArchive":       auth.Operator,
}

// queryRoles lists the queries that need more than VIEWER. Every role reads the ledger and
// its documents: transactions, invoices (and the receipts and invoices served over HTTP at
// /receipts/ and /invoices/, checked in documents.go).
var queryRoles = map[string]auth.Role{
	"auditLog":          auth.Admin,
	"auditTrail":        auth.Admin,
	"auditActions":      auth.Admin,
	"staffMembers":      auth.Admin,
	"apiTokens":         auth.Admin,
	"staffSessions":     auth.Admin,
	"settings":          auth.Admin,
	"notifications":     auth.Operator,
	"exportCustomers":   auth.Operator,
	"exportPayments":    auth.Operator,
	"voucherBatches":    auth.Operator,
	"paymentGateways":   auth.Admin,
	"unmatchedPayments": auth.Operator,

	// bulk jobs
	"bulkJob":            auth.Operator,
	"bulkJobs":           auth.Operator,
	"bulkSelectionCount": auth.Operator,
	// The router's configuration carries its RADIUS secret.
	"routerConfigScript": auth.Admin,
	"routerConfigDryRun": auth.Admin,
	"routerHealth":       auth.Operator,
}

// checkRole enforces the role of every root field (queries, mutations, subscriptions) and
// answers null for the fields reaching Staff records the caller may not see.
func (r *Resolver) checkRole(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return next(ctx)
	}
	if hidesStaff(ctx, fc) {
		return nil, nil
	}
	if !fc.IsResolver {
		return next(ctx)
	}
	var need auth.Role = auth.Viewer
	switch fc.Object {
	case "Mutation":
		role, ok := mutationRoles[fc.Field.Name]
		if !ok {
			role = auth.Admin
		}
		if role == "" {
			return next(ctx)
		}
		need = role
	case "Query":
		if role, ok := queryRoles[fc.Field.Name]; ok {
			need = role
		}
	case "Subscription":
	default:
		return next(ctx)
	}
	if _, err := auth.Require(ctx, need); err != nil {
		return nil, err
	}
	return next(ctx)
}
