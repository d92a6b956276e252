// The account menu's language chooser, which saves the choice (setOwnLanguage) and switches at
// once; features/account/language.ts applies the server's language at sign-in.
import { Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { LANGUAGES, LANGUAGE_NAMES } from '../../shared/i18n/languages';
import { loadLanguage } from '../i18n';
import { SetOwnLanguage } from '../features/account/language';

/** The account menu's language section: one item per shipped language, each in its own name. */
export function LanguageMenuItems() {
  const { t, i18n: inst } = useTranslation();
  const [, save] = useMutation(SetOwnLanguage);
  // saved first, then switched (see LanguageCard)
  const pick = async (lang: string) => {
    await save({ language: lang });
    await loadLanguage(lang);
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
