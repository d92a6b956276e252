// The dashboard's normalised cache (graphcache): every Customer, Session, Transaction, … is
// stored once under its id, so a subscription result or a mutation payload updates every view
// showing that record. The updaters here keep lists and links right where a payload alone
// cannot; where only the server knows the answer (an ordering, a filter, a count), the field
// is invalidated and graphcache refetches just the queries that read it.
import { cacheExchange, type Cache, type CacheExchangeOpts, type KeyingConfig, type UpdatesConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import schema from '../gql/introspection';
import { customerUpdates } from '../features/customer/cacheUpdates';

/** Object types stored inside their parent rather than under a key of their own (no id). */
export const EMBEDDED_TYPES = [
  'Dashboard', 'OnlineSample', 'Locale', 'Usage', 'UsageDay', 'PageInfo',
  'AuthPayload', 'ApiTokenPayload', 'CreateCustomerPayload', 'PasswordPayload', 'SessionAction',
  'CustomerActionPayload', 'DeleteCustomerPayload', 'ImportResult', 'ImportRowError', 'ImportRowWarning',
  'GeneratedPassword', 'InvoiceLine', 'VoucherBatchPayload', 'VoucherBatchReport', 'RevenueReport', 'RevenuePeriod',
  'RevenueAmounts', 'MethodRevenue', 'PlanRevenue',
  // staff security and the readable audit log (staffsec.graphqls)
  'TotpEnrollment', 'TotpConfirmation', 'AccountSecurity', 'AuditTrail', 'AuditChange', 'AuditAction',
  // bulk actions (bulk.graphqls): a job is keyed by id, its results live inside it
  'BulkJobResultConnection', 'BulkJobResultEdge', 'BulkJobResult', 'BulkRouterAnswer', 'BulkPageInfo',
  // reports, the timeline, the RADIUS log, router configuration, plan windows and top-ups:
  // read as a whole with what holds them
  'GrowthMonth', 'TrafficUser', 'TimelineEntry', 'RadiusCounts', 'RadiusDropSource', 'RadiusReasonCount', 'RadiusWindow',
  'RouterConfigChange', 'RouterConfigDifference', 'RouterConfigScript', 'RouterHealth', 'PlanWindow', 'WindowRunSession',
  'DataTopupPayload',
  // IPv6 settings of a plan or customer, and a duplicate static address: read with what holds them
  'IPv6Config', 'StaticIpConflict',
  ...['ApiToken', 'AuditLog', 'AuthEvent', 'Customer', 'Invoice', 'Nas', 'Notification', 'Profile', 'Session', 'Staff', 'Transaction', 'UnmatchedPayment']
    .flatMap((t) => [`${t}Connection`, `${t}Edge`]),
];

export const keys: KeyingConfig = {
  ...Object.fromEntries(EMBEDDED_TYPES.map((t) => [t, () => null])),
  // a setting is named by its key: updateSettings' answer replaces what Settings showed
  SettingValue: (s) => (typeof s.key === 'string' ? s.key : null),
};

/** Invalidates every cached variant (all arguments) of `field` on `entity`. */
export function invalidateField(cache: Cache, entity: string | { __typename: string; id: string }, field: string) {
  for (const f of cache.inspectFields(entity)) if (f.fieldName === field) cache.invalidate(entity, f.fieldName, f.arguments ?? undefined);
}

const entity = (__typename: string, id: unknown) => ({ __typename, id: String(id) });

/**
 * List membership, order and counts are the server's: a created record is not guessed into a
 * list (on which page of which sort and filter would it land?), the lists are invalidated.
 */
const listUpdates: UpdatesConfig['Mutation'] = {
  createCustomer(_r, args, cache) {
    invalidateField(cache, 'Query', 'customers');
    invalidateField(cache, 'Query', 'dashboard');
    const profileID = (args.input as { profileID?: string } | undefined)?.profileID;
    if (profileID) cache.invalidate(entity('Profile', profileID), 'customersCount');
  },
  importCustomers(result, _args, cache) {
    if (!(result.importCustomers as { applied?: boolean } | null)?.applied) return;
    invalidateField(cache, 'Query', 'customers');
    invalidateField(cache, 'Query', 'dashboard');
    for (const f of cache.inspectFields('Query')) {
      if (f.fieldName !== 'profiles') continue;
      const conn = cache.resolve('Query', 'profiles', f.arguments ?? undefined) as string | null;
      const edges = (conn && (cache.resolve(conn, 'edges') as string[] | null)) || [];
      for (const e of edges) {
        const node = cache.resolve(e, 'node') as string | null;
        if (node) cache.invalidate(node, 'customersCount');
      }
    }
  },
  deleteCustomer(result, args, cache) {
    const payload = result.deleteCustomer as { deleted?: boolean } | null;
    if (payload?.deleted) cache.invalidate(entity('Customer', args.id));
    invalidateField(cache, 'Query', 'customers');
    invalidateField(cache, 'Query', 'dashboard');
  },
  createProfile: (_r, _a, cache) => invalidateField(cache, 'Query', 'profiles'),
  deleteProfile: (_r, args, cache) => cache.invalidate(entity('Profile', args.id)),
  createNas: (_r, _a, cache) => invalidateField(cache, 'Query', 'nasDevices'),
  deleteNas: (_r, args, cache) => cache.invalidate(entity('Nas', args.id)),
  createStaff: (_r, _a, cache) => invalidateField(cache, 'Query', 'staffMembers'),
  createApiToken: (_r, _a, cache) => invalidateField(cache, 'Query', 'apiTokens'),
  // sign-ins and two-factor state: refetched from the server after each change
  endSession: (_r, _a, cache) => {
    invalidateField(cache, 'Query', 'mySessions');
    invalidateField(cache, 'Query', 'staffSessions');
  },
  endStaffSessions: (_r, _a, cache) => invalidateField(cache, 'Query', 'staffSessions'),
  changeOwnPassword: (_r, _a, cache) => invalidateField(cache, 'Query', 'mySessions'),
  confirmTotp: (_r, _a, cache) => {
    invalidateField(cache, 'Query', 'mySecurity');
    invalidateField(cache, 'Query', 'staffMembers');
  },
  disableTotp: (_r, _a, cache) => {
    invalidateField(cache, 'Query', 'mySecurity');
    invalidateField(cache, 'Query', 'staffMembers');
  },
  updateStaff: (_r, _a, cache) => invalidateField(cache, 'Query', 'staffSessions'),
  // the locale (currency, time zone) is derived from the settings on the server
  updateSettings: (_r, _a, cache) => invalidateField(cache, 'Query', 'locale'),
  createVoucherBatch: (_r, _a, cache) => invalidateField(cache, 'Query', 'voucherBatches'),
  voidVoucherBatch: (_r, _a, cache) => invalidateField(cache, 'Query', 'voucherBatches'),
};

/** The cache's configuration: exported for tests, which run it over a mocked network. */
export const cacheConfig: CacheExchangeOpts = {
  schema,
  keys,
  resolvers: {
    // Paged lists merge their pages (the customers table shows one page of the merged list).
    Query: {
      customers: relayPagination(),
      auditLog: relayPagination(),
      notifications: relayPagination(),
      payments: relayPagination(),
    },
  },
  updates: {
    Mutation: { ...listUpdates, ...customerUpdates.Mutation },
    Subscription: { ...customerUpdates.Subscription },
  },
};

export const graphcacheExchange = () => cacheExchange(cacheConfig);
