// The staff member's language: switches the dashboard at once (its strings fetched on demand),
// is remembered in this browser and saved on the server (setOwnLanguage), so it follows the
// staff member to any browser at sign-in.
import { Card, NativeSelect, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../../../shared/i18n/languages';
import { loadLanguage } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { SetOwnLanguage } from './language';

const OPTIONS = LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));

export function LanguageCard() {
  const { t, i18n } = useTranslation('account');
  const [, save] = useMutation(SetOwnLanguage);
  const current = isLanguage(i18n.language) ? i18n.language : 'en';
  // Saved first, then switched: the server's earlier answer (useServerLanguage, still on its way
  // when the page has just opened) cannot switch the dashboard back after the choice.
  const choose = async (lang: string) => {
    const r = await save({ language: lang });
    await loadLanguage(lang);
    if (r.error) notifications.show({ color: 'red', title: t('language.notSaved'), message: errorMessage(r.error) });
  };
  return (
    <Card withBorder padding="md" data-testid="language-card">
      <Title order={3} size="h4" mb={4}>{t('language.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('language.intro')}</Text>
      <NativeSelect
        label={t('language.label')}
        data={OPTIONS}
        value={current}
        onChange={(e) => void choose(e.currentTarget.value)}
        maw={280}
        data-testid="language-select"
      />
    </Card>
  );
}
