// RADIUS reject and drop reasons in the dashboard's language, by the server's machine name
// (reasonCode / AuthReason); a code the dashboard does not know shows the server's words.
import { i18n } from '../../i18n';

/** reasonText is the reason in words: radiuslog:reasons.<code>, else `fallback`, else the code. */
export function reasonText(code: string, fallback?: string | null): string {
  const key = `reasons.${code}`;
  if (i18n.exists(key, { ns: 'radiuslog' })) return (i18n.t as unknown as (k: string, o: object) => string).call(i18n, key, { ns: 'radiuslog' });
  return fallback || code.replace(/_/g, ' ');
}
