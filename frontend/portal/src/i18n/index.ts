// The portal's i18next instance (react-i18next). English is bundled, so the first render has
// its strings; other languages are added as <lang>.json beside en.json and listed in
// `resources` (the ecosystem issue adds them).
import { initReactI18next } from 'react-i18next';
import { SERVER_ERRORS_NS } from '../../../shared/i18n/serverErrors';
import { createI18n } from '../../../shared/i18n/setup';
import errorsEn from '../../../shared/i18n/errors/en.json';
import en from './en.json';

export const NAMESPACE = 'portal';

export const resources = { en: { [NAMESPACE]: en, [SERVER_ERRORS_NS]: errorsEn } };

export function createPortalI18n(language?: string) {
  return createI18n({ resources, defaultNS: NAMESPACE, namespaces: [NAMESPACE, SERVER_ERRORS_NS], language, plugins: [initReactI18next] });
}
