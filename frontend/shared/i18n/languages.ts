// The languages linedesk ships, for both SPAs and the server's `default_language` setting
// (internal/settings keeps the same list). Each is named in its own language in choosers.

/** BCP 47 base tags, English first (the fallback every string exists in). */
export const LANGUAGES = ['en', 'sw', 'fr', 'es', 'pt', 'id'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Each language's own name for itself. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  sw: 'Kiswahili',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
  id: 'Bahasa Indonesia',
};

/** Whether s is a shipped language tag. */
export function isLanguage(s: string | null | undefined): s is Language {
  return !!s && (LANGUAGES as readonly string[]).includes(s);
}
