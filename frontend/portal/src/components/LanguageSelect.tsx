// The language chooser: each language named in itself; choosing one switches the portal at
// once (its strings fetched if needed) and keeps the choice on this device. `onChosen` lets
// the account page also save it for the subscriber on the server.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage, type Language } from '../../../shared/i18n/languages';
import { loadPortalLanguage } from '../i18n/load';

export function LanguageSelect({ onChosen, compact = false }: { onChosen?: (lang: Language) => void; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = isLanguage(i18n.language) ? i18n.language : 'en';
  return (
    <div className={compact ? 'field field-inline' : 'field'}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        data-testid="language"
        value={current}
        onChange={async (e) => {
          const lang = await loadPortalLanguage(i18n, e.currentTarget.value, true);
          onChosen?.(lang);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
