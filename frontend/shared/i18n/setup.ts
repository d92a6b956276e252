// The translation set-up both SPAs share (i18next): one instance per app, its strings in
// JSON files per language and namespace ("portal" for the subscriber portal; the staff
// dashboard gets its own namespace when it is translated). React apps add react-i18next's
// plugin; the portal's expired page uses i18next alone (no React).
//
// Strings are plain i18next JSON v4: `{{name}}` interpolation, plural keys `_one`/`_other`
// chosen by Intl.PluralRules. Numbers, money, dates and sizes are formatted with Intl (see
// format.ts) and passed in as ready strings, so a translator never sees a number format.
import i18next, { type i18n, type Module, type Resource } from 'i18next';

/** The language every string exists in; others fall back to it key by key. */
export const FALLBACK_LANGUAGE = 'en';

/**
 * The best of `available` for the browser's preferred languages (`navigator.languages`):
 * an exact tag first ("sw-KE"), then its base language ("sw"); else the fallback.
 */
export function pickLanguage(available: readonly string[], preferred: readonly string[] = browserLanguages()): string {
  const have = new Set(available.map((l) => l.toLowerCase()));
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    if (have.has(t)) return available.find((l) => l.toLowerCase() === t)!;
    const base = t.split('-')[0];
    if (have.has(base)) return available.find((l) => l.toLowerCase() === base)!;
  }
  return FALLBACK_LANGUAGE;
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language].filter(Boolean);
}

export interface I18nOptions {
  /** { en: { portal: {...} }, sw: { portal: {...} } } */
  resources: Resource;
  /** The namespace t() uses without a prefix. */
  defaultNS: string;
  /** Every namespace of the app (defaults to defaultNS alone). */
  namespaces?: string[];
  /** Defaults to the best match of the browser's languages among the resources. */
  language?: string;
  /** e.g. react-i18next's initReactI18next */
  plugins?: Module[];
}

/**
 * A ready i18next instance. Resources are bundled (no back-end fetch), so initialisation is
 * synchronous and the first render already has its strings.
 */
export function createI18n({ resources, defaultNS, namespaces, language, plugins = [] }: I18nOptions): i18n {
  const inst = i18next.createInstance();
  for (const p of plugins) inst.use(p);
  void inst.init({
    resources,
    lng: language ?? pickLanguage(Object.keys(resources)),
    fallbackLng: FALLBACK_LANGUAGE,
    defaultNS,
    ns: namespaces ?? [defaultNS],
    initAsync: false,
    returnNull: false,
    // React escapes what it renders and the expired page sets textContent: escaping here
    // would show "&amp;" to the subscriber.
    interpolation: { escapeValue: false },
  });
  return inst;
}

/** The text direction of a language, for <html dir>. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  return ['ar', 'fa', 'he', 'ur', 'ps', 'ckb'].includes(language.split('-')[0]) ? 'rtl' : 'ltr';
}
