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
    "\n  query Me {\n    me { id username fullName role }\n  }\n": typeof types.MeDocument,
    "\n  query Currency {\n    locale { currency }\n  }\n": typeof types.CurrencyDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n": typeof types.StatusChangedDocument,
    "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) {\n      id\n      acctSessionId\n      framedIp\n      callingStationId\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      terminateCause\n      open\n      nas { id name }\n    }\n  }\n": typeof types.SessionUpdatedDocument,
    "\n  query AuditLog($first: Int!, $where: AuditLogWhereInput) {\n    auditLog(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id actor action targetType targetID changes address createdAt } }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment SessionFields on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id accountNo username phone fullName email address status autoRenew joinedAt expiresAt staticIP macLock\n      maxSessions balance connectionStatus\n      profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price pool afterCapProfile { id name } }\n      usage { periodStart bytesIn bytesOut limitBytes }\n      dailyUsage(days: 366) { day bytesIn bytesOut }\n      currentSession { ...SessionFields }\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount\n        edges { node { ...SessionFields } }\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id amount balanceAfter kind method reference note actor createdAt } }\n      }\n      authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n      }\n    }\n  }\n": typeof types.CustomerDetailsDocument,
    "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": typeof types.DisconnectCustomerDocument,
    "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": typeof types.ChangeCustomerProfileDocument,
    "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus } }\n": typeof types.SuspendCustomerDocument,
    "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus } }\n": typeof types.ResumeCustomerDocument,
    "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n": typeof types.SetCustomerPasswordDocument,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) { id amount balanceAfter customer { id balance } }\n  }\n": typeof types.RecordPaymentDocument,
    "\n  mutation RenewCustomer($id: ID!) { renewCustomer(id: $id) { id expiresAt balance connectionStatus } }\n": typeof types.RenewCustomerDocument,
    "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id phone fullName email address autoRenew staticIP macLock }\n  }\n": typeof types.UpdateCustomerDocument,
    "\n  query Customers($search: String, $status: ConnectionStatus, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus\n          profile { id name }\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n": typeof types.ProfileOptionsDocument,
    "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, where: $where)\n  }\n": typeof types.ExportCustomersDocument,
    "\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n": typeof types.ExpiringDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      staff { id username role }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query NasList {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n          apiTlsFingerprint apiCaCertificate apiPlain apiError\n          lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour\n        }\n      }\n    }\n  }\n": typeof types.NasListDocument,
    "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n": typeof types.CreateNasDocument,
    "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id name } }\n": typeof types.UpdateNasDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  query Notifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool customersCount\n          afterCapProfile { id name }\n        }\n      }\n    }\n  }\n": typeof types.ProfilesDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n": typeof types.CreateProfileDocument,
    "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id name } }\n": typeof types.UpdateProfileDocument,
    "\n  query Settings {\n    settings { key value description secret isSet }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n": typeof types.StaffListDocument,
    "\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n": typeof types.CreateStaffDocument,
    "\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n": typeof types.UpdateStaffDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n": typeof types.RevokeApiTokenDocument,
};
const documents: Documents = {
    "\n  query UsernameAvailable($username: String!) {\n    usernameAvailable(username: $username)\n  }\n": types.UsernameAvailableDocument,
    "\n  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {\n    importCustomers(file: $file, dryRun: $dryRun) {\n      dryRun\n      applied\n      rows\n      created\n      updated\n      unchanged\n      errors { row column message }\n      warnings { row message }\n      generatedPasswords { row username password }\n    }\n  }\n": types.ImportCustomersDocument,
    "\n  query Me {\n    me { id username fullName role }\n  }\n": types.MeDocument,
    "\n  query Currency {\n    locale { currency }\n  }\n": types.CurrencyDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n": types.StatusChangedDocument,
    "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) {\n      id\n      acctSessionId\n      framedIp\n      callingStationId\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      terminateCause\n      open\n      nas { id name }\n    }\n  }\n": types.SessionUpdatedDocument,
    "\n  query AuditLog($first: Int!, $where: AuditLogWhereInput) {\n    auditLog(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id actor action targetType targetID changes address createdAt } }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment SessionFields on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id accountNo username phone fullName email address status autoRenew joinedAt expiresAt staticIP macLock\n      maxSessions balance connectionStatus\n      profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price pool afterCapProfile { id name } }\n      usage { periodStart bytesIn bytesOut limitBytes }\n      dailyUsage(days: 366) { day bytesIn bytesOut }\n      currentSession { ...SessionFields }\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount\n        edges { node { ...SessionFields } }\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id amount balanceAfter kind method reference note actor createdAt } }\n      }\n      authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n      }\n    }\n  }\n": types.CustomerDetailsDocument,
    "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": types.DisconnectCustomerDocument,
    "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n": types.ChangeCustomerProfileDocument,
    "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus } }\n": types.SuspendCustomerDocument,
    "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus } }\n": types.ResumeCustomerDocument,
    "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n": types.SetCustomerPasswordDocument,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) { id amount balanceAfter customer { id balance } }\n  }\n": types.RecordPaymentDocument,
    "\n  mutation RenewCustomer($id: ID!) { renewCustomer(id: $id) { id expiresAt balance connectionStatus } }\n": types.RenewCustomerDocument,
    "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id phone fullName email address autoRenew staticIP macLock }\n  }\n": types.UpdateCustomerDocument,
    "\n  query Customers($search: String, $status: ConnectionStatus, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus\n          profile { id name }\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n": types.ProfileOptionsDocument,
    "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, where: $where)\n  }\n": types.ExportCustomersDocument,
    "\n  query Dashboard {\n    dashboard {\n      online\n      offline\n      expired\n      revenueThisMonth\n      expiringSoon(days: 7)\n      onlineHistory(hours: 24) { at online }\n    }\n  }\n": types.DashboardDocument,
    "\n  query Expiring($from: Time!, $to: Time!) {\n    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },\n              orderBy: { field: EXPIRES_AT, direction: ASC }) {\n      totalCount\n      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }\n    }\n  }\n": types.ExpiringDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      staff { id username role }\n    }\n  }\n": types.LoginDocument,
    "\n  query NasList {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n          apiTlsFingerprint apiCaCertificate apiPlain apiError\n          lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour\n        }\n      }\n    }\n  }\n": types.NasListDocument,
    "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n": types.CreateNasDocument,
    "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id name } }\n": types.UpdateNasDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  query Notifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n": types.NotificationsDocument,
    "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool customersCount\n          afterCapProfile { id name }\n        }\n      }\n    }\n  }\n": types.ProfilesDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n": types.CreateProfileDocument,
    "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id name } }\n": types.UpdateProfileDocument,
    "\n  query Settings {\n    settings { key value description secret isSet }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet }\n  }\n": types.UpdateSettingsDocument,
    "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n": types.StaffListDocument,
    "\n  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }\n": types.CreateStaffDocument,
    "\n  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }\n": types.UpdateStaffDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!) {\n    createApiToken(name: $name, role: $role) { token apiToken { id name } }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }\n": types.RevokeApiTokenDocument,
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
export function graphql(source: "\n  query Me {\n    me { id username fullName role }\n  }\n"): (typeof documents)["\n  query Me {\n    me { id username fullName role }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Currency {\n    locale { currency }\n  }\n"): (typeof documents)["\n  query Currency {\n    locale { currency }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout { logout }\n"): (typeof documents)["\n  mutation Logout { logout }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  subscription StatusChanged($customerId: ID) {\n    connectionStatusChanged(customerId: $customerId) {\n      id\n      connectionStatus\n      status\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) {\n      id\n      acctSessionId\n      framedIp\n      callingStationId\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      terminateCause\n      open\n      nas { id name }\n    }\n  }\n"): (typeof documents)["\n  subscription SessionUpdated($customerId: ID) {\n    sessionUpdated(customerId: $customerId) {\n      id\n      acctSessionId\n      framedIp\n      callingStationId\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      terminateCause\n      open\n      nas { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $where: AuditLogWhereInput) {\n    auditLog(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id actor action targetType targetID changes address createdAt } }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int!, $where: AuditLogWhereInput) {\n    auditLog(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id actor action targetType targetID changes address createdAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n  }\n"): (typeof documents)["\n  fragment SessionFields on Session {\n    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut\n    terminateCause open nas { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id accountNo username phone fullName email address status autoRenew joinedAt expiresAt staticIP macLock\n      maxSessions balance connectionStatus\n      profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price pool afterCapProfile { id name } }\n      usage { periodStart bytesIn bytesOut limitBytes }\n      dailyUsage(days: 366) { day bytesIn bytesOut }\n      currentSession { ...SessionFields }\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount\n        edges { node { ...SessionFields } }\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id amount balanceAfter kind method reference note actor createdAt } }\n      }\n      authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetails($id: ID!) {\n    customer(id: $id) {\n      id accountNo username phone fullName email address status autoRenew joinedAt expiresAt staticIP macLock\n      maxSessions balance connectionStatus\n      profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price pool afterCapProfile { id name } }\n      usage { periodStart bytesIn bytesOut limitBytes }\n      dailyUsage(days: 366) { day bytesIn bytesOut }\n      currentSession { ...SessionFields }\n      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {\n        totalCount\n        edges { node { ...SessionFields } }\n      }\n      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id amount balanceAfter kind method reference note actor createdAt } }\n      }\n      authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {\n        totalCount\n        edges { node { id result reason detail method callingStationId createdAt nas { id name } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  mutation DisconnectCustomer($id: ID!) {\n    disconnectCustomer(id: $id) {\n      customer { id connectionStatus }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {\n    changeCustomerProfile(id: $id, profileID: $profileID) {\n      customer { id profile { id name } }\n      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus } }\n"): (typeof documents)["\n  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus } }\n"): (typeof documents)["\n  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n"): (typeof documents)["\n  mutation SetCustomerPassword($id: ID!, $password: String) {\n    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) { id amount balanceAfter customer { id balance } }\n  }\n"): (typeof documents)["\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) { id amount balanceAfter customer { id balance } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewCustomer($id: ID!) { renewCustomer(id: $id) { id expiresAt balance connectionStatus } }\n"): (typeof documents)["\n  mutation RenewCustomer($id: ID!) { renewCustomer(id: $id) { id expiresAt balance connectionStatus } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id phone fullName email address autoRenew staticIP macLock }\n  }\n"): (typeof documents)["\n  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id phone fullName email address autoRenew staticIP macLock }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($search: String, $status: ConnectionStatus, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus\n          profile { id name }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($search: String, $status: ConnectionStatus, $first: Int, $after: Cursor,\n                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {\n    customers(search: $search, status: $status, first: $first, after: $after, orderBy: $orderBy, where: $where) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew\n          connectionStatus\n          profile { id name }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n"): (typeof documents)["\n  query ProfileOptions {\n    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportCustomers($search: String, $status: ConnectionStatus, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, where: $where)\n  }\n"): (typeof documents)["\n  query ExportCustomers($search: String, $status: ConnectionStatus, $where: CustomerWhereInput) {\n    exportCustomers(search: $search, status: $status, where: $where)\n  }\n"];
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
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      staff { id username role }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      staff { id username role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NasList {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n          apiTlsFingerprint apiCaCertificate apiPlain apiError\n          lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query NasList {\n    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod\n          apiTlsFingerprint apiCaCertificate apiPlain apiError\n          lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n"): (typeof documents)["\n  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id name } }\n"): (typeof documents)["\n  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer { id accountNo username expiresAt }\n      generatedPassword\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool customersCount\n          afterCapProfile { id name }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Profiles {\n    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool customersCount\n          afterCapProfile { id name }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n"): (typeof documents)["\n  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id name } }\n"): (typeof documents)["\n  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    settings { key value description secret isSet }\n  }\n"): (typeof documents)["\n  query Settings {\n    settings { key value description secret isSet }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: [SettingInput!]!) {\n    updateSettings(input: $input) { key value description secret isSet }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n"): (typeof documents)["\n  query StaffList {\n    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {\n      edges { node { id username fullName role disabled lastLoginAt createdAt } }\n    }\n    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }\n    }\n  }\n"];
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;