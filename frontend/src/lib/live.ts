// Live updates: the customers' status changes, pushed by the server. The cache writes each
// pushed customer over the one it holds (every view of it follows); the handlers here are for
// what a view does besides showing it (a highlight, refreshing a server-computed count).
import { useEffect, useRef } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../gql';

export const StatusChangedSubscription = graphql(`
  subscription StatusChanged($customerId: ID) {
    connectionStatusChanged(customerId: $customerId) {
      id
      connectionStatus
      status
      expiresAt
    }
  }
`);

export type StatusChange = { id: string; connectionStatus: string; status: string; expiresAt: string };

/** Calls onChange for each connection status change (of one customer, or all when id is omitted). */
export function useStatusChanges(onChange: (c: StatusChange) => void, customerId?: string) {
  const cb = useRef(onChange);
  cb.current = onChange;
  useSubscription(
    { query: StatusChangedSubscription, variables: { customerId: customerId ?? null } },
    (_prev: unknown, data) => {
      cb.current(data.connectionStatusChanged as StatusChange);
      return data;
    },
  );
}

/** A throttled refresher: calls fn at most once per `ms`, trailing. */
export function useThrottled(fn: () => void, ms = 1000): () => void {
  const t = useRef<ReturnType<typeof setTimeout> | null>(null);
  const f = useRef(fn);
  f.current = fn;
  useEffect(() => () => {
    if (t.current) clearTimeout(t.current);
  }, []);
  return () => {
    if (t.current) return;
    t.current = setTimeout(() => {
      t.current = null;
      f.current();
    }, ms);
  };
}
