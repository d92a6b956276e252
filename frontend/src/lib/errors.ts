// Turning GraphQL errors into something to show: a message per form field
// (extensions.field) and one general message for the rest.
import type { CombinedError } from 'urql';
import { serverErrorText } from '../../shared/i18n/serverErrors';
import { i18n } from '../i18n';
import { formatMoney } from './format';

/** An error's text in the staff member's language when the server gave a key, else its message. */
const textOf = (e: CombinedError['graphQLErrors'][number]) => serverErrorText(i18n, e.extensions, (m) => formatMoney(m)) ?? e.message;

export interface SplitErrors {
  fields: Record<string, string>;
  general: string | null;
}

export function splitErrors(error: CombinedError | undefined | null): SplitErrors {
  const out: SplitErrors = { fields: {}, general: null };
  if (!error) return out;
  const rest: string[] = [];
  for (const e of error.graphQLErrors) {
    const field = e.extensions?.field;
    if (typeof field === 'string' && field) {
      out.fields[field] = textOf(e);
    } else {
      rest.push(textOf(e));
    }
  }
  if (error.networkError) rest.push(`Cannot reach the server: ${error.networkError.message}`);
  out.general = rest.length ? rest.join('; ') : null;
  return out;
}

export function errorMessage(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  const s = splitErrors(error);
  const all = [...Object.values(s.fields), ...(s.general ? [s.general] : [])];
  return all.join('; ') || error.message;
}
