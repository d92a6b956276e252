// The dashboard's language from the server: the staff member's own (Staff.language, saved by
// setOwnLanguage) or else the installation's (Locale.language, setting default_language).
import { useEffect } from 'react';
import { loadLanguage } from '../../i18n';
import { graphql } from '../../gql';

export const SetOwnLanguage = graphql(`
  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }
`);

/** The language to show: the staff member's, else the installation's; null until both are known. */
export function serverLanguage(own: string | null | undefined, installation: string | undefined): string | null {
  if (own === undefined || installation === undefined) return own ?? null;
  return own ?? installation;
}

/**
 * Switches the dashboard to the server's language when it is known or changes (at sign-in,
 * after setOwnLanguage). `own` is undefined while `me` loads, null when the staff member has
 * not chosen; `installation` is undefined while the locale loads.
 */
export function useServerLanguage(own: string | null | undefined, installation: string | undefined) {
  const lang = serverLanguage(own, installation);
  useEffect(() => {
    if (lang) void loadLanguage(lang);
  }, [lang]);
}
