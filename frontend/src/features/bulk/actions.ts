// What each bulk action does, as the confirmation says it, and the role it needs. The words
// are bulk:action.<ACTION>.label and .effect, in the current language.
import type { BulkAction } from '../../gql/graphql';
import { i18n } from '../../i18n';

export interface ActionInfo {
  action: BulkAction | 'EXPORT';
  /** The operation whose role the action needs (lib/roles). */
  operation: string;
  danger?: boolean;
}

export const BULK_ACTIONS: ActionInfo[] = [
  { action: 'RENEW', operation: 'bulkRenew' },
  { action: 'SUSPEND', operation: 'bulkSuspend' },
  { action: 'RESUME', operation: 'bulkResume' },
  { action: 'CHANGE_PROFILE', operation: 'bulkChangeProfile' },
  { action: 'MESSAGE', operation: 'bulkMessage' },
  { action: 'EXPORT', operation: 'exportCustomers' },
  { action: 'ARCHIVE', operation: 'bulkArchive' },
  { action: 'DELETE', operation: 'bulkDelete', danger: true },
];

/** The message template's fields, shown to staff as they are written ({{name}}, ...). */
export const TEMPLATE_FIELDS = {
  name: '{{name}}',
  account: '{{account}}',
  plan: '{{plan}}',
  expiry: '{{expiry}}',
  amount: '{{amount}}',
};

const known = (a: string): a is ActionInfo['action'] => BULK_ACTIONS.some((x) => x.action === a);

/** The words for a job's action. */
export function actionLabel(a: string): string {
  return known(a) ? i18n.t(`bulk:action.${a}.label`) : a;
}

/** What will happen to each customer, for the confirmation. */
export function actionEffect(a: ActionInfo['action']): string {
  return i18n.t(`bulk:action.${a}.effect`, TEMPLATE_FIELDS);
}
