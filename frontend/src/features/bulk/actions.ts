// What each bulk action does, as the confirmation says it, and the role it needs.
import type { BulkAction } from '../../gql/graphql';

export interface ActionInfo {
  action: BulkAction | 'EXPORT';
  label: string;
  /** The operation whose role the action needs (lib/roles). */
  operation: string;
  /** What will happen to each customer, for the confirmation. */
  effect: string;
  danger?: boolean;
}

export const BULK_ACTIONS: ActionInfo[] = [
  { action: 'RENEW', label: 'Renew', operation: 'bulkRenew',
    effect: 'Each is charged the plan price from their balance and their expiry is extended. Customers whose balance is too low are left as they are and listed as failed.' },
  { action: 'SUSPEND', label: 'Suspend', operation: 'bulkSuspend',
    effect: 'Each is suspended: the router refuses their next login, and their portal sign-ins end.' },
  { action: 'RESUME', label: 'Resume', operation: 'bulkResume', effect: 'Each suspended customer becomes active again.' },
  { action: 'CHANGE_PROFILE', label: 'Change plan', operation: 'bulkChangeProfile',
    effect: 'Each is moved to the chosen plan; every online session is re-shaped on its router at once (CoA).' },
  { action: 'MESSAGE', label: 'Send message', operation: 'bulkMessage',
    effect: 'Each gets the message by the chosen channels, with {{name}}, {{account}}, {{plan}}, {{expiry}} and {{amount}} filled in.' },
  { action: 'EXPORT', label: 'Export CSV', operation: 'exportCustomers', effect: 'The customers are downloaded as a CSV file (passwords are never exported).' },
  { action: 'ARCHIVE', label: 'Archive', operation: 'bulkArchive',
    effect: 'Each leaves the lists, the counts and RADIUS (online sessions are dropped); the ledger and sessions are kept, and an archived customer can be found with the Archived filter and restored.' },
  { action: 'DELETE', label: 'Delete', operation: 'bulkDelete', danger: true,
    effect: 'Customers without payments are deleted; those with payments are disabled instead, and their ledger is kept.' },
];

/** The words for a job's action. */
export function actionLabel(a: string): string {
  return BULK_ACTIONS.find((x) => x.action === a)?.label ?? a;
}
