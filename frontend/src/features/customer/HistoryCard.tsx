import { Card, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFragment, type FragmentType } from '../../gql';
import { AuthEventsTable, CustomerAuthEventsFragment } from './AuthEventsTable';
import { InvoicesTable, type InvoicesTableFragment } from './InvoicesTable';
import { LedgerTable, type LedgerTableFragment } from './LedgerTable';
import { SessionsTable, type SessionsTableFragment } from './SessionsTable';

type Counted<F> = { totalCount: number } & F;

/** The customer's history in tabs: connections, ledger (with receipts), invoices, authentication attempts. */
export function HistoryCard(props: {
  sessions: Counted<FragmentType<typeof SessionsTableFragment>>;
  transactions: Counted<FragmentType<typeof LedgerTableFragment>>;
  invoices: Counted<FragmentType<typeof InvoicesTableFragment>>;
  customer: FragmentType<typeof CustomerAuthEventsFragment>;
}) {
  const { authEvents } = useFragment(CustomerAuthEventsFragment, props.customer);
  const { t } = useTranslation('customer');
  return (
    <Card withBorder padding="lg" mt="md">
      <Tabs defaultValue="sessions" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sessions">{t('history.sessions', { n: props.sessions.totalCount })}</Tabs.Tab>
          <Tabs.Tab value="ledger">{t('history.ledger', { n: props.transactions.totalCount })}</Tabs.Tab>
          <Tabs.Tab value="invoices" data-testid="invoices-tab">{t('history.invoices', { n: props.invoices.totalCount })}</Tabs.Tab>
          <Tabs.Tab value="auth" data-testid="auth-tab">{t('history.auth', { n: authEvents.totalCount })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sessions" pt="sm"><SessionsTable sessions={props.sessions} /></Tabs.Panel>
        <Tabs.Panel value="ledger" pt="sm"><LedgerTable transactions={props.transactions} /></Tabs.Panel>
        <Tabs.Panel value="invoices" pt="sm"><InvoicesTable invoices={props.invoices} /></Tabs.Panel>
        <Tabs.Panel value="auth" pt="sm"><AuthEventsTable authEvents={authEvents} /></Tabs.Panel>
      </Tabs>
    </Card>
  );
}
