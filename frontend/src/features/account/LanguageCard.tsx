// The staff member's language: switches the dashboard at once (its strings fetched on demand)
// and is remembered in this browser.
import { Card, NativeSelect, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../../../shared/i18n/languages';
import { loadLanguage } from '../../i18n';

const OPTIONS = LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));

export function LanguageCard() {
  const { t, i18n } = useTranslation('account');
  const current = isLanguage(i18n.language) ? i18n.language : 'en';
  return (
    <Card withBorder padding="md" data-testid="language-card">
      <Title order={3} size="h4" mb={4}>{t('language.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('language.intro')}</Text>
      <NativeSelect
        label={t('language.label')}
        data={OPTIONS}
        value={current}
        onChange={(e) => void loadLanguage(e.currentTarget.value)}
        maw={280}
        data-testid="language-select"
      />
    </Card>
  );
}
