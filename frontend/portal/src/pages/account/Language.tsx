// The subscriber's language: switches the portal at once and is remembered on this device.
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/ui';
import { LanguageSelect } from '../../components/LanguageSelect';

export function LanguageCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('language.title')}>
      <LanguageSelect />
    </Card>
  );
}
