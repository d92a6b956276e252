import { Alert, Grid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useParams } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Loading, QueryError } from '../../components/QueryState';
import { useCanWrite } from '../../lib/me';
import { AccountCard } from './AccountCard';
import { BalanceCard } from './BalanceCard';
import { CurrentSessionCard } from './CurrentSessionCard';
import { CustomerActions, type CustomerDialog } from './CustomerActions';
import { CustomerHeader } from './CustomerHeader';
import { HistoryCard } from './HistoryCard';
import { PortalCard } from './PortalCard';
import { ProfileCard } from './ProfileCard';
import { ReconnectWarning } from './ReconnectWarning';
import { UsageCard } from './UsageCard';
import { useCustomerLive } from './live';
import { ChangeProfileDialog } from './dialogs/ChangeProfileDialog';
import { DisconnectDialog } from './dialogs/DisconnectDialog';
import { EditDetailsDialog } from './dialogs/EditDetailsDialog';
import { PasswordDialog } from './dialogs/PasswordDialog';
import { RecordPaymentDialog } from './dialogs/RecordPaymentDialog';
import { RedeemVoucherDialog } from './dialogs/RedeemVoucherDialog';
import { TopUpDialog } from './dialogs/TopUpDialog';
import { RenewDialog } from './dialogs/RenewDialog';
import { SuspendDialog } from './dialogs/SuspendDialog';
import { ArchiveDialog } from './dialogs/ArchiveDialog';
import { TimelineCard } from './TimelineCard';

// Each card and dialog asks for its own fields (its fragment); the lists' arguments are
// chosen here once, for every view of them.
export const CustomerDetailsQuery = graphql(`
  query CustomerDetails($id: ID!) {
    customer(id: $id) {
      id
      ...CustomerHeader_customer ...CustomerActions_customer ...AccountCard_customer ...ProfileCard_customer
      ...BalanceCard_customer ...CurrentSessionCard_customer ...UsageCard_customer
      ...DisconnectDialog_customer ...ChangeProfileDialog_customer ...PasswordDialog_customer
      ...RecordPaymentDialog_customer ...RedeemVoucherDialog_customer ...TopUpDialog_customer ...RenewDialog_customer ...SuspendDialog_customer ...EditDetailsDialog_customer
      ...PortalCard_customer ...ArchiveDialog_customer
      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {
        totalCount ...SessionsTable_sessions ...ReconnectWarning_sessions ...UsageCard_sessions
      }
      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...LedgerTable_transactions }
      invoices(first: 50, orderBy: { field: ISSUED_AT, direction: DESC }) { totalCount ...InvoicesTable_invoices }
      ...CustomerAuthEvents_customer
    }
  }
`);

/** One customer: its account, plan, balance, live session, usage and history, and the actions on it. */
export function CustomerPage() {
  const { t } = useTranslation('customer');
  const { id = '' } = useParams();
  const canWrite = useCanWrite();
  const [res] = useQuery({ query: CustomerDetailsQuery, variables: { id } });
  const [dialog, setDialog] = useState<CustomerDialog | null>(null);
  useCustomerLive(id);

  const c = res.data?.customer;
  if (!c) {
    if (res.fetching || res.stale) return <Loading />;
    return (
      <>
        <QueryError error={res.error} />
        {!res.error && <Alert color="yellow">{t('page.notFound')}</Alert>}
      </>
    );
  }
  const open = (d: CustomerDialog) => () => setDialog(d);
  const close = () => setDialog(null);

  return (
    <>
      <CustomerHeader customer={c} />
      <QueryError error={res.error} />
      {canWrite && <CustomerActions customer={c} onOpen={setDialog} />}
      <ReconnectWarning sessions={c.sessions} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <AccountCard customer={c} onEdit={canWrite ? open('edit') : undefined} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack h="100%">
            <ProfileCard customer={c} onChange={canWrite ? open('profile') : undefined} />
            <BalanceCard customer={c} />
            <PortalCard customer={c} canEnd={canWrite} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <CurrentSessionCard customer={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UsageCard customer={c} sessions={c.sessions} />
        </Grid.Col>
      </Grid>
      <TimelineCard customerID={c.id} />
      <HistoryCard sessions={c.sessions} transactions={c.transactions} invoices={c.invoices} customer={c} />

      <DisconnectDialog opened={dialog === 'disconnect'} onClose={close} customer={c} />
      <ChangeProfileDialog opened={dialog === 'profile'} onClose={close} customer={c} />
      <PasswordDialog opened={dialog === 'password'} onClose={close} customer={c} />
      <RecordPaymentDialog opened={dialog === 'payment'} onClose={close} customer={c} />
      <RedeemVoucherDialog opened={dialog === 'voucher'} onClose={close} customer={c} />
      <TopUpDialog opened={dialog === 'topup'} onClose={close} customer={c} />
      <RenewDialog opened={dialog === 'renew'} onClose={close} customer={c} onRecordPayment={open('payment')} />
      <SuspendDialog opened={dialog === 'suspend'} onClose={close} customer={c} />
      <EditDetailsDialog opened={dialog === 'edit'} onClose={close} customer={c} />
      <ArchiveDialog opened={dialog === 'archive'} onClose={close} customer={c} />
    </>
  );
}
