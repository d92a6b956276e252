// Account: the subscriber's details; change the password (or set one after a sign-in by
// code), with the option to disconnect now and the server's message about the router; the
// e-mail; a new phone confirmed by a code; automatic renewal; sign out. A restricted
// (suspended/disabled) subscriber sees it all with every action disabled and the reason.
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { signOut } from '../lib/auth';
import { resetSubscriptions } from '../lib/client';
import { useMe } from '../lib/me';
import { Card, Item } from '../components/ui';
import { AutoRenewCard, EmailCard, PhoneCard } from './account/Contact';
import { LanguageCard } from './account/Language';
import { PasswordCard } from './account/Password';

const LogoutMutation = graphql(`
  mutation PortalLogout {
    portalLogout
  }
`);

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [, logout] = useMutation(LogoutMutation);
  const none = <span className="muted">{t('account.none')}</span>;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <Card title={t('account.details')}>
        <dl className="items">
          <Item label={t('account.accountNo')} testId="account-no">
            {me.accountNo}
          </Item>
          <Item label={t('account.username')}>{me.username}</Item>
          <Item label={t('account.name')}>{me.fullName || none}</Item>
          <Item label={t('account.phone')} testId="account-phone">
            {me.phone}
          </Item>
          <Item label={t('account.email')}>{me.email || none}</Item>
        </dl>
      </Card>
      <PasswordCard />
      <AutoRenewCard />
      <EmailCard />
      <PhoneCard />
      <LanguageCard />
      <Card title={t('account.signOut')}>
        <p className="muted small">{t('account.signOutHint')}</p>
        <button
          type="button"
          className="btn"
          data-testid="sign-out"
          onClick={async () => {
            // the token is forgotten here whatever the server answers
            await logout({}).catch(() => undefined);
            resetSubscriptions();
            signOut();
          }}
        >
          {t('account.signOut')}
        </button>
      </Card>
    </>
  );
}
