// Loading the portal's languages on demand, without React (the expired page uses it too):
// English is bundled with the app; every other <lang>.json beside en.json is its own chunk,
// fetched only when that language is chosen, so a first visit carries one language.
import type { i18n as I18n } from 'i18next';
import { LANGUAGES, isLanguage, type Language } from '../../../shared/i18n/languages';
import { SERVER_ERRORS_NS } from '../../../shared/i18n/serverErrors';
import { pickLanguage, textDirection } from '../../../shared/i18n/setup';

export const NAMESPACE = 'portal';

/** Where the subscriber's choice is kept on this device (also read by the expired page). */
export const STORAGE_KEY = 'linedesk.portal.language';

type Strings = { default: Record<string, unknown> };

const others = import.meta.glob<Strings>(['./*.json', '!./en.json']);
// the server's refusals in every language, shared with the dashboard (serverErrors namespace)
const serverErrors = import.meta.glob<Strings>(['../../../shared/i18n/errors/*.json', '!../../../shared/i18n/errors/en.json']);

function stored(): string | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  } catch {
    return null; // storage blocked (private mode, a sandboxed frame)
  }
}

/** Whether the subscriber chose a language on this device (the chooser, or their saved one). */
export function hasChosenLanguage(): boolean {
  return isLanguage(stored());
}

/** The language to start in: the one chosen on this device, else the browser's best match. */
export function initialPortalLanguage(): Language {
  const saved = stored();
  if (isLanguage(saved)) return saved;
  const picked = pickLanguage(LANGUAGES);
  return isLanguage(picked) ? picked : 'en';
}

/**
 * Fetches `lang`'s strings if needed and switches `i18n` to it; sets <html lang dir>.
 * `remember` keeps the choice on this device. Unknown tags fall back to English.
 */
export async function loadPortalLanguage(i18n: I18n, lang: string | null | undefined, remember = false): Promise<Language> {
  const target: Language = isLanguage(lang) ? lang : 'en';
  if (target !== 'en' && !i18n.hasResourceBundle(target, NAMESPACE)) {
    const load = others[`./${target}.json`];
    const loadErrors = serverErrors[`../../../shared/i18n/errors/${target}.json`];
    const [strings, errors] = await Promise.all([load?.(), loadErrors?.()]);
    if (strings) i18n.addResourceBundle(target, NAMESPACE, strings.default, true, true);
    if (errors) i18n.addResourceBundle(target, SERVER_ERRORS_NS, errors.default, true, true);
  }
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, target);
    } catch {
      // not kept: the choice still holds for this visit
    }
  }
  await i18n.changeLanguage(target);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = target;
    document.documentElement.dir = textDirection(target);
  }
  return target;
}
