// The subscriber's language: switches the portal at once, is remembered on this device and
// saved for the subscriber (setLanguage), so their SMS and e-mails come in it too.
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { SetLanguageMutation } from '../../lib/language';
import { Card, ErrorNotice } from '../../components/ui';
import { LanguageSelect } from '../../components/LanguageSelect';

export function LanguageCard() {
  const { t } = useTranslation();
  const [res, save] = useMutation(SetLanguageMutation);
  return (
    <Card title={t('language.title')}>
      <LanguageSelect onChosen={(language) => void save({ language })} />
      <p className="hint">{t('language.hint')}</p>
      <ErrorNotice error={res.error} />
    </Card>
  );
}
