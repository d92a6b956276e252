// Turning a GraphQL error into words for the subscriber. The server writes its refusals in
// plain words (e.g. "balance 500.00 is less than the price 1,500.00"): they are shown as
// given; only transport failures and throttling get the portal's own (translated) text.
import type { CombinedError } from 'urql';
import { serverErrorText, type Translator } from '../../../shared/i18n/serverErrors';

export type ErrorKind = 'network' | 'tooMany' | 'unauthenticated' | 'server';

export interface PortalError {
  kind: ErrorKind;
  /** The server's message(s), for kind 'server' and 'tooMany' */
  message: string;
  /** extensions.field of the first error naming a field */
  field?: string;
}

export function errorCode(error: CombinedError | undefined | null): string | undefined {
  const code = error?.graphQLErrors.find((e) => e.extensions?.code)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What translates keyed server errors (extensions.messageKey) and formats their money params. */
export interface ErrorTranslation {
  i18n: Translator;
  money: (minor: number) => string;
}

export function describeError(error: CombinedError | undefined | null, tr?: ErrorTranslation): PortalError | null {
  if (!error) return null;
  const code = errorCode(error);
  const text = (e: CombinedError['graphQLErrors'][number]) => (tr && serverErrorText(tr.i18n, e.extensions, tr.money)) || e.message;
  const message = error.graphQLErrors.map(text).filter(Boolean).join('; ');
  const fieldErr = error.graphQLErrors.find((e) => typeof e.extensions?.field === 'string');
  const field = fieldErr ? String(fieldErr.extensions.field) : undefined;
  if (code === 'TOO_MANY_REQUESTS') return { kind: 'tooMany', message, field };
  if (code === 'UNAUTHENTICATED') return { kind: 'unauthenticated', message, field };
  if (!error.graphQLErrors.length && error.networkError) return { kind: 'network', message: error.networkError.message };
  return { kind: 'server', message: message || error.message, field };
}
