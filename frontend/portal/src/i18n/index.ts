// The portal's i18next instance (react-i18next). English is bundled, so the first render has
// its strings; the other languages (<lang>.json beside en.json) are fetched on demand by
// loadPortalLanguage (load.ts).
import { initReactI18next } from 'react-i18next';
import { SERVER_ERRORS_NS } from '../../../shared/i18n/serverErrors';
import { createI18n } from '../../../shared/i18n/setup';
import errorsEn from '../../../shared/i18n/errors/en.json';
import en from './en.json';
import { NAMESPACE } from './load';

export { NAMESPACE, initialPortalLanguage, loadPortalLanguage, STORAGE_KEY } from './load';

export const resources = { en: { [NAMESPACE]: en, [SERVER_ERRORS_NS]: errorsEn } };

/** An instance in English (or `language` once its strings are added by loadPortalLanguage). */
export function createPortalI18n(language = 'en') {
  return createI18n({ resources, defaultNS: NAMESPACE, namespaces: [NAMESPACE, SERVER_ERRORS_NS], language, plugins: [initReactI18next] });
}
