// The customer page's live feed: the customer's status changes and its sessions, written into
// the cache as they arrive (features/customer/cacheUpdates.ts), so every view of them follows.
import { useSubscription } from 'urql';
import { graphql } from '../../gql';
import { StatusChangedSubscription } from '../../lib/live';

export const SessionUpdatedSubscription = graphql(`
  subscription SessionUpdated($customerId: ID) {
    sessionUpdated(customerId: $customerId) { id customerID open startedAt ...SessionRow_session ...CurrentSession_session }
  }
`);

/** Keeps one customer's views live while mounted. */
export function useCustomerLive(customerId: string) {
  useSubscription({ query: StatusChangedSubscription, variables: { customerId } });
  useSubscription({ query: SessionUpdatedSubscription, variables: { customerId } });
}
