// How pushed sessions and recorded payments change what the cache already holds about a
// customer: the new session or transaction heads the customer's lists (newest first, as the
// server orders them), the current session link follows the session's state, and the
// connection status is derived the way the server derives it (customers.StatusOf).
import type { Cache, FieldArgs, UpdatesConfig } from '@urql/exchange-graphcache';
import { graphql } from '../../gql';
import type { AccessState } from '../../gql/graphql';

// Read-and-write views of one customer's first page of sessions / transactions, with the
// page's own arguments as variables (whatever arguments the views asked for).
const SessionsOfCustomer = graphql(`
  query SessionsOfCustomer($id: ID!, $first: Int, $orderBy: SessionOrder) {
    customer(id: $id) { id sessions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }
  }
`);
const TransactionsOfCustomer = graphql(`
  query TransactionsOfCustomer($id: ID!, $first: Int, $orderBy: TransactionOrder) {
    customer(id: $id) { id transactions(first: $first, orderBy: $orderBy) { totalCount edges { node { id } } } }
  }
`);
const CustomerConnectionStatus = graphql(`
  fragment CustomerConnectionStatus on Customer { id connectionStatus }
`);
const CustomerAccessState = graphql(`
  fragment CustomerAccessState on Customer { id accessState }
`);

type Order = { field?: string; direction?: string } | undefined;
type Page = { totalCount: number; edges?: ({ node?: { id: string } | null } | null)[] | null };

/**
 * Puts `node` at the head of each cached first page of `field` on the customer, when the page
 * is ordered newest first by `newestBy`; a page in another order or a later page is
 * invalidated instead (its place in it is the server's to say). Pages already holding the
 * node are left alone.
 */
function prependToPages(
  cache: Cache,
  customerID: string,
  field: 'sessions' | 'transactions',
  node: { __typename: string; id: string },
  newestBy: string,
) {
  const customer = { __typename: 'Customer', id: customerID };
  for (const f of cache.inspectFields(customer)) {
    if (f.fieldName !== field) continue;
    const args = (f.arguments ?? {}) as FieldArgs & { first?: number; orderBy?: Order };
    const extra = Object.keys(args).filter((k) => k !== 'first' && k !== 'orderBy');
    if (extra.length > 0 || args.orderBy?.field !== newestBy || args.orderBy?.direction !== 'DESC') {
      cache.invalidate(customer, field, args);
      continue;
    }
    const query = field === 'sessions' ? SessionsOfCustomer : TransactionsOfCustomer;
    cache.updateQuery({ query, variables: { id: customerID, first: args.first, orderBy: args.orderBy as never } }, (data) => {
      const page = (data?.customer as Record<string, Page> | null | undefined)?.[field];
      if (!data || !page) return data;
      const edges = page.edges ?? [];
      if (edges.some((e) => e?.node?.id === node.id)) return data;
      const next = [{ __typename: `${node.__typename}Edge`, node }, ...edges];
      page.edges = args.first != null ? next.slice(0, args.first) : next;
      page.totalCount += 1;
      return data;
    });
  }
}

/** The server's rule (customers.StatusOf): expired first, then online with an open session. */
export function derivedStatus(expiresAt: string | null | undefined, open: boolean, now = Date.now()) {
  if (expiresAt && Date.parse(expiresAt) <= now) return 'EXPIRED';
  return open ? 'ONLINE' : 'OFFLINE';
}

interface PushedSession {
  __typename: 'Session';
  id: string;
  customerID?: string | null;
  open: boolean;
  startedAt: string;
}

/** The newest other open session in the customer's cached session lists (several are allowed). */
function otherOpenSession(cache: Cache, customer: { __typename: string; id: string }, except: string | null): string | null {
  for (const f of cache.inspectFields(customer)) {
    if (f.fieldName !== 'sessions') continue;
    const conn = cache.resolve(customer, 'sessions', f.arguments ?? undefined) as string | null;
    for (const e of (conn && (cache.resolve(conn, 'edges') as (string | null)[] | null)) || []) {
      const node = e && (cache.resolve(e, 'node') as string | null);
      if (node && node !== except && cache.resolve(node, 'open')) return node;
    }
  }
  return null;
}

/** A session arrived (started, updated or stopped): follow it in the customer's views. */
function sessionArrived(s: PushedSession, cache: Cache) {
  if (!s?.customerID) return;
  const customer = { __typename: 'Customer', id: s.customerID };
  const key = cache.keyOfEntity({ __typename: 'Session', id: s.id });
  const current = cache.resolve(customer, 'currentSession') as string | null | undefined;
  if (s.open) {
    const currentOpen = current ? cache.resolve(current, 'open') : false;
    const currentStart = current ? String(cache.resolve(current, 'startedAt') ?? '') : '';
    // the newest open session is the current one
    if (current === undefined || !current || current === key || !currentOpen || currentStart <= s.startedAt) {
      cache.link(customer, 'currentSession', key);
    }
    prependToPages(cache, s.customerID, 'sessions', { __typename: 'Session', id: s.id }, 'STARTED_AT');
  } else if (current === key) {
    cache.link(customer, 'currentSession', otherOpenSession(cache, customer, key));
  }
  const now = cache.resolve(customer, 'currentSession') as string | null | undefined;
  const open = !!now && !!cache.resolve(now, 'open');
  const status = cache.resolve(customer, 'connectionStatus');
  if (status !== undefined) {
    const expiresAt = cache.resolve(customer, 'expiresAt') as string | null | undefined;
    cache.writeFragment(CustomerConnectionStatus, { id: s.customerID, connectionStatus: derivedStatus(expiresAt, open) });
  }
  // Only ONLINE and OFFLINE follow a session; every other state outranks the connection.
  const access = cache.resolve(customer, 'accessState');
  if (access === 'ONLINE' || access === 'OFFLINE') {
    cache.writeFragment(CustomerAccessState, { id: s.customerID, accessState: open ? 'ONLINE' : 'OFFLINE' });
  }
}

/** Invalidates every cached variant of a root query field (lib/cache.ts has the same for any entity). */
function invalidateField(cache: Cache, entity: string, field: string) {
  for (const f of cache.inspectFields(entity)) if (f.fieldName === field) cache.invalidate(entity, f.fieldName, f.arguments ?? undefined);
}

interface PushedCustomer {
  id: string;
  status: string;
  connectionStatus: string;
}

/**
 * The access state of a pushed customer (which carries the staff status and the connection
 * status, not the archive or the data cap): the server's precedence (customers.AccessStateOf),
 * keeping ARCHIVED and CAPPED as held until the server says otherwise.
 */
export function pushedAccessState(c: PushedCustomer, held: string): AccessState {
  if (held === 'ARCHIVED') return 'ARCHIVED';
  if (c.status === 'SUSPENDED' || c.status === 'DISABLED') return c.status;
  if (c.connectionStatus === 'EXPIRED') return 'EXPIRED';
  if (held === 'CAPPED') return 'CAPPED';
  return c.connectionStatus === 'ONLINE' ? 'ONLINE' : 'OFFLINE';
}

interface PostedTransaction {
  __typename: 'Transaction';
  id: string;
  customer?: { id: string } | null;
}

function transactionPosted(customerID: string | undefined, t: PostedTransaction | null | undefined, cache: Cache) {
  const id = customerID ?? t?.customer?.id;
  if (!id || !t?.id) return;
  prependToPages(cache, id, 'transactions', { __typename: 'Transaction', id: t.id }, 'CREATED_AT');
}

export const customerUpdates: { Mutation: UpdatesConfig['Mutation']; Subscription: UpdatesConfig['Subscription'] } = {
  Mutation: {
    recordPayment(result, args, cache) {
      const input = args.input as { customerID?: string } | undefined;
      transactionPosted(input?.customerID, result.recordPayment as PostedTransaction | null, cache);
    },
    // the renewal's ledger row comes back as the customer's newest transaction
    renewCustomer(result, _args, cache) {
      const c = result.renewCustomer as { id?: string; transactions?: { edges?: ({ node?: PostedTransaction | null } | null)[] } } | null;
      transactionPosted(c?.id, c?.transactions?.edges?.[0]?.node, cache);
    },
    adjustBalance(result, args, cache) {
      transactionPosted(args.customerID as string | undefined, result.adjustBalance as PostedTransaction | null, cache);
    },
    // a top-up charged from the balance heads the ledger (none when nothing was charged)
    topUpData(result, args, cache) {
      const t = result.topUpData as { transaction?: PostedTransaction | null } | null;
      transactionPosted(args.customerID as string | undefined, t?.transaction, cache);
    },
    // a voucher books a payment: the ledger, the payments page, revenue and the batch counts move
    redeemVoucher(result, args, cache) {
      transactionPosted(args.customerID as string | undefined, result.redeemVoucher as PostedTransaction | null, cache);
      for (const f of ['payments', 'revenue', 'voucherBatches']) invalidateField(cache, 'Query', f);
    },
    // the refund heads the customer's ledger; what is left of the payment is the server's to say
    refundPayment(result, args, cache) {
      transactionPosted(undefined, result.refundPayment as PostedTransaction | null, cache);
      cache.invalidate({ __typename: 'Transaction', id: String(args.transactionID) }, 'refundable');
      for (const f of ['payments', 'revenue']) invalidateField(cache, 'Query', f);
    },
  },
  Subscription: {
    sessionUpdated(result, _args, cache) {
      sessionArrived(result.sessionUpdated as PushedSession, cache);
    },
    connectionStatusChanged(result, _args, cache) {
      const c = result.connectionStatusChanged as PushedCustomer | null;
      if (!c) return;
      const held = cache.resolve({ __typename: 'Customer', id: c.id }, 'accessState') as string | null | undefined;
      if (held === undefined || held === null) return;
      cache.writeFragment(CustomerAccessState, { id: c.id, accessState: pushedAccessState(c, held) });
    },
  },
};
