/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query UsernameAvailable($username: String!) {\n    usernameAvailable(username: $username)\n  }\n": typeof types.UsernameAvailableDocument,
    "\n  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {\n    importCustomers(file: $file, dryRun: $dryRun) {\n      dryRun\n      applied\n      rows\n      created\n      updated\n      unchanged\n      errors { row column message }\n      warnings { row message }\n      generatedPasswords { row username password }\n    }\n  }\n": typeof types.ImportCustomersDocument,
    "\n  query Me {\n    me { id username fullName role language }\n  }\n": typeof types.MeDocument,
    "\n  query Currency {\n    locale { currency timeZone language }\n  }\n": typeof types.CurrencyDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {\n    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangeOwnPasswordDocument,
    "\n  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }\n": typeof types.MySessionsDocument,
    "\n  mutation EndSession($id: ID!) { endSession(id: $id) }\n": typeof types.EndSessionDocument,
    "\n  query MySecurity { mySecurity { totpEnabled totpEnabledAt recoveryCodesLeft } }\n": typeof types.MySecurityDocument,
    "\n  mutation EnrollTotp { enrollTotp { secret otpauthURL qrCode } }\n": typeof types.EnrollTotpDocument,
    "\n  mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) { recoveryCodes } }\n": typeof types.ConfirmTotpDocument,
    "\n  mutation DisableOwnTotp($currentPassword: String) { disableTotp(currentPassword: $currentPassword) }\n": typeof types.DisableOwnTotpDocument,
    "\n  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }\n": typeof types.SetOwnLanguageDocument,
    "\n  fragment BulkJobFields on BulkJob {\n    id action total done failed state actor createdAt finishedAt\n  }\n": typeof types.BulkJobFieldsFragmentDoc,
    "\n  query BulkSelectionCount($selection: CustomerSelection!) {\n    bulkSelectionCount(selection: $selection)\n  }\n": typeof types.BulkSelectionCountDocument,
    "\n  mutation BulkRenew($selection: CustomerSelection!) { bulkRenew(selection: $selection) { ...BulkJobFields } }\n": typeof types.BulkRenewDocument,
    "\n  mutation BulkSuspend($selection: CustomerSelection!) { bulkSuspend(selection: $selection) { ...BulkJobFields } }\n": typeof types.BulkSuspendDocument,
    "\n  mutation BulkResume($selection: CustomerSelection!) { bulkResume(selection: $selection) { ...BulkJobFields } }\n": typeof types.BulkResumeDocument,
    "\n  mutation BulkDelete($selection: CustomerSelection!) { bulkDelete(selection: $selection) { ...BulkJobFields } }\n": typeof types.BulkDeleteDocument,
    "\n  mutation BulkChangeProfile($selection: CustomerSelection!, $profileID: ID!) {\n    bulkChangeProfile(selection: $selection, profileID: $profileID) { ...BulkJobFields }\n  }\n": typeof types.BulkChangeProfileDocument,
    "\n  mutation BulkMessage($selection: CustomerSelection!, $message: BulkMessageInput!) {\n    bulkMessage(selection: $selection, message: $message) { ...BulkJobFields }\n  }\n": typeof types.BulkMessageDocument,
    "\n  query BulkJob($id: ID!, $after: String, $state: BulkItemState) {\n    bulkJob(id: $id) {\n      ...BulkJobFields\n      results(first: 50, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          cursor\n          node {\n            customerID state message finishedAt\n            customer { id username fullName accountNo }\n            routers { router outcome message }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BulkJobDocument,
    "\n  subscription BulkJobUpdated($id: ID!) {\n    bulkJobUpdated(id: $id) { ...BulkJobFields }\n  }\n": typeof types.BulkJobUpdatedDocument,
    "\n  fragment AccountCard_customer on Customer {\n    id accountNo username phone email address joinedAt expiresAt autoRenew staticIP macLock maxSessions\n  }\n": typeof types.AccountCard_CustomerFragmentDoc,
    "\n  fragment AuthEventsTable_authEvents on AuthEventConnection {\n    edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n  }\n": typeof types.AuthEventsTable_AuthEventsFragmentDoc,
    "\n  fragment CustomerAuthEvents_customer on Customer {\n    id authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...AuthEventsTable_authEvents }\n  }\n": typeof types.CustomerAuthEvents_CustomerFragmentDoc,
    "\n  query RefreshCustomerAuthEvents($id: ID!) { customer(id: $id) { id ...CustomerAuthEvents_customer } }\n": typeof types.RefreshCustomerAuthEventsDocument,
    "\n  fragment BalanceCard_customer on Customer { id balance profile { id price } }\n": typeof types.BalanceCard_CustomerFragmentDoc,
    "\n  fragment CurrentSession_session on Session {\n    id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name }\n  }\n": typeof types.CurrentSession_SessionFragmentDoc,
    "\n  fragment CurrentSessionCard_customer on Customer { id currentSession { ...CurrentSession_session } }\n": typeof types.CurrentSessionCard_CustomerFragmentDoc,
    "\n  fragment CustomerActions_customer on Customer { id status connectionStatus accessState archivedAt }\n": typeof types.CustomerActions_CustomerFragmentDoc,
    "\n  mutation RestoreCustomer($id: ID!) { restoreCustomer(id: $id) { id status connectionStatus accessState archivedAt } }\n": typeof types.RestoreCustomerDocument,
    "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus accessState } }\n": typeof types.ResumeCustomerDocument,
    "\n  fragment CustomerHeader_customer on Customer { id username accountNo fullName connectionStatus status accessState expiresAt archivedAt }\n": typeof types.CustomerHeader_CustomerFragmentDoc,
    "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id\n      ...CustomerHeader_customer ...CustomerActions_customer ...AccountCard_customer ...ProfileCard_customer\n      ...BalanceCard_customer ...CurrentSessionCard_customer ...UsageCard_customer\n      ...DisconnectDialog_customer ...ChangeProfileDialog_customer ...PasswordDialog_customer\n      ...RecordPaymentDialog_customer ...RedeemVoucherDialog_customer ...TopUpDialog_customer ...RenewDialog_customer ...SuspendDialog_customer ...EditDetailsDialog_customer\n      ...PortalCard_customer ...ArchiveDialog_customer\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount ...SessionsTable_sessions ...ReconnectWarning_sessions ...UsageCard_sessions\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...LedgerTable_transactions }\n      invoices(first: 50, orderBy: { field: ISSUED_AT, direction: DESC }) { totalCount ...InvoicesTable_invoices }\n      ...CustomerAuthEvents_customer\n    }\n  }\n": typeof types.CustomerDetailsDocument,
    "\n  fragment InvoicesTable_invoices on InvoiceConnection {\n    edges { node { id number plan periodStart periodEnd subtotal tax total taxName issuedAt pdfURL } }\n  }\n": typeof types.InvoicesTable_InvoicesFragmentDoc,
    "\n  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }\n": typeof types.LedgerRow_TransactionFragmentDoc,
    "\n  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }\n": typeof types.LedgerTable_TransactionsFragmentDoc,
    "\n  fragment PortalCard_customer on Customer { id username portalLastUsedAt }\n": typeof types.PortalCard_CustomerFragmentDoc,
    "\n  mutation EndPortalSessions($customerID: ID!) { endPortalSessions(customerID: $customerID) }\n": typeof types.EndPortalSessionsDocument,
    "\n  fragment ProfileCard_customer on Customer {\n    id\n    profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price afterCapProfile { id name } }\n  }\n": typeof types.ProfileCard_CustomerFragmentDoc,
    "\n  fragment ReconnectWarning_sessions on SessionConnection { edges { node { id startedAt } } }\n": typeof types.ReconnectWarning_SessionsFragmentDoc,
    "\n  fragment SessionRow_session on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n  }\n": typeof types.SessionRow_SessionFragmentDoc,
    "\n  fragment SessionsTable_sessions on SessionConnection { edges { node { id ...SessionRow_session } } }\n": typeof types.SessionsTable_SessionsFragmentDoc,
    "\n  query CustomerTimeline($id: ID!) {\n    customer(id: $id) { id timeline(limit: 50) { at kind title detail actor amount } }\n  }\n": typeof types.CustomerTimelineDocument,
    "\n  mutation AddCustomerNote($customerID: ID!, $body: String!) {\n    addCustomerNote(customerID: $customerID, body: $body) { at kind title detail actor }\n  }\n": typeof types.AddCustomerNoteDocument,
    "\n  fragment UsageCard_customer on Customer {\n    id\n    usage { periodStart bytesIn bytesOut limitBytes }\n    dailyUsage(days: 366) { day bytesIn bytesOut }\n    profile { id validityDays }\n  }\n": typeof types.UsageCard_CustomerFragmentDoc,
    "\n  fragment UsageCard_sessions on SessionConnection { edges { node { id bytesIn bytesOut } } }\n": typeof types.UsageCard_SessionsFragmentDoc,
    "\n  query SessionsOfCustomer($id: ID!, $first: Int, $orderBy: SessionOrder) {\n    customer(id: $id) { id sessions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n": typeof types.SessionsOfCustomerDocument,
    "\n  query TransactionsOfCustomer($id: ID!, $first: Int, $orderBy: TransactionOrder) {\n    customer(id: $id) { id transactions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n": typeof types.TransactionsOfCustomerDocument,
    "\n  fragment CustomerConnectionStatus on Customer { id connectionStatus }\n": typeof types.CustomerConnectionStatusFragmentDoc,
    "\n  fragment CustomerAccessState on Customer { id accessState }\n": typeof types.CustomerAccessStateFragmentDoc,
    "\n  fragment ArchiveDialog_customer on Customer { id username connectionStatus }\n": typeof types.ArchiveDialog_CustomerFragmentDoc,
    "\n  mutation ArchiveCustomer($id: ID!) {\n    archiveCustomer(id: $id) {\n      customer { id status connectionStatus accessState archivedAt }\n      sessions { outcome message }\n    }\n  }\n": typeof types.ArchiveCustomerDocument,
    "\n  fragment ChangeProfileDialog_customer on Customer { id profile { id } }\n": typeof types.ChangeProfileDialog_CustomerFragmentDoc,
    "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } ...ProfileCard_customer ...BalanceCard_customer ...UsageCard_customer }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": typeof types.ChangeCustomerProfileDocument,
    "\n  fragment DisconnectDialog_customer on Customer { id username }\n": typeof types.DisconnectDialog_CustomerFragmentDoc,
    "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus accessState }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": typeof types.DisconnectCustomerDocument,
    "\n  fragment EditDetailsDialog_customer on Customer {\n    id username phone fullName email address staticIP macLock autoRenew maxSessions\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }\n    profile { id ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id name } delegatedPrefixPool { id name } } }\n  }\n": typeof types.EditDetailsDialog_CustomerFragmentDoc,
    "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id ...EditDetailsDialog_customer ...AccountCard_customer ...CustomerHeader_customer }\n  }\n": typeof types.UpdateCustomerDocument,
    "\n  fragment PasswordDialog_customer on Customer { id username }\n": typeof types.PasswordDialog_CustomerFragmentDoc,
    "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n": typeof types.SetCustomerPasswordDocument,
    "\n  query PaymentMethods { paymentMethods }\n": typeof types.PaymentMethodsDocument,
    "\n  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }\n": typeof types.RecordPaymentDialog_CustomerFragmentDoc,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id balanceAfter alreadyRecorded createdAt ...LedgerRow_transaction\n      customer { id balance expiresAt connectionStatus accessState status }\n    }\n  }\n": typeof types.RecordPaymentDocument,
    "\n  fragment RedeemVoucherDialog_customer on Customer { id username }\n": typeof types.RedeemVoucherDialog_CustomerFragmentDoc,
    "\n  mutation RedeemVoucher($customerID: ID!, $code: String!) {\n    redeemVoucher(customerID: $customerID, code: $code) {\n      id balanceAfter ...LedgerRow_transaction customer { id balance expiresAt connectionStatus accessState }\n    }\n  }\n": typeof types.RedeemVoucherDocument,
    "\n  fragment RenewDialog_customer on Customer { id username balance profile { id name price validityDays } }\n": typeof types.RenewDialog_CustomerFragmentDoc,
    "\n  mutation RenewCustomer($id: ID!) {\n    renewCustomer(id: $id) {\n      id expiresAt balance connectionStatus accessState status\n      ...AccountCard_customer ...UsageCard_customer\n      transactions(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { edges { node { id ...LedgerRow_transaction } } }\n    }\n  }\n": typeof types.RenewCustomerDocument,
    "\n  fragment SuspendDialog_customer on Customer { id username }\n": typeof types.SuspendDialog_CustomerFragmentDoc,
    "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus accessState } }\n": typeof types.SuspendCustomerDocument,
    "\n  fragment TopUpDialog_customer on Customer { id username }\n": typeof types.TopUpDialog_CustomerFragmentDoc,
    "\n  mutation TopUpData($customerID: ID!, $dataBytes: Int!) {\n    topUpData(customerID: $customerID, dataBytes: $dataBytes) {\n      dataBytes capLifted transaction { id }\n      customer { id balance connectionStatus usage { periodStart bytesIn bytesOut limitBytes } }\n    }\n  }\n": typeof types.TopUpDataDocument,
    "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }\n  }\n": typeof types.SessionUpdatedDocument,
    "\n  query DashboardTrend($from: Time!, $to: Time!) {\n    dashboard { newCustomersThisMonth }\n    revenue(from: $from, to: $to, period: MONTH) { periods { start amounts { net } } }\n  }\n": typeof types.DashboardTrendDocument,
    "\n  query PrefixPoolChoices { pools { id name family prefixLength free } }\n": typeof types.PrefixPoolChoicesDocument,
    "\n  query VoucherPlans { profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) { edges { node { id name price } } } }\n": typeof types.VoucherPlansDocument,
    "\n  mutation CreateVoucherBatch($input: VoucherBatchInput!) {\n    createVoucherBatch(input: $input) { codes sheetPDF batch { id count amount expiresAt agent dataBytes profile { id name } } }\n  }\n": typeof types.CreateVoucherBatchDocument,
    "\n  mutation RefundPayment($transactionID: ID!, $amount: Int!, $note: String!) {\n    refundPayment(transactionID: $transactionID, amount: $amount, note: $note) {\n      id amount balanceAfter kind method note createdAt customer { id balance }\n    }\n  }\n": typeof types.RefundPaymentDocument,
    "\n  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }\n": typeof types.ExpiredRedirectCard_NasFragmentDoc,
    "\n  mutation ArchiveNas($id: ID!) { archiveNas(id: $id) { id archivedAt } }\n": typeof types.ArchiveNasDocument,
    "\n  mutation RestoreNas($id: ID!) { restoreNas(id: $id) { id archivedAt } }\n": typeof types.RestoreNasDocument,
    "\n  query RouterConfigScript($nasId: ID!, $version: Int) {\n    routerConfigScript(nasId: $nasId, version: $version) { version detected script }\n  }\n": typeof types.RouterConfigScriptDocument,
    "\n  query RouterConfigDryRun($nasId: ID!) {\n    routerConfigDryRun(nasId: $nasId) { menu action what description }\n  }\n": typeof types.RouterConfigDryRunDocument,
    "\n  query RouterHealth($nasId: ID!) {\n    routerHealth(nasId: $nasId) { ok differences { menu key message } }\n  }\n": typeof types.RouterHealthDocument,
    "\n  mutation ApplyRouterConfig($nasId: ID!) {\n    applyRouterConfig(nasId: $nasId) { menu action what description }\n  }\n": typeof types.ApplyRouterConfigDocument,
    "\n  query PaymentGateways {\n    paymentGateways { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n": typeof types.PaymentGatewaysDocument,
    "\n  mutation ConfigurePaymentGateway($input: PaymentGatewayInput!) {\n    configurePaymentGateway(input: $input) { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n": typeof types.ConfigurePaymentGatewayDocument,
    "\n  mutation RegisterMpesaUrls { registerMpesaUrls }\n": typeof types.RegisterMpesaUrlsDocument,
    "\n  mutation StartMobilePayment($customerID: ID!, $amount: Int!, $phone: String) {\n    startMobilePayment(customerID: $customerID, amount: $amount, phone: $phone) { id status phone amount }\n  }\n": typeof types.StartMobilePaymentDocument,
    "\n  query MobilePaymentStatus($id: ID!) {\n    mobilePayment(id: $id) { id status resultDesc receipt transaction { id balanceAfter customer { id balance } } }\n  }\n": typeof types.MobilePaymentStatusDocument,
    "\n  query FindCustomersForPayment($search: String!) {\n    customers(search: $search, first: 10) { edges { node { id accountNo username fullName phone } } }\n  }\n": typeof types.FindCustomersForPaymentDocument,
    "\n  mutation AssignUnmatchedPayment($id: ID!, $customerID: ID!) {\n    assignUnmatchedPayment(id: $id, customerID: $customerID) { id balanceAfter customer { id username balance } }\n  }\n": typeof types.AssignUnmatchedPaymentDocument,
    "\n  mutation RefundUnmatchedPayment($id: ID!, $note: String!) {\n    refundUnmatchedPayment(id: $id, note: $note) { id status note }\n  }\n": typeof types.RefundUnmatchedPaymentDocument,
    "\n  query UnmatchedPayments($first: Int, $after: Cursor, $status: UnmatchedPaymentStatus) {\n    unmatchedPayments(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id method reference amount accountRef phone payerName receivedAt status note resolvedBy resolvedAt customer { id username } } }\n    }\n  }\n": typeof types.UnmatchedPaymentsDocument,
    "\n  mutation CreatePool($input: CreatePoolInput!) { createPool(input: $input) { id name used free } }\n": typeof types.CreatePoolDocument,
    "\n  mutation UpdatePool($id: ID!, $input: UpdatePoolInput!) { updatePool(id: $id, input: $input) { id name ranges used free } }\n": typeof types.UpdatePoolDocument,
    "\n  query PoolChoices { pools { id name family free } }\n": typeof types.PoolChoicesDocument,
    "\n  query PoolUsage { pools { id name size used free } }\n": typeof types.PoolUsageDocument,
    "\n  mutation DeleteProfile($id: ID!) { deleteProfile(id: $id) }\n": typeof types.DeleteProfileDocument,
    "\n  query PlanWindows($id: ID!) {\n    node(id: $id) { ... on Profile { id name windows { days start end downloadKbps uploadKbps rateLimit } } }\n  }\n": typeof types.PlanWindowsDocument,
    "\n  mutation SetPlanWindows($planID: ID!, $windows: [PlanWindowInput!]!) {\n    setPlanWindows(planID: $planID, windows: $windows) { days start end downloadKbps uploadKbps rateLimit }\n  }\n": typeof types.SetPlanWindowsDocument,
    "\n  query WindowRuns($planID: ID) {\n    windowRuns(planID: $planID, first: 5) {\n      id edgeAt rateLimit sessions done pending\n      unchanged { sessionId username outcome message attempts }\n    }\n  }\n": typeof types.WindowRunsDocument,
    "\n  fragment RadiusCounts_nas on Nas {\n    lastSeenAt\n    radiusCounts {\n      lastHour { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n      lastDay { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n    }\n  }\n": typeof types.RadiusCounts_NasFragmentDoc,
    "\n  query RadiusDashboard {\n    radiusTotals { lastHour { rejects drops authFailures byReason { kind reason reasonCode count } } }\n    nasDevices(first: 50) {\n      edges { node { id name lastSeenAt activeSessions radiusCounts { lastHour { accepts rejects drops authFailures } } } }\n    }\n  }\n": typeof types.RadiusDashboardDocument,
    "\n  query RadiusLog($filter: RadiusLogFilter, $first: Int, $after: Cursor) {\n    radiusLog(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt username callingStationId method result reason detail customer { id } nas { id name } } }\n    }\n  }\n": typeof types.RadiusLogDocument,
    "\n  query RadiusDrops($nasID: ID) {\n    radiusDrops(hours: 24, nasID: $nasID) { source reason reasonCode authFailure count lastSeenAt nas { id name } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n": typeof types.RadiusDropsDocument,
    "\n  query ExpiringCustomers($from: Time!, $to: Time!) {\n    expiringCustomers(from: $from, to: $to) {\n      id accountNo username fullName phone expiresAt autoRenew profile { id name }\n    }\n  }\n": typeof types.ExpiringCustomersDocument,
    "\n  query GrowthReport($months: Int!) {\n    growthReport(months: $months) { month newCustomers churned active revenue arpu }\n  }\n": typeof types.GrowthReportDocument,
    "\n  query TopUsers($from: Time!, $to: Time!, $limit: Int!) {\n    topUsers(from: $from, to: $to, limit: $limit) {\n      bytesIn bytesOut customer { id accountNo username profile { id name } }\n    }\n  }\n": typeof types.TopUsersDocument,
    "\n  mutation DisconnectFromList($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": typeof types.DisconnectFromListDocument,
    "\n  query OnlineSessions($first: Int!, $after: Cursor, $where: SessionWhereInput, $orderBy: SessionOrder) {\n    sessions(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id customer { id username } ...OnlineSession_session } }\n    }\n  }\n": typeof types.OnlineSessionsDocument,
    "\n  query SessionChoices {\n    nasDevices(first: 200) { edges { node { id name } } }\n    profiles(first: 200) { edges { node { id name } } }\n  }\n": typeof types.SessionChoicesDocument,
    "\n  subscription OnlineSessionsLive {\n    sessionUpdated { id open bytesIn bytesOut sessionTime updatedAt stoppedAt }\n  }\n": typeof types.OnlineSessionsLiveDocument,
    "\n  fragment OnlineSession_session on Session {\n    id acctSessionID framedIP callingStationID startedAt bytesIn bytesOut\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n    customer { id username fullName profile { id name } }\n    nas { id name }\n  }\n": typeof types.OnlineSession_SessionFragmentDoc,
    "\n  mutation ResetStaffPassword($id: ID!, $password: String!) { updateStaff(id: $id, input: { password: $password }) { id } }\n": typeof types.ResetStaffPasswordDocument,
    "\n  query StaffSessions($staffID: ID!) { staffSessions(staffID: $staffID) { id createdAt lastUsedAt address userAgent current } }\n": typeof types.StaffSessionsDocument,
    "\n  mutation EndStaffSessions($staffID: ID!) { endStaffSessions(staffID: $staffID) }\n": typeof types.EndStaffSessionsDocument,
    "\n  mutation DisableStaffTotp($staffID: ID!) { disableTotp(staffID: $staffID) }\n": typeof types.DisableStaffTotpDocument,
    "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n": typeof types.StatusChangedDocument,
    "\n  query AuditTrail($first: Int!, $after: Cursor, $filter: AuditFilter) {\n    auditTrail(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      entries { id createdAt actor action summary target address changes { field before after } }\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query AuditFilterChoices {\n    auditActions { action label }\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) { edges { node { id username } } }\n  }\n": typeof types.AuditFilterChoicesDocument,
    "\n  query Customers($search: String, $status: ConnectionStatus, $accessState: AccessState, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, accessState: $accessState, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus accessState archivedAt\n          profile { id name }\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n": typeof types.ProfileOptionsDocument,
    "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $accessState: AccessState, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, accessState: $accessState, where: $where)\n  }\n": typeof types.ExportCustomersDocument,
    "\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n": typeof types.ExpiringDocument,
    "\n  mutation Login($username: String!, $password: String!, $totpCode: String) {\n    login(username: $username, password: $password, totpCode: $totpCode) {\n      token\n      totpEnrolmentRequired\n      staff { id username role }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query NasDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Nas {\n        id name ipAddress coaPort lastSeenAt activeSessions disconnectMethod requireMessageAuthenticator\n        apiAddress apiUser apiTLS apiPlain apiTlsFingerprint apiCaCertificate apiError\n        ...ExpiredRedirectCard_nas\n        ...RadiusCounts_nas\n      }\n    }\n  }\n": typeof types.NasDetailDocument,
    "\n  fragment NasRow_nas on Nas {\n    id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n    apiTlsFingerprint apiCaCertificate apiPlain apiError\n    lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour archivedAt\n    ...RadiusCounts_nas\n  }\n": typeof types.NasRow_NasFragmentDoc,
    "\n  query NasList($where: NasWhereInput) {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }, where: $where) {\n      totalCount\n      edges { node { id ...NasRow_nas } }\n    }\n  }\n": typeof types.NasListDocument,
    "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n": typeof types.CreateNasDocument,
    "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id ...NasRow_nas } }\n": typeof types.UpdateNasDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  query Notifications($first: Int!, $after: Cursor, $where: NotificationWhereInput) {\n    notifications(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  query Payments($filter: PaymentFilter, $after: Cursor) {\n    payments(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt kind amount method reference note actor refundable customer { id accountNo username fullName } } }\n    }\n  }\n": typeof types.PaymentsDocument,
    "\n  query ExportPayments($filter: PaymentFilter) { exportPayments(filter: $filter) }\n": typeof types.ExportPaymentsDocument,
    "\n  query PaymentStaffOptions { staffMembers(first: 200) { edges { node { id username } } } }\n": typeof types.PaymentStaffOptionsDocument,
    "\n  query Pools {\n    pools { id name family ranges prefixLength size used static free nas { id name } plans { id name } }\n    staticIpConflicts { address customer { id username } holder { id username } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n": typeof types.PoolsDocument,
    "\n  mutation DeletePool($id: ID!) { deletePool(id: $id) }\n": typeof types.DeletePoolDocument,
    "\n  fragment ProfileRow_profile on Profile {\n    id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool portalVisible customersCount\n    afterCapProfile { id name }\n    addressPool { id name }\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id } delegatedPrefixPool { id } }\n  }\n": typeof types.ProfileRow_ProfileFragmentDoc,
    "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges { node { id ...ProfileRow_profile } }\n    }\n  }\n": typeof types.ProfilesDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n": typeof types.CreateProfileDocument,
    "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id ...ProfileRow_profile } }\n": typeof types.UpdateProfileDocument,
    "\n  query RevenueReport($from: Time!, $to: Time!, $period: ReportPeriod!) {\n    revenue(from: $from, to: $to, period: $period) {\n      total { payments refunds net }\n      periods { start amounts { payments refunds net } byMethod { method amounts { payments refunds net } } }\n      byMethod { method amounts { payments refunds net } }\n      byPlan { profileID plan renewals amount }\n    }\n  }\n": typeof types.RevenueReportDocument,
    "\n  query Settings {\n    settings { key value description secret isSet group }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet group }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt lastLoginAddress totpEnabledAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n": typeof types.StaffListDocument,
    "\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n": typeof types.CreateStaffDocument,
    "\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n": typeof types.UpdateStaffDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n": typeof types.RevokeApiTokenDocument,
    "\n  query VoucherBatches($includeVoided: Boolean) {\n    voucherBatches(includeVoided: $includeVoided) {\n      issued sold redeemed available expired void\n      batch { id count amount expiresAt agent createdAt createdBy voidedAt dataBytes profile { id name } }\n    }\n  }\n": typeof types.VoucherBatchesDocument,
    "\n  mutation VoidVoucherBatch($id: ID!) { voidVoucherBatch(id: $id) { id voidedAt } }\n": typeof types.VoidVoucherBatchDocument,
};
const documents: Documents = {
    "\n  query UsernameAvailable($username: String!) {\n    usernameAvailable(username: $username)\n  }\n": types.UsernameAvailableDocument,
    "\n  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {\n    importCustomers(file: $file, dryRun: $dryRun) {\n      dryRun\n      applied\n      rows\n      created\n      updated\n      unchanged\n      errors { row column message }\n      warnings { row message }\n      generatedPasswords { row username password }\n    }\n  }\n": types.ImportCustomersDocument,
    "\n  query Me {\n    me { id username fullName role language }\n  }\n": types.MeDocument,
    "\n  query Currency {\n    locale { currency timeZone language }\n  }\n": types.CurrencyDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {\n    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangeOwnPasswordDocument,
    "\n  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }\n": types.MySessionsDocument,
    "\n  mutation EndSession($id: ID!) { endSession(id: $id) }\n": types.EndSessionDocument,
    "\n  query MySecurity { mySecurity { totpEnabled totpEnabledAt recoveryCodesLeft } }\n": types.MySecurityDocument,
    "\n  mutation EnrollTotp { enrollTotp { secret otpauthURL qrCode } }\n": types.EnrollTotpDocument,
    "\n  mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) { recoveryCodes } }\n": types.ConfirmTotpDocument,
    "\n  mutation DisableOwnTotp($currentPassword: String) { disableTotp(currentPassword: $currentPassword) }\n": types.DisableOwnTotpDocument,
    "\n  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }\n": types.SetOwnLanguageDocument,
    "\n  fragment BulkJobFields on BulkJob {\n    id action total done failed state actor createdAt finishedAt\n  }\n": types.BulkJobFieldsFragmentDoc,
    "\n  query BulkSelectionCount($selection: CustomerSelection!) {\n    bulkSelectionCount(selection: $selection)\n  }\n": types.BulkSelectionCountDocument,
    "\n  mutation BulkRenew($selection: CustomerSelection!) { bulkRenew(selection: $selection) { ...BulkJobFields } }\n": types.BulkRenewDocument,
    "\n  mutation BulkSuspend($selection: CustomerSelection!) { bulkSuspend(selection: $selection) { ...BulkJobFields } }\n": types.BulkSuspendDocument,
    "\n  mutation BulkResume($selection: CustomerSelection!) { bulkResume(selection: $selection) { ...BulkJobFields } }\n": types.BulkResumeDocument,
    "\n  mutation BulkDelete($selection: CustomerSelection!) { bulkDelete(selection: $selection) { ...BulkJobFields } }\n": types.BulkDeleteDocument,
    "\n  mutation BulkChangeProfile($selection: CustomerSelection!, $profileID: ID!) {\n    bulkChangeProfile(selection: $selection, profileID: $profileID) { ...BulkJobFields }\n  }\n": types.BulkChangeProfileDocument,
    "\n  mutation BulkMessage($selection: CustomerSelection!, $message: BulkMessageInput!) {\n    bulkMessage(selection: $selection, message: $message) { ...BulkJobFields }\n  }\n": types.BulkMessageDocument,
    "\n  query BulkJob($id: ID!, $after: String, $state: BulkItemState) {\n    bulkJob(id: $id) {\n      ...BulkJobFields\n      results(first: 50, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          cursor\n          node {\n            customerID state message finishedAt\n            customer { id username fullName accountNo }\n            routers { router outcome message }\n          }\n        }\n      }\n    }\n  }\n": types.BulkJobDocument,
    "\n  subscription BulkJobUpdated($id: ID!) {\n    bulkJobUpdated(id: $id) { ...BulkJobFields }\n  }\n": types.BulkJobUpdatedDocument,
    "\n  fragment AccountCard_customer on Customer {\n    id accountNo username phone email address joinedAt expiresAt autoRenew staticIP macLock maxSessions\n  }\n": types.AccountCard_CustomerFragmentDoc,
    "\n  fragment AuthEventsTable_authEvents on AuthEventConnection {\n    edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n  }\n": types.AuthEventsTable_AuthEventsFragmentDoc,
    "\n  fragment CustomerAuthEvents_customer on Customer {\n    id authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...AuthEventsTable_authEvents }\n  }\n": types.CustomerAuthEvents_CustomerFragmentDoc,
    "\n  query RefreshCustomerAuthEvents($id: ID!) { customer(id: $id) { id ...CustomerAuthEvents_customer } }\n": types.RefreshCustomerAuthEventsDocument,
    "\n  fragment BalanceCard_customer on Customer { id balance profile { id price } }\n": types.BalanceCard_CustomerFragmentDoc,
    "\n  fragment CurrentSession_session on Session {\n    id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name }\n  }\n": types.CurrentSession_SessionFragmentDoc,
    "\n  fragment CurrentSessionCard_customer on Customer { id currentSession { ...CurrentSession_session } }\n": types.CurrentSessionCard_CustomerFragmentDoc,
    "\n  fragment CustomerActions_customer on Customer { id status connectionStatus accessState archivedAt }\n": types.CustomerActions_CustomerFragmentDoc,
    "\n  mutation RestoreCustomer($id: ID!) { restoreCustomer(id: $id) { id status connectionStatus accessState archivedAt } }\n": types.RestoreCustomerDocument,
    "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus accessState } }\n": types.ResumeCustomerDocument,
    "\n  fragment CustomerHeader_customer on Customer { id username accountNo fullName connectionStatus status accessState expiresAt archivedAt }\n": types.CustomerHeader_CustomerFragmentDoc,
    "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id\n      ...CustomerHeader_customer ...CustomerActions_customer ...AccountCard_customer ...ProfileCard_customer\n      ...BalanceCard_customer ...CurrentSessionCard_customer ...UsageCard_customer\n      ...DisconnectDialog_customer ...ChangeProfileDialog_customer ...PasswordDialog_customer\n      ...RecordPaymentDialog_customer ...RedeemVoucherDialog_customer ...TopUpDialog_customer ...RenewDialog_customer ...SuspendDialog_customer ...EditDetailsDialog_customer\n      ...PortalCard_customer ...ArchiveDialog_customer\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount ...SessionsTable_sessions ...ReconnectWarning_sessions ...UsageCard_sessions\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...LedgerTable_transactions }\n      invoices(first: 50, orderBy: { field: ISSUED_AT, direction: DESC }) { totalCount ...InvoicesTable_invoices }\n      ...CustomerAuthEvents_customer\n    }\n  }\n": types.CustomerDetailsDocument,
    "\n  fragment InvoicesTable_invoices on InvoiceConnection {\n    edges { node { id number plan periodStart periodEnd subtotal tax total taxName issuedAt pdfURL } }\n  }\n": types.InvoicesTable_InvoicesFragmentDoc,
    "\n  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }\n": types.LedgerRow_TransactionFragmentDoc,
    "\n  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }\n": types.LedgerTable_TransactionsFragmentDoc,
    "\n  fragment PortalCard_customer on Customer { id username portalLastUsedAt }\n": types.PortalCard_CustomerFragmentDoc,
    "\n  mutation EndPortalSessions($customerID: ID!) { endPortalSessions(customerID: $customerID) }\n": types.EndPortalSessionsDocument,
    "\n  fragment ProfileCard_customer on Customer {\n    id\n    profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price afterCapProfile { id name } }\n  }\n": types.ProfileCard_CustomerFragmentDoc,
    "\n  fragment ReconnectWarning_sessions on SessionConnection { edges { node { id startedAt } } }\n": types.ReconnectWarning_SessionsFragmentDoc,
    "\n  fragment SessionRow_session on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n  }\n": types.SessionRow_SessionFragmentDoc,
    "\n  fragment SessionsTable_sessions on SessionConnection { edges { node { id ...SessionRow_session } } }\n": types.SessionsTable_SessionsFragmentDoc,
    "\n  query CustomerTimeline($id: ID!) {\n    customer(id: $id) { id timeline(limit: 50) { at kind title detail actor amount } }\n  }\n": types.CustomerTimelineDocument,
    "\n  mutation AddCustomerNote($customerID: ID!, $body: String!) {\n    addCustomerNote(customerID: $customerID, body: $body) { at kind title detail actor }\n  }\n": types.AddCustomerNoteDocument,
    "\n  fragment UsageCard_customer on Customer {\n    id\n    usage { periodStart bytesIn bytesOut limitBytes }\n    dailyUsage(days: 366) { day bytesIn bytesOut }\n    profile { id validityDays }\n  }\n": types.UsageCard_CustomerFragmentDoc,
    "\n  fragment UsageCard_sessions on SessionConnection { edges { node { id bytesIn bytesOut } } }\n": types.UsageCard_SessionsFragmentDoc,
    "\n  query SessionsOfCustomer($id: ID!, $first: Int, $orderBy: SessionOrder) {\n    customer(id: $id) { id sessions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n": types.SessionsOfCustomerDocument,
    "\n  query TransactionsOfCustomer($id: ID!, $first: Int, $orderBy: TransactionOrder) {\n    customer(id: $id) { id transactions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n": types.TransactionsOfCustomerDocument,
    "\n  fragment CustomerConnectionStatus on Customer { id connectionStatus }\n": types.CustomerConnectionStatusFragmentDoc,
    "\n  fragment CustomerAccessState on Customer { id accessState }\n": types.CustomerAccessStateFragmentDoc,
    "\n  fragment ArchiveDialog_customer on Customer { id username connectionStatus }\n": types.ArchiveDialog_CustomerFragmentDoc,
    "\n  mutation ArchiveCustomer($id: ID!) {\n    archiveCustomer(id: $id) {\n      customer { id status connectionStatus accessState archivedAt }\n      sessions { outcome message }\n    }\n  }\n": types.ArchiveCustomerDocument,
    "\n  fragment ChangeProfileDialog_customer on Customer { id profile { id } }\n": types.ChangeProfileDialog_CustomerFragmentDoc,
    "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } ...ProfileCard_customer ...BalanceCard_customer ...UsageCard_customer }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": types.ChangeCustomerProfileDocument,
    "\n  fragment DisconnectDialog_customer on Customer { id username }\n": types.DisconnectDialog_CustomerFragmentDoc,
    "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus accessState }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": types.DisconnectCustomerDocument,
    "\n  fragment EditDetailsDialog_customer on Customer {\n    id username phone fullName email address staticIP macLock autoRenew maxSessions\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }\n    profile { id ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id name } delegatedPrefixPool { id name } } }\n  }\n": types.EditDetailsDialog_CustomerFragmentDoc,
    "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id ...EditDetailsDialog_customer ...AccountCard_customer ...CustomerHeader_customer }\n  }\n": types.UpdateCustomerDocument,
    "\n  fragment PasswordDialog_customer on Customer { id username }\n": types.PasswordDialog_CustomerFragmentDoc,
    "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n": types.SetCustomerPasswordDocument,
    "\n  query PaymentMethods { paymentMethods }\n": types.PaymentMethodsDocument,
    "\n  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }\n": types.RecordPaymentDialog_CustomerFragmentDoc,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id balanceAfter alreadyRecorded createdAt ...LedgerRow_transaction\n      customer { id balance expiresAt connectionStatus accessState status }\n    }\n  }\n": types.RecordPaymentDocument,
    "\n  fragment RedeemVoucherDialog_customer on Customer { id username }\n": types.RedeemVoucherDialog_CustomerFragmentDoc,
    "\n  mutation RedeemVoucher($customerID: ID!, $code: String!) {\n    redeemVoucher(customerID: $customerID, code: $code) {\n      id balanceAfter ...LedgerRow_transaction customer { id balance expiresAt connectionStatus accessState }\n    }\n  }\n": types.RedeemVoucherDocument,
    "\n  fragment RenewDialog_customer on Customer { id username balance profile { id name price validityDays } }\n": types.RenewDialog_CustomerFragmentDoc,
    "\n  mutation RenewCustomer($id: ID!) {\n    renewCustomer(id: $id) {\n      id expiresAt balance connectionStatus accessState status\n      ...AccountCard_customer ...UsageCard_customer\n      transactions(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { edges { node { id ...LedgerRow_transaction } } }\n    }\n  }\n": types.RenewCustomerDocument,
    "\n  fragment SuspendDialog_customer on Customer { id username }\n": types.SuspendDialog_CustomerFragmentDoc,
    "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus accessState } }\n": types.SuspendCustomerDocument,
    "\n  fragment TopUpDialog_customer on Customer { id username }\n": types.TopUpDialog_CustomerFragmentDoc,
    "\n  mutation TopUpData($customerID: ID!, $dataBytes: Int!) {\n    topUpData(customerID: $customerID, dataBytes: $dataBytes) {\n      dataBytes capLifted transaction { id }\n      customer { id balance connectionStatus usage { periodStart bytesIn bytesOut limitBytes } }\n    }\n  }\n": types.TopUpDataDocument,
    "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }\n  }\n": types.SessionUpdatedDocument,
    "\n  query DashboardTrend($from: Time!, $to: Time!) {\n    dashboard { newCustomersThisMonth }\n    revenue(from: $from, to: $to, period: MONTH) { periods { start amounts { net } } }\n  }\n": types.DashboardTrendDocument,
    "\n  query PrefixPoolChoices { pools { id name family prefixLength free } }\n": types.PrefixPoolChoicesDocument,
    "\n  query VoucherPlans { profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) { edges { node { id name price } } } }\n": types.VoucherPlansDocument,
    "\n  mutation CreateVoucherBatch($input: VoucherBatchInput!) {\n    createVoucherBatch(input: $input) { codes sheetPDF batch { id count amount expiresAt agent dataBytes profile { id name } } }\n  }\n": types.CreateVoucherBatchDocument,
    "\n  mutation RefundPayment($transactionID: ID!, $amount: Int!, $note: String!) {\n    refundPayment(transactionID: $transactionID, amount: $amount, note: $note) {\n      id amount balanceAfter kind method note createdAt customer { id balance }\n    }\n  }\n": types.RefundPaymentDocument,
    "\n  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }\n": types.ExpiredRedirectCard_NasFragmentDoc,
    "\n  mutation ArchiveNas($id: ID!) { archiveNas(id: $id) { id archivedAt } }\n": types.ArchiveNasDocument,
    "\n  mutation RestoreNas($id: ID!) { restoreNas(id: $id) { id archivedAt } }\n": types.RestoreNasDocument,
    "\n  query RouterConfigScript($nasId: ID!, $version: Int) {\n    routerConfigScript(nasId: $nasId, version: $version) { version detected script }\n  }\n": types.RouterConfigScriptDocument,
    "\n  query RouterConfigDryRun($nasId: ID!) {\n    routerConfigDryRun(nasId: $nasId) { menu action what description }\n  }\n": types.RouterConfigDryRunDocument,
    "\n  query RouterHealth($nasId: ID!) {\n    routerHealth(nasId: $nasId) { ok differences { menu key message } }\n  }\n": types.RouterHealthDocument,
    "\n  mutation ApplyRouterConfig($nasId: ID!) {\n    applyRouterConfig(nasId: $nasId) { menu action what description }\n  }\n": types.ApplyRouterConfigDocument,
    "\n  query PaymentGateways {\n    paymentGateways { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n": types.PaymentGatewaysDocument,
    "\n  mutation ConfigurePaymentGateway($input: PaymentGatewayInput!) {\n    configurePaymentGateway(input: $input) { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n": types.ConfigurePaymentGatewayDocument,
    "\n  mutation RegisterMpesaUrls { registerMpesaUrls }\n": types.RegisterMpesaUrlsDocument,
    "\n  mutation StartMobilePayment($customerID: ID!, $amount: Int!, $phone: String) {\n    startMobilePayment(customerID: $customerID, amount: $amount, phone: $phone) { id status phone amount }\n  }\n": types.StartMobilePaymentDocument,
    "\n  query MobilePaymentStatus($id: ID!) {\n    mobilePayment(id: $id) { id status resultDesc receipt transaction { id balanceAfter customer { id balance } } }\n  }\n": types.MobilePaymentStatusDocument,
    "\n  query FindCustomersForPayment($search: String!) {\n    customers(search: $search, first: 10) { edges { node { id accountNo username fullName phone } } }\n  }\n": types.FindCustomersForPaymentDocument,
    "\n  mutation AssignUnmatchedPayment($id: ID!, $customerID: ID!) {\n    assignUnmatchedPayment(id: $id, customerID: $customerID) { id balanceAfter customer { id username balance } }\n  }\n": types.AssignUnmatchedPaymentDocument,
    "\n  mutation RefundUnmatchedPayment($id: ID!, $note: String!) {\n    refundUnmatchedPayment(id: $id, note: $note) { id status note }\n  }\n": types.RefundUnmatchedPaymentDocument,
    "\n  query UnmatchedPayments($first: Int, $after: Cursor, $status: UnmatchedPaymentStatus) {\n    unmatchedPayments(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id method reference amount accountRef phone payerName receivedAt status note resolvedBy resolvedAt customer { id username } } }\n    }\n  }\n": types.UnmatchedPaymentsDocument,
    "\n  mutation CreatePool($input: CreatePoolInput!) { createPool(input: $input) { id name used free } }\n": types.CreatePoolDocument,
    "\n  mutation UpdatePool($id: ID!, $input: UpdatePoolInput!) { updatePool(id: $id, input: $input) { id name ranges used free } }\n": types.UpdatePoolDocument,
    "\n  query PoolChoices { pools { id name family free } }\n": types.PoolChoicesDocument,
    "\n  query PoolUsage { pools { id name size used free } }\n": types.PoolUsageDocument,
    "\n  mutation DeleteProfile($id: ID!) { deleteProfile(id: $id) }\n": types.DeleteProfileDocument,
    "\n  query PlanWindows($id: ID!) {\n    node(id: $id) { ... on Profile { id name windows { days start end downloadKbps uploadKbps rateLimit } } }\n  }\n": types.PlanWindowsDocument,
    "\n  mutation SetPlanWindows($planID: ID!, $windows: [PlanWindowInput!]!) {\n    setPlanWindows(planID: $planID, windows: $windows) { days start end downloadKbps uploadKbps rateLimit }\n  }\n": types.SetPlanWindowsDocument,
    "\n  query WindowRuns($planID: ID) {\n    windowRuns(planID: $planID, first: 5) {\n      id edgeAt rateLimit sessions done pending\n      unchanged { sessionId username outcome message attempts }\n    }\n  }\n": types.WindowRunsDocument,
    "\n  fragment RadiusCounts_nas on Nas {\n    lastSeenAt\n    radiusCounts {\n      lastHour { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n      lastDay { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n    }\n  }\n": types.RadiusCounts_NasFragmentDoc,
    "\n  query RadiusDashboard {\n    radiusTotals { lastHour { rejects drops authFailures byReason { kind reason reasonCode count } } }\n    nasDevices(first: 50) {\n      edges { node { id name lastSeenAt activeSessions radiusCounts { lastHour { accepts rejects drops authFailures } } } }\n    }\n  }\n": types.RadiusDashboardDocument,
    "\n  query RadiusLog($filter: RadiusLogFilter, $first: Int, $after: Cursor) {\n    radiusLog(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt username callingStationId method result reason detail customer { id } nas { id name } } }\n    }\n  }\n": types.RadiusLogDocument,
    "\n  query RadiusDrops($nasID: ID) {\n    radiusDrops(hours: 24, nasID: $nasID) { source reason reasonCode authFailure count lastSeenAt nas { id name } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n": types.RadiusDropsDocument,
    "\n  query ExpiringCustomers($from: Time!, $to: Time!) {\n    expiringCustomers(from: $from, to: $to) {\n      id accountNo username fullName phone expiresAt autoRenew profile { id name }\n    }\n  }\n": types.ExpiringCustomersDocument,
    "\n  query GrowthReport($months: Int!) {\n    growthReport(months: $months) { month newCustomers churned active revenue arpu }\n  }\n": types.GrowthReportDocument,
    "\n  query TopUsers($from: Time!, $to: Time!, $limit: Int!) {\n    topUsers(from: $from, to: $to, limit: $limit) {\n      bytesIn bytesOut customer { id accountNo username profile { id name } }\n    }\n  }\n": types.TopUsersDocument,
    "\n  mutation DisconnectFromList($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": types.DisconnectFromListDocument,
    "\n  query OnlineSessions($first: Int!, $after: Cursor, $where: SessionWhereInput, $orderBy: SessionOrder) {\n    sessions(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id customer { id username } ...OnlineSession_session } }\n    }\n  }\n": types.OnlineSessionsDocument,
    "\n  query SessionChoices {\n    nasDevices(first: 200) { edges { node { id name } } }\n    profiles(first: 200) { edges { node { id name } } }\n  }\n": types.SessionChoicesDocument,
    "\n  subscription OnlineSessionsLive {\n    sessionUpdated { id open bytesIn bytesOut sessionTime updatedAt stoppedAt }\n  }\n": types.OnlineSessionsLiveDocument,
    "\n  fragment OnlineSession_session on Session {\n    id acctSessionID framedIP callingStationID startedAt bytesIn bytesOut\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n    customer { id username fullName profile { id name } }\n    nas { id name }\n  }\n": types.OnlineSession_SessionFragmentDoc,
    "\n  mutation ResetStaffPassword($id: ID!, $password: String!) { updateStaff(id: $id, input: { password: $password }) { id } }\n": types.ResetStaffPasswordDocument,
    "\n  query StaffSessions($staffID: ID!) { staffSessions(staffID: $staffID) { id createdAt lastUsedAt address userAgent current } }\n": types.StaffSessionsDocument,
    "\n  mutation EndStaffSessions($staffID: ID!) { endStaffSessions(staffID: $staffID) }\n": types.EndStaffSessionsDocument,
    "\n  mutation DisableStaffTotp($staffID: ID!) { disableTotp(staffID: $staffID) }\n": types.DisableStaffTotpDocument,
    "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n": types.StatusChangedDocument,
    "\n  query AuditTrail($first: Int!, $after: Cursor, $filter: AuditFilter) {\n    auditTrail(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      entries { id createdAt actor action summary target address changes { field before after } }\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query AuditFilterChoices {\n    auditActions { action label }\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) { edges { node { id username } } }\n  }\n": types.AuditFilterChoicesDocument,
    "\n  query Customers($search: String, $status: ConnectionStatus, $accessState: AccessState, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, accessState: $accessState, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus accessState archivedAt\n          profile { id name }\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n": types.ProfileOptionsDocument,
    "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $accessState: AccessState, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, accessState: $accessState, where: $where)\n  }\n": types.ExportCustomersDocument,
    "\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n": types.DashboardDocument,
    "\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n": types.ExpiringDocument,
    "\n  mutation Login($username: String!, $password: String!, $totpCode: String) {\n    login(username: $username, password: $password, totpCode: $totpCode) {\n      token\n      totpEnrolmentRequired\n      staff { id username role }\n    }\n  }\n": types.LoginDocument,
    "\n  query NasDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Nas {\n        id name ipAddress coaPort lastSeenAt activeSessions disconnectMethod requireMessageAuthenticator\n        apiAddress apiUser apiTLS apiPlain apiTlsFingerprint apiCaCertificate apiError\n        ...ExpiredRedirectCard_nas\n        ...RadiusCounts_nas\n      }\n    }\n  }\n": types.NasDetailDocument,
    "\n  fragment NasRow_nas on Nas {\n    id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n    apiTlsFingerprint apiCaCertificate apiPlain apiError\n    lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour archivedAt\n    ...RadiusCounts_nas\n  }\n": types.NasRow_NasFragmentDoc,
    "\n  query NasList($where: NasWhereInput) {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }, where: $where) {\n      totalCount\n      edges { node { id ...NasRow_nas } }\n    }\n  }\n": types.NasListDocument,
    "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n": types.CreateNasDocument,
    "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id ...NasRow_nas } }\n": types.UpdateNasDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  query Notifications($first: Int!, $after: Cursor, $where: NotificationWhereInput) {\n    notifications(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n": types.NotificationsDocument,
    "\n  query Payments($filter: PaymentFilter, $after: Cursor) {\n    payments(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt kind amount method reference note actor refundable customer { id accountNo username fullName } } }\n    }\n  }\n": types.PaymentsDocument,
    "\n  query ExportPayments($filter: PaymentFilter) { exportPayments(filter: $filter) }\n": types.ExportPaymentsDocument,
    "\n  query PaymentStaffOptions { staffMembers(first: 200) { edges { node { id username } } } }\n": types.PaymentStaffOptionsDocument,
    "\n  query Pools {\n    pools { id name family ranges prefixLength size used static free nas { id name } plans { id name } }\n    staticIpConflicts { address customer { id username } holder { id username } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n": types.PoolsDocument,
    "\n  mutation DeletePool($id: ID!) { deletePool(id: $id) }\n": types.DeletePoolDocument,
    "\n  fragment ProfileRow_profile on Profile {\n    id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool portalVisible customersCount\n    afterCapProfile { id name }\n    addressPool { id name }\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id } delegatedPrefixPool { id } }\n  }\n": types.ProfileRow_ProfileFragmentDoc,
    "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges { node { id ...ProfileRow_profile } }\n    }\n  }\n": types.ProfilesDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n": types.CreateProfileDocument,
    "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id ...ProfileRow_profile } }\n": types.UpdateProfileDocument,
    "\n  query RevenueReport($from: Time!, $to: Time!, $period: ReportPeriod!) {\n    revenue(from: $from, to: $to, period: $period) {\n      total { payments refunds net }\n      periods { start amounts { payments refunds net } byMethod { method amounts { payments refunds net } } }\n      byMethod { method amounts { payments refunds net } }\n      byPlan { profileID plan renewals amount }\n    }\n  }\n": types.RevenueReportDocument,
    "\n  query Settings {\n    settings { key value description secret isSet group }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet group }\n  }\n": types.UpdateSettingsDocument,
    "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt lastLoginAddress totpEnabledAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n": types.StaffListDocument,
    "\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n": types.CreateStaffDocument,
    "\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n": types.UpdateStaffDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n": types.RevokeApiTokenDocument,
    "\n  query VoucherBatches($includeVoided: Boolean) {\n    voucherBatches(includeVoided: $includeVoided) {\n      issued sold redeemed available expired void\n      batch { id count amount expiresAt agent createdAt createdBy voidedAt dataBytes profile { id name } }\n    }\n  }\n": types.VoucherBatchesDocument,
    "\n  mutation VoidVoucherBatch($id: ID!) { voidVoucherBatch(id: $id) { id voidedAt } }\n": types.VoidVoucherBatchDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsernameAvailable($username: String!) {\n    usernameAvailable(username: $username)\n  }\n"): (typeof documents)["\n  query UsernameAvailable($username: String!) {\n    usernameAvailable(username: $username)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {\n    importCustomers(file: $file, dryRun: $dryRun) {\n      dryRun\n      applied\n      rows\n      created\n      updated\n      unchanged\n      errors { row column message }\n      warnings { row message }\n      generatedPasswords { row username password }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {\n    importCustomers(file: $file, dryRun: $dryRun) {\n      dryRun\n      applied\n      rows\n      created\n      updated\n      unchanged\n      errors { row column message }\n      warnings { row message }\n      generatedPasswords { row username password }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id username fullName role language }\n  }\n"): (typeof documents)["\n  query Me {\n    me { id username fullName role language }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Currency {\n    locale { currency timeZone language }\n  }\n"): (typeof documents)["\n  query Currency {\n    locale { currency timeZone language }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout { logout }\n"): (typeof documents)["\n  mutation Logout { logout }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {\n    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {\n    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }\n"): (typeof documents)["\n  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndSession($id: ID!) { endSession(id: $id) }\n"): (typeof documents)["\n  mutation EndSession($id: ID!) { endSession(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySecurity { mySecurity { totpEnabled totpEnabledAt recoveryCodesLeft } }\n"): (typeof documents)["\n  query MySecurity { mySecurity { totpEnabled totpEnabledAt recoveryCodesLeft } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnrollTotp { enrollTotp { secret otpauthURL qrCode } }\n"): (typeof documents)["\n  mutation EnrollTotp { enrollTotp { secret otpauthURL qrCode } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) { recoveryCodes } }\n"): (typeof documents)["\n  mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) { recoveryCodes } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableOwnTotp($currentPassword: String) { disableTotp(currentPassword: $currentPassword) }\n"): (typeof documents)["\n  mutation DisableOwnTotp($currentPassword: String) { disableTotp(currentPassword: $currentPassword) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }\n"): (typeof documents)["\n  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BulkJobFields on BulkJob {\n    id action total done failed state actor createdAt finishedAt\n  }\n"): (typeof documents)["\n  fragment BulkJobFields on BulkJob {\n    id action total done failed state actor createdAt finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkSelectionCount($selection: CustomerSelection!) {\n    bulkSelectionCount(selection: $selection)\n  }\n"): (typeof documents)["\n  query BulkSelectionCount($selection: CustomerSelection!) {\n    bulkSelectionCount(selection: $selection)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkRenew($selection: CustomerSelection!) { bulkRenew(selection: $selection) { ...BulkJobFields } }\n"): (typeof documents)["\n  mutation BulkRenew($selection: CustomerSelection!) { bulkRenew(selection: $selection) { ...BulkJobFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkSuspend($selection: CustomerSelection!) { bulkSuspend(selection: $selection) { ...BulkJobFields } }\n"): (typeof documents)["\n  mutation BulkSuspend($selection: CustomerSelection!) { bulkSuspend(selection: $selection) { ...BulkJobFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkResume($selection: CustomerSelection!) { bulkResume(selection: $selection) { ...BulkJobFields } }\n"): (typeof documents)["\n  mutation BulkResume($selection: CustomerSelection!) { bulkResume(selection: $selection) { ...BulkJobFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkDelete($selection: CustomerSelection!) { bulkDelete(selection: $selection) { ...BulkJobFields } }\n"): (typeof documents)["\n  mutation BulkDelete($selection: CustomerSelection!) { bulkDelete(selection: $selection) { ...BulkJobFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkChangeProfile($selection: CustomerSelection!, $profileID: ID!) {\n    bulkChangeProfile(selection: $selection, profileID: $profileID) { ...BulkJobFields }\n  }\n"): (typeof documents)["\n  mutation BulkChangeProfile($selection: CustomerSelection!, $profileID: ID!) {\n    bulkChangeProfile(selection: $selection, profileID: $profileID) { ...BulkJobFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkMessage($selection: CustomerSelection!, $message: BulkMessageInput!) {\n    bulkMessage(selection: $selection, message: $message) { ...BulkJobFields }\n  }\n"): (typeof documents)["\n  mutation BulkMessage($selection: CustomerSelection!, $message: BulkMessageInput!) {\n    bulkMessage(selection: $selection, message: $message) { ...BulkJobFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkJob($id: ID!, $after: String, $state: BulkItemState) {\n    bulkJob(id: $id) {\n      ...BulkJobFields\n      results(first: 50, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          cursor\n          node {\n            customerID state message finishedAt\n            customer { id username fullName accountNo }\n            routers { router outcome message }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BulkJob($id: ID!, $after: String, $state: BulkItemState) {\n    bulkJob(id: $id) {\n      ...BulkJobFields\n      results(first: 50, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          cursor\n          node {\n            customerID state message finishedAt\n            customer { id username fullName accountNo }\n            routers { router outcome message }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BulkJobUpdated($id: ID!) {\n    bulkJobUpdated(id: $id) { ...BulkJobFields }\n  }\n"): (typeof documents)["\n  subscription BulkJobUpdated($id: ID!) {\n    bulkJobUpdated(id: $id) { ...BulkJobFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountCard_customer on Customer {\n    id accountNo username phone email address joinedAt expiresAt autoRenew staticIP macLock maxSessions\n  }\n"): (typeof documents)["\n  fragment AccountCard_customer on Customer {\n    id accountNo username phone email address joinedAt expiresAt autoRenew staticIP macLock maxSessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthEventsTable_authEvents on AuthEventConnection {\n    edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n  }\n"): (typeof documents)["\n  fragment AuthEventsTable_authEvents on AuthEventConnection {\n    edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerAuthEvents_customer on Customer {\n    id authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...AuthEventsTable_authEvents }\n  }\n"): (typeof documents)["\n  fragment CustomerAuthEvents_customer on Customer {\n    id authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...AuthEventsTable_authEvents }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RefreshCustomerAuthEvents($id: ID!) { customer(id: $id) { id ...CustomerAuthEvents_customer } }\n"): (typeof documents)["\n  query RefreshCustomerAuthEvents($id: ID!) { customer(id: $id) { id ...CustomerAuthEvents_customer } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BalanceCard_customer on Customer { id balance profile { id price } }\n"): (typeof documents)["\n  fragment BalanceCard_customer on Customer { id balance profile { id price } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CurrentSession_session on Session {\n    id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name }\n  }\n"): (typeof documents)["\n  fragment CurrentSession_session on Session {\n    id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CurrentSessionCard_customer on Customer { id currentSession { ...CurrentSession_session } }\n"): (typeof documents)["\n  fragment CurrentSessionCard_customer on Customer { id currentSession { ...CurrentSession_session } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerActions_customer on Customer { id status connectionStatus accessState archivedAt }\n"): (typeof documents)["\n  fragment CustomerActions_customer on Customer { id status connectionStatus accessState archivedAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreCustomer($id: ID!) { restoreCustomer(id: $id) { id status connectionStatus accessState archivedAt } }\n"): (typeof documents)["\n  mutation RestoreCustomer($id: ID!) { restoreCustomer(id: $id) { id status connectionStatus accessState archivedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus accessState } }\n"): (typeof documents)["\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus accessState } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerHeader_customer on Customer { id username accountNo fullName connectionStatus status accessState expiresAt archivedAt }\n"): (typeof documents)["\n  fragment CustomerHeader_customer on Customer { id username accountNo fullName connectionStatus status accessState expiresAt archivedAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id\n      ...CustomerHeader_customer ...CustomerActions_customer ...AccountCard_customer ...ProfileCard_customer\n      ...BalanceCard_customer ...CurrentSessionCard_customer ...UsageCard_customer\n      ...DisconnectDialog_customer ...ChangeProfileDialog_customer ...PasswordDialog_customer\n      ...RecordPaymentDialog_customer ...RedeemVoucherDialog_customer ...TopUpDialog_customer ...RenewDialog_customer ...SuspendDialog_customer ...EditDetailsDialog_customer\n      ...PortalCard_customer ...ArchiveDialog_customer\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount ...SessionsTable_sessions ...ReconnectWarning_sessions ...UsageCard_sessions\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...LedgerTable_transactions }\n      invoices(first: 50, orderBy: { field: ISSUED_AT, direction: DESC }) { totalCount ...InvoicesTable_invoices }\n      ...CustomerAuthEvents_customer\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id\n      ...CustomerHeader_customer ...CustomerActions_customer ...AccountCard_customer ...ProfileCard_customer\n      ...BalanceCard_customer ...CurrentSessionCard_customer ...UsageCard_customer\n      ...DisconnectDialog_customer ...ChangeProfileDialog_customer ...PasswordDialog_customer\n      ...RecordPaymentDialog_customer ...RedeemVoucherDialog_customer ...TopUpDialog_customer ...RenewDialog_customer ...SuspendDialog_customer ...EditDetailsDialog_customer\n      ...PortalCard_customer ...ArchiveDialog_customer\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount ...SessionsTable_sessions ...ReconnectWarning_sessions ...UsageCard_sessions\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...LedgerTable_transactions }\n      invoices(first: 50, orderBy: { field: ISSUED_AT, direction: DESC }) { totalCount ...InvoicesTable_invoices }\n      ...CustomerAuthEvents_customer\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvoicesTable_invoices on InvoiceConnection {\n    edges { node { id number plan periodStart periodEnd subtotal tax total taxName issuedAt pdfURL } }\n  }\n"): (typeof documents)["\n  fragment InvoicesTable_invoices on InvoiceConnection {\n    edges { node { id number plan periodStart periodEnd subtotal tax total taxName issuedAt pdfURL } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }\n"): (typeof documents)["\n  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }\n"): (typeof documents)["\n  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalCard_customer on Customer { id username portalLastUsedAt }\n"): (typeof documents)["\n  fragment PortalCard_customer on Customer { id username portalLastUsedAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndPortalSessions($customerID: ID!) { endPortalSessions(customerID: $customerID) }\n"): (typeof documents)["\n  mutation EndPortalSessions($customerID: ID!) { endPortalSessions(customerID: $customerID) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileCard_customer on Customer {\n    id\n    profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price afterCapProfile { id name } }\n  }\n"): (typeof documents)["\n  fragment ProfileCard_customer on Customer {\n    id\n    profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price afterCapProfile { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReconnectWarning_sessions on SessionConnection { edges { node { id startedAt } } }\n"): (typeof documents)["\n  fragment ReconnectWarning_sessions on SessionConnection { edges { node { id startedAt } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionRow_session on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n  }\n"): (typeof documents)["\n  fragment SessionRow_session on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionsTable_sessions on SessionConnection { edges { node { id ...SessionRow_session } } }\n"): (typeof documents)["\n  fragment SessionsTable_sessions on SessionConnection { edges { node { id ...SessionRow_session } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTimeline($id: ID!) {\n    customer(id: $id) { id timeline(limit: 50) { at kind title detail actor amount } }\n  }\n"): (typeof documents)["\n  query CustomerTimeline($id: ID!) {\n    customer(id: $id) { id timeline(limit: 50) { at kind title detail actor amount } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCustomerNote($customerID: ID!, $body: String!) {\n    addCustomerNote(customerID: $customerID, body: $body) { at kind title detail actor }\n  }\n"): (typeof documents)["\n  mutation AddCustomerNote($customerID: ID!, $body: String!) {\n    addCustomerNote(customerID: $customerID, body: $body) { at kind title detail actor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UsageCard_customer on Customer {\n    id\n    usage { periodStart bytesIn bytesOut limitBytes }\n    dailyUsage(days: 366) { day bytesIn bytesOut }\n    profile { id validityDays }\n  }\n"): (typeof documents)["\n  fragment UsageCard_customer on Customer {\n    id\n    usage { periodStart bytesIn bytesOut limitBytes }\n    dailyUsage(days: 366) { day bytesIn bytesOut }\n    profile { id validityDays }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UsageCard_sessions on SessionConnection { edges { node { id bytesIn bytesOut } } }\n"): (typeof documents)["\n  fragment UsageCard_sessions on SessionConnection { edges { node { id bytesIn bytesOut } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionsOfCustomer($id: ID!, $first: Int, $orderBy: SessionOrder) {\n    customer(id: $id) { id sessions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n"): (typeof documents)["\n  query SessionsOfCustomer($id: ID!, $first: Int, $orderBy: SessionOrder) {\n    customer(id: $id) { id sessions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransactionsOfCustomer($id: ID!, $first: Int, $orderBy: TransactionOrder) {\n    customer(id: $id) { id transactions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n"): (typeof documents)["\n  query TransactionsOfCustomer($id: ID!, $first: Int, $orderBy: TransactionOrder) {\n    customer(id: $id) { id transactions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerConnectionStatus on Customer { id connectionStatus }\n"): (typeof documents)["\n  fragment CustomerConnectionStatus on Customer { id connectionStatus }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerAccessState on Customer { id accessState }\n"): (typeof documents)["\n  fragment CustomerAccessState on Customer { id accessState }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchiveDialog_customer on Customer { id username connectionStatus }\n"): (typeof documents)["\n  fragment ArchiveDialog_customer on Customer { id username connectionStatus }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveCustomer($id: ID!) {\n    archiveCustomer(id: $id) {\n      customer { id status connectionStatus accessState archivedAt }\n      sessions { outcome message }\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveCustomer($id: ID!) {\n    archiveCustomer(id: $id) {\n      customer { id status connectionStatus accessState archivedAt }\n      sessions { outcome message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChangeProfileDialog_customer on Customer { id profile { id } }\n"): (typeof documents)["\n  fragment ChangeProfileDialog_customer on Customer { id profile { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } ...ProfileCard_customer ...BalanceCard_customer ...UsageCard_customer }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } ...ProfileCard_customer ...BalanceCard_customer ...UsageCard_customer }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DisconnectDialog_customer on Customer { id username }\n"): (typeof documents)["\n  fragment DisconnectDialog_customer on Customer { id username }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus accessState }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus accessState }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EditDetailsDialog_customer on Customer {\n    id username phone fullName email address staticIP macLock autoRenew maxSessions\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }\n    profile { id ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id name } delegatedPrefixPool { id name } } }\n  }\n"): (typeof documents)["\n  fragment EditDetailsDialog_customer on Customer {\n    id username phone fullName email address staticIP macLock autoRenew maxSessions\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }\n    profile { id ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id name } delegatedPrefixPool { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id ...EditDetailsDialog_customer ...AccountCard_customer ...CustomerHeader_customer }\n  }\n"): (typeof documents)["\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id ...EditDetailsDialog_customer ...AccountCard_customer ...CustomerHeader_customer }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PasswordDialog_customer on Customer { id username }\n"): (typeof documents)["\n  fragment PasswordDialog_customer on Customer { id username }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n"): (typeof documents)["\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaymentMethods { paymentMethods }\n"): (typeof documents)["\n  query PaymentMethods { paymentMethods }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }\n"): (typeof documents)["\n  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id balanceAfter alreadyRecorded createdAt ...LedgerRow_transaction\n      customer { id balance expiresAt connectionStatus accessState status }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id balanceAfter alreadyRecorded createdAt ...LedgerRow_transaction\n      customer { id balance expiresAt connectionStatus accessState status }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RedeemVoucherDialog_customer on Customer { id username }\n"): (typeof documents)["\n  fragment RedeemVoucherDialog_customer on Customer { id username }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeemVoucher($customerID: ID!, $code: String!) {\n    redeemVoucher(customerID: $customerID, code: $code) {\n      id balanceAfter ...LedgerRow_transaction customer { id balance expiresAt connectionStatus accessState }\n    }\n  }\n"): (typeof documents)["\n  mutation RedeemVoucher($customerID: ID!, $code: String!) {\n    redeemVoucher(customerID: $customerID, code: $code) {\n      id balanceAfter ...LedgerRow_transaction customer { id balance expiresAt connectionStatus accessState }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RenewDialog_customer on Customer { id username balance profile { id name price validityDays } }\n"): (typeof documents)["\n  fragment RenewDialog_customer on Customer { id username balance profile { id name price validityDays } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewCustomer($id: ID!) {\n    renewCustomer(id: $id) {\n      id expiresAt balance connectionStatus accessState status\n      ...AccountCard_customer ...UsageCard_customer\n      transactions(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { edges { node { id ...LedgerRow_transaction } } }\n    }\n  }\n"): (typeof documents)["\n  mutation RenewCustomer($id: ID!) {\n    renewCustomer(id: $id) {\n      id expiresAt balance connectionStatus accessState status\n      ...AccountCard_customer ...UsageCard_customer\n      transactions(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { edges { node { id ...LedgerRow_transaction } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuspendDialog_customer on Customer { id username }\n"): (typeof documents)["\n  fragment SuspendDialog_customer on Customer { id username }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus accessState } }\n"): (typeof documents)["\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus accessState } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TopUpDialog_customer on Customer { id username }\n"): (typeof documents)["\n  fragment TopUpDialog_customer on Customer { id username }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TopUpData($customerID: ID!, $dataBytes: Int!) {\n    topUpData(customerID: $customerID, dataBytes: $dataBytes) {\n      dataBytes capLifted transaction { id }\n      customer { id balance connectionStatus usage { periodStart bytesIn bytesOut limitBytes } }\n    }\n  }\n"): (typeof documents)["\n  mutation TopUpData($customerID: ID!, $dataBytes: Int!) {\n    topUpData(customerID: $customerID, dataBytes: $dataBytes) {\n      dataBytes capLifted transaction { id }\n      customer { id balance connectionStatus usage { periodStart bytesIn bytesOut limitBytes } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }\n  }\n"): (typeof documents)["\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardTrend($from: Time!, $to: Time!) {\n    dashboard { newCustomersThisMonth }\n    revenue(from: $from, to: $to, period: MONTH) { periods { start amounts { net } } }\n  }\n"): (typeof documents)["\n  query DashboardTrend($from: Time!, $to: Time!) {\n    dashboard { newCustomersThisMonth }\n    revenue(from: $from, to: $to, period: MONTH) { periods { start amounts { net } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PrefixPoolChoices { pools { id name family prefixLength free } }\n"): (typeof documents)["\n  query PrefixPoolChoices { pools { id name family prefixLength free } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VoucherPlans { profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) { edges { node { id name price } } } }\n"): (typeof documents)["\n  query VoucherPlans { profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) { edges { node { id name price } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateVoucherBatch($input: VoucherBatchInput!) {\n    createVoucherBatch(input: $input) { codes sheetPDF batch { id count amount expiresAt agent dataBytes profile { id name } } }\n  }\n"): (typeof documents)["\n  mutation CreateVoucherBatch($input: VoucherBatchInput!) {\n    createVoucherBatch(input: $input) { codes sheetPDF batch { id count amount expiresAt agent dataBytes profile { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefundPayment($transactionID: ID!, $amount: Int!, $note: String!) {\n    refundPayment(transactionID: $transactionID, amount: $amount, note: $note) {\n      id amount balanceAfter kind method note createdAt customer { id balance }\n    }\n  }\n"): (typeof documents)["\n  mutation RefundPayment($transactionID: ID!, $amount: Int!, $note: String!) {\n    refundPayment(transactionID: $transactionID, amount: $amount, note: $note) {\n      id amount balanceAfter kind method note createdAt customer { id balance }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }\n"): (typeof documents)["\n  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveNas($id: ID!) { archiveNas(id: $id) { id archivedAt } }\n"): (typeof documents)["\n  mutation ArchiveNas($id: ID!) { archiveNas(id: $id) { id archivedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreNas($id: ID!) { restoreNas(id: $id) { id archivedAt } }\n"): (typeof documents)["\n  mutation RestoreNas($id: ID!) { restoreNas(id: $id) { id archivedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RouterConfigScript($nasId: ID!, $version: Int) {\n    routerConfigScript(nasId: $nasId, version: $version) { version detected script }\n  }\n"): (typeof documents)["\n  query RouterConfigScript($nasId: ID!, $version: Int) {\n    routerConfigScript(nasId: $nasId, version: $version) { version detected script }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RouterConfigDryRun($nasId: ID!) {\n    routerConfigDryRun(nasId: $nasId) { menu action what description }\n  }\n"): (typeof documents)["\n  query RouterConfigDryRun($nasId: ID!) {\n    routerConfigDryRun(nasId: $nasId) { menu action what description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RouterHealth($nasId: ID!) {\n    routerHealth(nasId: $nasId) { ok differences { menu key message } }\n  }\n"): (typeof documents)["\n  query RouterHealth($nasId: ID!) {\n    routerHealth(nasId: $nasId) { ok differences { menu key message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyRouterConfig($nasId: ID!) {\n    applyRouterConfig(nasId: $nasId) { menu action what description }\n  }\n"): (typeof documents)["\n  mutation ApplyRouterConfig($nasId: ID!) {\n    applyRouterConfig(nasId: $nasId) { menu action what description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaymentGateways {\n    paymentGateways { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n"): (typeof documents)["\n  query PaymentGateways {\n    paymentGateways { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfigurePaymentGateway($input: PaymentGatewayInput!) {\n    configurePaymentGateway(input: $input) { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n"): (typeof documents)["\n  mutation ConfigurePaymentGateway($input: PaymentGatewayInput!) {\n    configurePaymentGateway(input: $input) { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterMpesaUrls { registerMpesaUrls }\n"): (typeof documents)["\n  mutation RegisterMpesaUrls { registerMpesaUrls }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartMobilePayment($customerID: ID!, $amount: Int!, $phone: String) {\n    startMobilePayment(customerID: $customerID, amount: $amount, phone: $phone) { id status phone amount }\n  }\n"): (typeof documents)["\n  mutation StartMobilePayment($customerID: ID!, $amount: Int!, $phone: String) {\n    startMobilePayment(customerID: $customerID, amount: $amount, phone: $phone) { id status phone amount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MobilePaymentStatus($id: ID!) {\n    mobilePayment(id: $id) { id status resultDesc receipt transaction { id balanceAfter customer { id balance } } }\n  }\n"): (typeof documents)["\n  query MobilePaymentStatus($id: ID!) {\n    mobilePayment(id: $id) { id status resultDesc receipt transaction { id balanceAfter customer { id balance } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindCustomersForPayment($search: String!) {\n    customers(search: $search, first: 10) { edges { node { id accountNo username fullName phone } } }\n  }\n"): (typeof documents)["\n  query FindCustomersForPayment($search: String!) {\n    customers(search: $search, first: 10) { edges { node { id accountNo username fullName phone } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignUnmatchedPayment($id: ID!, $customerID: ID!) {\n    assignUnmatchedPayment(id: $id, customerID: $customerID) { id balanceAfter customer { id username balance } }\n  }\n"): (typeof documents)["\n  mutation AssignUnmatchedPayment($id: ID!, $customerID: ID!) {\n    assignUnmatchedPayment(id: $id, customerID: $customerID) { id balanceAfter customer { id username balance } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefundUnmatchedPayment($id: ID!, $note: String!) {\n    refundUnmatchedPayment(id: $id, note: $note) { id status note }\n  }\n"): (typeof documents)["\n  mutation RefundUnmatchedPayment($id: ID!, $note: String!) {\n    refundUnmatchedPayment(id: $id, note: $note) { id status note }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnmatchedPayments($first: Int, $after: Cursor, $status: UnmatchedPaymentStatus) {\n    unmatchedPayments(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id method reference amount accountRef phone payerName receivedAt status note resolvedBy resolvedAt customer { id username } } }\n    }\n  }\n"): (typeof documents)["\n  query UnmatchedPayments($first: Int, $after: Cursor, $status: UnmatchedPaymentStatus) {\n    unmatchedPayments(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id method reference amount accountRef phone payerName receivedAt status note resolvedBy resolvedAt customer { id username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePool($input: CreatePoolInput!) { createPool(input: $input) { id name used free } }\n"): (typeof documents)["\n  mutation CreatePool($input: CreatePoolInput!) { createPool(input: $input) { id name used free } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePool($id: ID!, $input: UpdatePoolInput!) { updatePool(id: $id, input: $input) { id name ranges used free } }\n"): (typeof documents)["\n  mutation UpdatePool($id: ID!, $input: UpdatePoolInput!) { updatePool(id: $id, input: $input) { id name ranges used free } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolChoices { pools { id name family free } }\n"): (typeof documents)["\n  query PoolChoices { pools { id name family free } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolUsage { pools { id name size used free } }\n"): (typeof documents)["\n  query PoolUsage { pools { id name size used free } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteProfile($id: ID!) { deleteProfile(id: $id) }\n"): (typeof documents)["\n  mutation DeleteProfile($id: ID!) { deleteProfile(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlanWindows($id: ID!) {\n    node(id: $id) { ... on Profile { id name windows { days start end downloadKbps uploadKbps rateLimit } } }\n  }\n"): (typeof documents)["\n  query PlanWindows($id: ID!) {\n    node(id: $id) { ... on Profile { id name windows { days start end downloadKbps uploadKbps rateLimit } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPlanWindows($planID: ID!, $windows: [PlanWindowInput!]!) {\n    setPlanWindows(planID: $planID, windows: $windows) { days start end downloadKbps uploadKbps rateLimit }\n  }\n"): (typeof documents)["\n  mutation SetPlanWindows($planID: ID!, $windows: [PlanWindowInput!]!) {\n    setPlanWindows(planID: $planID, windows: $windows) { days start end downloadKbps uploadKbps rateLimit }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WindowRuns($planID: ID) {\n    windowRuns(planID: $planID, first: 5) {\n      id edgeAt rateLimit sessions done pending\n      unchanged { sessionId username outcome message attempts }\n    }\n  }\n"): (typeof documents)["\n  query WindowRuns($planID: ID) {\n    windowRuns(planID: $planID, first: 5) {\n      id edgeAt rateLimit sessions done pending\n      unchanged { sessionId username outcome message attempts }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RadiusCounts_nas on Nas {\n    lastSeenAt\n    radiusCounts {\n      lastHour { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n      lastDay { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n    }\n  }\n"): (typeof documents)["\n  fragment RadiusCounts_nas on Nas {\n    lastSeenAt\n    radiusCounts {\n      lastHour { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n      lastDay { accepts rejects drops authFailures byReason { kind reason reasonCode count } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RadiusDashboard {\n    radiusTotals { lastHour { rejects drops authFailures byReason { kind reason reasonCode count } } }\n    nasDevices(first: 50) {\n      edges { node { id name lastSeenAt activeSessions radiusCounts { lastHour { accepts rejects drops authFailures } } } }\n    }\n  }\n"): (typeof documents)["\n  query RadiusDashboard {\n    radiusTotals { lastHour { rejects drops authFailures byReason { kind reason reasonCode count } } }\n    nasDevices(first: 50) {\n      edges { node { id name lastSeenAt activeSessions radiusCounts { lastHour { accepts rejects drops authFailures } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RadiusLog($filter: RadiusLogFilter, $first: Int, $after: Cursor) {\n    radiusLog(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt username callingStationId method result reason detail customer { id } nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query RadiusLog($filter: RadiusLogFilter, $first: Int, $after: Cursor) {\n    radiusLog(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt username callingStationId method result reason detail customer { id } nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RadiusDrops($nasID: ID) {\n    radiusDrops(hours: 24, nasID: $nasID) { source reason reasonCode authFailure count lastSeenAt nas { id name } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query RadiusDrops($nasID: ID) {\n    radiusDrops(hours: 24, nasID: $nasID) { source reason reasonCode authFailure count lastSeenAt nas { id name } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExpiringCustomers($from: Time!, $to: Time!) {\n    expiringCustomers(from: $from, to: $to) {\n      id accountNo username fullName phone expiresAt autoRenew profile { id name }\n    }\n  }\n"): (typeof documents)["\n  query ExpiringCustomers($from: Time!, $to: Time!) {\n    expiringCustomers(from: $from, to: $to) {\n      id accountNo username fullName phone expiresAt autoRenew profile { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GrowthReport($months: Int!) {\n    growthReport(months: $months) { month newCustomers churned active revenue arpu }\n  }\n"): (typeof documents)["\n  query GrowthReport($months: Int!) {\n    growthReport(months: $months) { month newCustomers churned active revenue arpu }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TopUsers($from: Time!, $to: Time!, $limit: Int!) {\n    topUsers(from: $from, to: $to, limit: $limit) {\n      bytesIn bytesOut customer { id accountNo username profile { id name } }\n    }\n  }\n"): (typeof documents)["\n  query TopUsers($from: Time!, $to: Time!, $limit: Int!) {\n    topUsers(from: $from, to: $to, limit: $limit) {\n      bytesIn bytesOut customer { id accountNo username profile { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectFromList($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  mutation DisconnectFromList($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OnlineSessions($first: Int!, $after: Cursor, $where: SessionWhereInput, $orderBy: SessionOrder) {\n    sessions(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id customer { id username } ...OnlineSession_session } }\n    }\n  }\n"): (typeof documents)["\n  query OnlineSessions($first: Int!, $after: Cursor, $where: SessionWhereInput, $orderBy: SessionOrder) {\n    sessions(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id customer { id username } ...OnlineSession_session } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionChoices {\n    nasDevices(first: 200) { edges { node { id name } } }\n    profiles(first: 200) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query SessionChoices {\n    nasDevices(first: 200) { edges { node { id name } } }\n    profiles(first: 200) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OnlineSessionsLive {\n    sessionUpdated { id open bytesIn bytesOut sessionTime updatedAt stoppedAt }\n  }\n"): (typeof documents)["\n  subscription OnlineSessionsLive {\n    sessionUpdated { id open bytesIn bytesOut sessionTime updatedAt stoppedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OnlineSession_session on Session {\n    id acctSessionID framedIP callingStationID startedAt bytesIn bytesOut\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n    customer { id username fullName profile { id name } }\n    nas { id name }\n  }\n"): (typeof documents)["\n  fragment OnlineSession_session on Session {\n    id acctSessionID framedIP callingStationID startedAt bytesIn bytesOut\n    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }\n    customer { id username fullName profile { id name } }\n    nas { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetStaffPassword($id: ID!, $password: String!) { updateStaff(id: $id, input: { password: $password }) { id } }\n"): (typeof documents)["\n  mutation ResetStaffPassword($id: ID!, $password: String!) { updateStaff(id: $id, input: { password: $password }) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffSessions($staffID: ID!) { staffSessions(staffID: $staffID) { id createdAt lastUsedAt address userAgent current } }\n"): (typeof documents)["\n  query StaffSessions($staffID: ID!) { staffSessions(staffID: $staffID) { id createdAt lastUsedAt address userAgent current } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndStaffSessions($staffID: ID!) { endStaffSessions(staffID: $staffID) }\n"): (typeof documents)["\n  mutation EndStaffSessions($staffID: ID!) { endStaffSessions(staffID: $staffID) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableStaffTotp($staffID: ID!) { disableTotp(staffID: $staffID) }\n"): (typeof documents)["\n  mutation DisableStaffTotp($staffID: ID!) { disableTotp(staffID: $staffID) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($first: Int!, $after: Cursor, $filter: AuditFilter) {\n    auditTrail(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      entries { id createdAt actor action summary target address changes { field before after } }\n    }\n  }\n"): (typeof documents)["\n  query AuditTrail($first: Int!, $after: Cursor, $filter: AuditFilter) {\n    auditTrail(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      entries { id createdAt actor action summary target address changes { field before after } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditFilterChoices {\n    auditActions { action label }\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) { edges { node { id username } } }\n  }\n"): (typeof documents)["\n  query AuditFilterChoices {\n    auditActions { action label }\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) { edges { node { id username } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($search: String, $status: ConnectionStatus, $accessState: AccessState, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, accessState: $accessState, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus accessState archivedAt\n          profile { id name }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($search: String, $status: ConnectionStatus, $accessState: AccessState, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, accessState: $accessState, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus accessState archivedAt\n          profile { id name }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n"): (typeof documents)["\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $accessState: AccessState, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, accessState: $accessState, where: $where)\n  }\n"): (typeof documents)["\n  query ExportCustomers($search: String, $status: ConnectionStatus, $accessState: AccessState, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, accessState: $accessState, where: $where)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!, $totpCode: String) {\n    login(username: $username, password: $password, totpCode: $totpCode) {\n      token\n      totpEnrolmentRequired\n      staff { id username role }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!, $totpCode: String) {\n    login(username: $username, password: $password, totpCode: $totpCode) {\n      token\n      totpEnrolmentRequired\n      staff { id username role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NasDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Nas {\n        id name ipAddress coaPort lastSeenAt activeSessions disconnectMethod requireMessageAuthenticator\n        apiAddress apiUser apiTLS apiPlain apiTlsFingerprint apiCaCertificate apiError\n        ...ExpiredRedirectCard_nas\n        ...RadiusCounts_nas\n      }\n    }\n  }\n"): (typeof documents)["\n  query NasDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Nas {\n        id name ipAddress coaPort lastSeenAt activeSessions disconnectMethod requireMessageAuthenticator\n        apiAddress apiUser apiTLS apiPlain apiTlsFingerprint apiCaCertificate apiError\n        ...ExpiredRedirectCard_nas\n        ...RadiusCounts_nas\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NasRow_nas on Nas {\n    id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n    apiTlsFingerprint apiCaCertificate apiPlain apiError\n    lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour archivedAt\n    ...RadiusCounts_nas\n  }\n"): (typeof documents)["\n  fragment NasRow_nas on Nas {\n    id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n    apiTlsFingerprint apiCaCertificate apiPlain apiError\n    lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour archivedAt\n    ...RadiusCounts_nas\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NasList($where: NasWhereInput) {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }, where: $where) {\n      totalCount\n      edges { node { id ...NasRow_nas } }\n    }\n  }\n"): (typeof documents)["\n  query NasList($where: NasWhereInput) {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }, where: $where) {\n      totalCount\n      edges { node { id ...NasRow_nas } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n"): (typeof documents)["\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id ...NasRow_nas } }\n"): (typeof documents)["\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id ...NasRow_nas } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int!, $after: Cursor, $where: NotificationWhereInput) {\n    notifications(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int!, $after: Cursor, $where: NotificationWhereInput) {\n    notifications(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payments($filter: PaymentFilter, $after: Cursor) {\n    payments(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt kind amount method reference note actor refundable customer { id accountNo username fullName } } }\n    }\n  }\n"): (typeof documents)["\n  query Payments($filter: PaymentFilter, $after: Cursor) {\n    payments(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id createdAt kind amount method reference note actor refundable customer { id accountNo username fullName } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportPayments($filter: PaymentFilter) { exportPayments(filter: $filter) }\n"): (typeof documents)["\n  query ExportPayments($filter: PaymentFilter) { exportPayments(filter: $filter) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaymentStaffOptions { staffMembers(first: 200) { edges { node { id username } } } }\n"): (typeof documents)["\n  query PaymentStaffOptions { staffMembers(first: 200) { edges { node { id username } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Pools {\n    pools { id name family ranges prefixLength size used static free nas { id name } plans { id name } }\n    staticIpConflicts { address customer { id username } holder { id username } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query Pools {\n    pools { id name family ranges prefixLength size used static free nas { id name } plans { id name } }\n    staticIpConflicts { address customer { id username } holder { id username } }\n    nasDevices(first: 200) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePool($id: ID!) { deletePool(id: $id) }\n"): (typeof documents)["\n  mutation DeletePool($id: ID!) { deletePool(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileRow_profile on Profile {\n    id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool portalVisible customersCount\n    afterCapProfile { id name }\n    addressPool { id name }\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id } delegatedPrefixPool { id } }\n  }\n"): (typeof documents)["\n  fragment ProfileRow_profile on Profile {\n    id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool portalVisible customersCount\n    afterCapProfile { id name }\n    addressPool { id name }\n    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id } delegatedPrefixPool { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges { node { id ...ProfileRow_profile } }\n    }\n  }\n"): (typeof documents)["\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges { node { id ...ProfileRow_profile } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n"): (typeof documents)["\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id ...ProfileRow_profile } }\n"): (typeof documents)["\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id ...ProfileRow_profile } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevenueReport($from: Time!, $to: Time!, $period: ReportPeriod!) {\n    revenue(from: $from, to: $to, period: $period) {\n      total { payments refunds net }\n      periods { start amounts { payments refunds net } byMethod { method amounts { payments refunds net } } }\n      byMethod { method amounts { payments refunds net } }\n      byPlan { profileID plan renewals amount }\n    }\n  }\n"): (typeof documents)["\n  query RevenueReport($from: Time!, $to: Time!, $period: ReportPeriod!) {\n    revenue(from: $from, to: $to, period: $period) {\n      total { payments refunds net }\n      periods { start amounts { payments refunds net } byMethod { method amounts { payments refunds net } } }\n      byMethod { method amounts { payments refunds net } }\n      byPlan { profileID plan renewals amount }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    settings { key value description secret isSet group }\n  }\n"): (typeof documents)["\n  query Settings {\n    settings { key value description secret isSet group }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet group }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet group }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt lastLoginAddress totpEnabledAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n"): (typeof documents)["\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt lastLoginAddress totpEnabledAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n"): (typeof documents)["\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n"): (typeof documents)["\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VoucherBatches($includeVoided: Boolean) {\n    voucherBatches(includeVoided: $includeVoided) {\n      issued sold redeemed available expired void\n      batch { id count amount expiresAt agent createdAt createdBy voidedAt dataBytes profile { id name } }\n    }\n  }\n"): (typeof documents)["\n  query VoucherBatches($includeVoided: Boolean) {\n    voucherBatches(includeVoided: $includeVoided) {\n      issued sold redeemed available expired void\n      batch { id count amount expiresAt agent createdAt createdBy voidedAt dataBytes profile { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VoidVoucherBatch($id: ID!) { voidVoucherBatch(id: $id) { id voidedAt } }\n"): (typeof documents)["\n  mutation VoidVoucherBatch($id: ID!) { voidVoucherBatch(id: $id) { id voidedAt } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;