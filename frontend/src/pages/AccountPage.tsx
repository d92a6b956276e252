import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from '../lib/router';
import { PageHeader } from '../components/PageHeader';
import { LanguageCard } from '../features/account/LanguageCard';
import { PasswordCard } from '../features/account/PasswordCard';
import { SessionsCard } from '../features/account/SessionsCard';
import { TotpCard } from '../features/account/TotpCard';
import { useMe } from '../lib/me';

/** My account: one's own password, two-factor sign-in and sign-ins. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const me = useMe();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t('title')} subtitle={me ? t('signedInAs', { username: me.username }) : undefined} />
      {params.get('enrol') === 'totp' && (
        <Alert color="yellow" mb="md" data-testid="totp-required-notice" title={t('totpRequired.title')}>
          {t('totpRequired.text')}
        </Alert>
      )}
      <Stack>
        <TotpCard />
        <PasswordCard />
        <SessionsCard />
        <LanguageCard />
      </Stack>
    </>
  );
}
