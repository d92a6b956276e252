// Turning GraphQL errors into something to show: a message per form field
// (extensions.field) and one general message for the rest.
import type { CombinedError } from 'urql';

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
      out.fields[field] = e.message;
    } else {
      rest.push(e.message);
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
