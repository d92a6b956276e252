// Fixtures for the mocked server (test/server.ts): plain objects in the schema's shape.

/** A relay connection of `nodes`, one page. */
export function connection<T extends { id: string }>(nodes: T[]) {
  return {
    totalCount: nodes.length,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: nodes[0] ? `c-${nodes[0].id}` : null, endCursor: nodes.length ? `c-${nodes[nodes.length - 1].id}` : null },
    edges: nodes.map((node) => ({ cursor: `c-${node.id}`, node })),
  };
}

export const nas = { id: 'N1', name: 'core-router' };

export const profile = {
  id: 'P1', name: 'Home 10M', description: null, downloadKbps: 10000, uploadKbps: 2500, dataLimitBytes: 100e9, validityDays: 30,
  price: 150000, pool: null, expiredPool: null, customersCount: 1, afterCapProfile: null, addressPool: null,
  ipv6: { framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '' },
};

export function session(over: Partial<Session> = {}): Session {
  return {
    id: 'S1', customerID: 'C1', acctSessionId: 'acct-1', framedIp: '100.64.0.10', callingStationId: 'AA:BB:CC:00:11:22',
    startedAt: new Date(Date.now() - 60_000).toISOString(), updatedAt: new Date().toISOString(), stoppedAt: null, sessionTime: 60,
    bytesIn: 1000, bytesOut: 5000, terminateCause: null, open: true, nas, ipv6: null, ...over,
  };
}
export type Session = {
  id: string; customerID: string; acctSessionId: string; framedIp: string | null; callingStationId: string | null; startedAt: string;
  updatedAt: string; stoppedAt: string | null; sessionTime: number; bytesIn: number; bytesOut: number; terminateCause: string | null;
  open: boolean; nas: { id: string; name: string };
  ipv6?: { framedPrefix: string | null; delegatedPrefix: string | null; interfaceID: string | null; framedAddress: string | null; malformed: string | null } | null;
};

export type Transaction = {
  id: string; amount: number; balanceAfter: number; kind: string; method: string | null; reference: string | null; note: string | null;
  actor: string; createdAt: string; customer?: unknown; receiptNo?: string | null; receiptURL?: string | null;
  refundable?: number;
};

/** A customer with everything the list and the customer page ask for; lists are mutable. */
export function customer(over: Record<string, unknown> = {}) {
  const sessions: Session[] = [];
  const transactions: Transaction[] = [];
  const c = {
    id: 'C1', accountNo: '100001', username: 'alice', phone: '+254712345678', fullName: 'Alice A', email: null, address: null,
    joinedAt: '2026-11-01T08:00:00Z', expiresAt: new Date(Date.now() + 20 * 86400_000).toISOString(), status: 'ACTIVE',
    autoRenew: false, staticIP: null, macLock: null, maxSessions: 1, balance: 0, connectionStatus: 'OFFLINE', profile,
    accessState: 'OFFLINE', archivedAt: null, timeline: [], language: null,
    ipv6: { framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '' },
    currentSession: null as Session | null,
    usage: { periodStart: '2026-11-20T00:00:00Z', bytesIn: 0, bytesOut: 0, limitBytes: 100e9 },
    dailyUsage: [],
    sessionList: sessions,
    transactionList: transactions,
    sessions: () => connection(sessions),
    transactions: () => connection(transactions.map((t) => ({ receiptNo: null, receiptURL: null, ...t }))),
    invoices: () => connection([] as { id: string }[]),
    authEvents: () => connection([]),
    ...over,
  };
  return c;
}
