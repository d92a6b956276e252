// The dashboard's language: the staff member's own choice (Staff.language), else the
// installation's (Locale.language), applied once the server says; and the account menu's
// chooser, which saves the choice (setOwnLanguage) and switches at once.
import { Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { LANGUAGES, LANGUAGE_NAMES } from '../../shared/i18n/languages';
import { graphql } from '../gql';
import { i18n, loadLanguage } from '../i18n';

const SetOwnLanguage = graphql(`
  mutation SetOwnLanguage($language: String) { setOwnLanguage(language: $language) { id language } }
`);

/** The language to show: the staff member's, else the installation's; null until known. */
export function wantedLanguage(own: string | null | undefined, installation: string | null | undefined): string | null {
  return own || installation || null;
}

/** Switches the dashboard to the wanted language when it differs from the current one. */
export function useServerLanguage(own: string | null | undefined, installation: string | null | undefined) {
  const want = wantedLanguage(own, installation);
  useEffect(() => {
    if (want && want !== i18n.language) void loadLanguage(want);
  }, [want]);
}

/** The account menu's language section: one item per shipped language, each in its own name. */
export function LanguageMenuItems() {
  const { t, i18n: inst } = useTranslation();
  const [, save] = useMutation(SetOwnLanguage);
  const pick = async (lang: string) => {
    await loadLanguage(lang);
    await save({ language: lang });
  };
  return (
    <>
      <Menu.Label>{t('language.label')}</Menu.Label>
      {LANGUAGES.map((l) => (
        <Menu.Item
          key={l}
          lang={l}
          leftSection={inst.language === l ? <IconCheck size={16} /> : <IconLanguage size={16} />}
          onClick={() => void pick(l)}
          data-testid={`language-${l}`}
        >
          {LANGUAGE_NAMES[l]}
        </Menu.Item>
      ))}
    </>
  );
}
