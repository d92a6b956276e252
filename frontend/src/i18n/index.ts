// The dashboard's i18next instance (react-i18next). Strings live in locales/<lang>/<ns>.json,
// one namespace per feature area (common, customer, nas, ...): a new file in locales/en/ is a
// new namespace, picked up without touching this file. The English of the shell and of the
// dashboard page (FIRST_NAMESPACES) is bundled so the first render has its strings; the rest of
// English comes as its own chunk with the first other page (loadEnglish, see App.tsx), and
// another language is fetched as its own chunks when chosen (loadLanguage), so the first load
// carries only the English the first page shows.
import type { i18n as I18n, ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, isLanguage, type Language } from '../../shared/i18n/languages';
import { SERVER_ERRORS_NS } from '../../shared/i18n/serverErrors';
import { createI18n, pickLanguage, textDirection } from '../../shared/i18n/setup';

type Strings = { default: Record<string, unknown> };

// The lists must be literal (import.meta.glob is resolved at build time): the shell and the
// dashboard page (its router cards name the routers' health: nas), which use nothing else (the e2e load check reads the dashboard in English).
const firstEnglish = import.meta.glob<Strings>(
  ['./locales/en/common.json', './locales/en/dashboard.json', './locales/en/radiuslog.json', './locales/en/pools.json', './locales/en/errors.json', './locales/en/nas.json'],
  { eager: true },
);
const restOfEnglish = import.meta.glob<Strings>([
  './locales/en/*.json',
  '!./locales/en/common.json', '!./locales/en/dashboard.json', '!./locales/en/radiuslog.json', '!./locales/en/pools.json', '!./locales/en/errors.json', '!./locales/en/nas.json',
]);
const others = import.meta.glob<Strings>(['./locales/*/*.json', '!./locales/en/*.json']);
// The server errors' texts (namespace serverErrors), shared with the portal: errors/<lang>.json.
const englishErrors = import.meta.glob<Strings>('../../shared/i18n/errors/en.json', { eager: true });
const otherErrors = import.meta.glob<Strings>(['../../shared/i18n/errors/*.json', '!../../shared/i18n/errors/en.json']);

/** The namespace t() uses when useTranslation() names none. */
export const DEFAULT_NS = 'common';

const STORAGE_KEY = 'linedesk.language';

function nsOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/, '');
}

function langOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2];
}

const englishResources: ResourceLanguage = Object.fromEntries([
  ...Object.entries(firstEnglish).map(([p, m]) => [nsOf(p), m.default]),
  ...Object.values(englishErrors).map((m) => [SERVER_ERRORS_NS, m.default]),
]);

/** The namespaces bundled with the first load. */
export const FIRST_NAMESPACES = Object.keys(englishResources);

/** Every namespace of the dashboard, from the English files. */
export const NAMESPACES = [...FIRST_NAMESPACES, ...Object.keys(restOfEnglish).map(nsOf)];

/**
 * The dashboard's instance, in English until loadLanguage switches it. Created once: the
 * react-i18next plugin makes it the instance every useTranslation() uses (no provider needed,
 * also in component tests).
 */
export const i18n: I18n = createI18n({
  resources: { en: englishResources },
  defaultNS: DEFAULT_NS,
  namespaces: NAMESPACES,
  language: 'en',
  plugins: [initReactI18next],
});

let english: Promise<void> | null = null;

/**
 * loadEnglish adds the English namespaces the first load left out (once; later calls share
 * the first's promise). Pages other than the dashboard wait for it before they render.
 */
export function loadEnglish(): Promise<void> {
  english ??= Promise.all(
    Object.entries(restOfEnglish).map(async ([p, load]) => {
      i18n.addResourceBundle('en', nsOf(p), (await load()).default, true, true);
    }),
  ).then(
    () => undefined,
    (err: unknown) => {
      english = null; // a failed fetch (offline) is tried again by the next page
      throw err;
    },
  );
  return english;
}

/** The language to start in before the server says: the last one used here, else the browser's. */
export function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (isLanguage(saved)) return saved;
  const picked = pickLanguage(LANGUAGES);
  return isLanguage(picked) ? picked : 'en';
}

/**
 * loadLanguage fetches a language's strings (every namespace), switches the dashboard to it,
 * remembers it for the next visit and sets <html lang dir>. Unknown tags fall back to English.
 */
export async function loadLanguage(lang: string | null | undefined): Promise<Language> {
  const target: Language = isLanguage(lang) ? lang : 'en';
  if (target !== 'en' && !i18n.hasResourceBundle(target, DEFAULT_NS)) {
    const files = [
      ...Object.entries(others).filter(([p]) => langOf(p) === target).map(([p, load]) => [nsOf(p), load] as const),
      ...Object.entries(otherErrors).filter(([p]) => nsOf(p) === target).map(([, load]) => [SERVER_ERRORS_NS, load] as const),
    ];
    const loaded = await Promise.all(files.map(async ([ns, load]) => [ns, (await load()).default] as const));
    for (const [ns, strings] of loaded) i18n.addResourceBundle(target, ns, strings, true, true);
  }
  await i18n.changeLanguage(target);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, target);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = target;
    document.documentElement.dir = textDirection(target);
  }
  return target;
}
