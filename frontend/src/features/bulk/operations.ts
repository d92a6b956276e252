// The GraphQL operations of bulk actions: one mutation per action over a CustomerSelection,
// the job they return, followed by subscription and read again for its results.
import { graphql } from '../../gql';

export const BulkJobFields = graphql(`
  fragment BulkJobFields on BulkJob {
    id action total done failed state actor createdAt finishedAt
  }
`);

export const BulkSelectionCountQuery = graphql(`
  query BulkSelectionCount($selection: CustomerSelection!) {
    bulkSelectionCount(selection: $selection)
  }
`);

export const BulkRenewMutation = graphql(`
  mutation BulkRenew($selection: CustomerSelection!) { bulkRenew(selection: $selection) { ...BulkJobFields } }
`);
export const BulkSuspendMutation = graphql(`
  mutation BulkSuspend($selection: CustomerSelection!) { bulkSuspend(selection: $selection) { ...BulkJobFields } }
`);
export const BulkResumeMutation = graphql(`
  mutation BulkResume($selection: CustomerSelection!) { bulkResume(selection: $selection) { ...BulkJobFields } }
`);
export const BulkDeleteMutation = graphql(`
  mutation BulkDelete($selection: CustomerSelection!) { bulkDelete(selection: $selection) { ...BulkJobFields } }
`);
export const BulkChangeProfileMutation = graphql(`
  mutation BulkChangeProfile($selection: CustomerSelection!, $profileID: ID!) {
    bulkChangeProfile(selection: $selection, profileID: $profileID) { ...BulkJobFields }
  }
`);
export const BulkMessageMutation = graphql(`
  mutation BulkMessage($selection: CustomerSelection!, $message: BulkMessageInput!) {
    bulkMessage(selection: $selection, message: $message) { ...BulkJobFields }
  }
`);

export const BulkJobQuery = graphql(`
  query BulkJob($id: ID!, $after: String, $state: BulkItemState) {
    bulkJob(id: $id) {
      ...BulkJobFields
      results(first: 50, after: $after, state: $state) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            customerID state message finishedAt
            customer { id username fullName accountNo }
            routers { router outcome message }
          }
        }
      }
    }
  }
`);

export const BulkJobUpdatedSubscription = graphql(`
  subscription BulkJobUpdated($id: ID!) {
    bulkJobUpdated(id: $id) { ...BulkJobFields }
  }
`);
