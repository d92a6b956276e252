// Turning GraphQL errors into something to show: a message per form field
// (extensions.field) and one general message for the rest. An error the server marks with
// extensions.messageKey (+ extensions.params) is shown in the dashboard's language from the
// errors namespace (locales/<lang>/errors.json); a key the dashboard does not know yet falls
// back to the server's English message.
import type { GraphQLError } from 'graphql';
import type { CombinedError } from 'urql';
import { serverErrorText } from '../../shared/i18n/serverErrors';
import { i18n } from '../i18n';
import { formatDate, formatMoney } from './format';

export interface SplitErrors {
  fields: Record<string, string>;
  general: string | null;
}

/** Parameters the server sends in minor units of the installation's currency. */
const MONEY_PARAMS = new Set(['amount', 'balance', 'left', 'limit', 'missing', 'needed', 'price']);
/** Parameters the server sends as calendar days or times. */
const DATE_PARAMS = new Set(['date', 'day', 'until', 'expiresAt']);

/** The params ready to interpolate: money and dates formatted for the current language. */
function formatParams(params: unknown): Record<string, unknown> {
  if (!params || typeof params !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (MONEY_PARAMS.has(k) && typeof v === 'number') out[k] = formatMoney(v);
    else if (DATE_PARAMS.has(k) && typeof v === 'string') out[k] = formatDate(v);
    else out[k] = v;
  }
  return out;
}

/** t() for a key known only at run time (the server's messageKey). */
function translateKey(key: string, options: Record<string, unknown>): string {
  return (i18n.t as unknown as (k: string, o: Record<string, unknown>) => string).call(i18n, key, options);
}

/**
 * messageOf is what to show for one GraphQL error: the translation of its messageKey from the
 * dashboard's errors namespace (dates and money formatted), else from the server errors both
 * SPAs share (frontend/shared/i18n/errors), else the server's message.
 */
export function messageOf(e: Pick<GraphQLError, 'message' | 'extensions'>): string {
  const key = e.extensions?.messageKey;
  if (typeof key === 'string' && key && i18n.exists(key, { ns: 'errors' })) {
    // escapeValue off: React escapes what it renders; names like "O'Brien" stay as typed.
    return translateKey(key, { ns: 'errors', ...formatParams(e.extensions?.params), interpolation: { escapeValue: false } });
  }
  return serverErrorText(i18n, e.extensions, (m) => formatMoney(m)) ?? e.message;
}

export function splitErrors(error: CombinedError | undefined | null): SplitErrors {
  const out: SplitErrors = { fields: {}, general: null };
  if (!error) return out;
  const rest: string[] = [];
  for (const e of error.graphQLErrors) {
    const field = e.extensions?.field;
    if (typeof field === 'string' && field) {
      out.fields[field] = messageOf(e);
    } else {
      rest.push(messageOf(e));
    }
  }
  if (error.networkError) {
    rest.push(i18n.t('network', { ns: 'errors', message: error.networkError.message, interpolation: { escapeValue: false } }));
  }
  out.general = rest.length ? rest.join('; ') : null;
  return out;
}

export function errorMessage(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  const s = splitErrors(error);
  const all = [...Object.values(s.fields), ...(s.general ? [s.general] : [])];
  return all.join('; ') || error.message;
}
