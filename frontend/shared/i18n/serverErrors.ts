// Server errors in the reader's language: the GraphQL APIs put a stable key and its values in
// extensions.messageKey and extensions.params (beside the English message); the texts live in
// shared/i18n/errors/<lang>.json, the "serverErrors" namespace of both SPAs.

/** The namespace both SPAs register shared/i18n/errors/<lang>.json under. */
export const SERVER_ERRORS_NS = 'serverErrors';

/** Params that are money in minor units: those named …Minor, and these of keys older than that rule. */
const MONEY_PARAMS: Record<string, readonly string[]> = {
  'renew.insufficientBalance': ['balance', 'needed', 'missing'],
  'refund.tooMuch': ['left'],
  'money.needsAdmin': ['limit'],
};

/** An i18next instance (its t and exists are used), typed loosely so any app's typed instance fits. */
export interface Translator {
  t: (...args: never[]) => unknown;
  exists?: (...args: never[]) => unknown;
}
type TFn = (key: string, options?: Record<string, unknown>) => string;
type Exists = (key: string, options?: Record<string, unknown>) => boolean;

/**
 * serverErrorText translates an error's extensions (messageKey, params) with i18n (an i18next
 * instance, or a t function), formatting money params with money (minor units). It returns null
 * when the error has no key or the key has no text: the caller shows the server's message.
 */
export function serverErrorText(
  i18n: Translator | ((...args: never[]) => unknown),
  extensions: Record<string, unknown> | null | undefined,
  money: (minor: number) => string,
): string | null {
  const key = extensions?.messageKey;
  if (typeof key !== 'string' || !key) return null;
  const raw = extensions?.params;
  const params: Record<string, unknown> = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
  const moneyNames = MONEY_PARAMS[key] ?? [];
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'number' && (name.endsWith('Minor') || moneyNames.includes(name))) params[name] = money(v);
  }
  const options = { ...params, ns: SERVER_ERRORS_NS, interpolation: { escapeValue: false } };
  const t = (typeof i18n === 'function' ? i18n : i18n.t.bind(i18n)) as TFn;
  const exists = typeof i18n === 'function' ? undefined : (i18n.exists?.bind(i18n) as Exists | undefined);
  if (exists && !exists(key, { ns: SERVER_ERRORS_NS })) return null;
  const text = t(key, options);
  return text && text !== key && text !== `${SERVER_ERRORS_NS}:${key}` ? text : null;
}
