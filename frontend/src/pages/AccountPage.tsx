import { Alert, Stack } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { PasswordCard } from '../features/account/PasswordCard';
import { SessionsCard } from '../features/account/SessionsCard';
import { TotpCard } from '../features/account/TotpCard';
import { useMe } from '../lib/me';

/** My account: one's own password, two-factor sign-in and sign-ins. */
export function AccountPage() {
  const me = useMe();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title="My account" subtitle={me ? `Signed in as ${me.username}` : undefined} />
      {params.get('enrol') === 'totp' && (
        <Alert color="yellow" mb="md" data-testid="totp-required-notice" title="Two-factor sign-in is required for admins">
          Set it up below before you go on: this installation requires it for every admin.
        </Alert>
      )}
      <Stack>
        <TotpCard />
        <PasswordCard />
        <SessionsCard />
      </Stack>
    </>
  );
}
