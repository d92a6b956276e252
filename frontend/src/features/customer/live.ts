// The customer page's live feed: the customer's status changes and its sessions, written into
// the cache as they arrive (features/customer/cacheUpdates.ts), so every view of them follows.
import { useClient, useSubscription } from 'urql';
import { graphql } from '../../gql';
import { useStatusChanges, useThrottled } from '../../lib/live';
import { RefreshAuthEventsQuery } from './AuthEventsTable';

export const SessionUpdatedSubscription = graphql(`
  subscription SessionUpdated($customerId: ID) {
    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }
  }
`);

/** Keeps one customer's views live while mounted. */
export function useCustomerLive(customerId: string) {
  const client = useClient();
  // the one list the pushes do not carry: see RefreshAuthEventsQuery
  const refreshAuth = useThrottled(() => {
    client.query(RefreshAuthEventsQuery, { id: customerId }, { requestPolicy: 'network-only' }).toPromise();
  }, 2000);
  useStatusChanges(refreshAuth, customerId);
  useSubscription({ query: SessionUpdatedSubscription, variables: { customerId } });
}
