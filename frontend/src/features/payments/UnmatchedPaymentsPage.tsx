import { Badge, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UnmatchedPaymentStatus } from '../../gql/graphql';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useIsAdmin } from '../../lib/me';
import { AssignDialog, RefundDialog, type Unmatched } from './UnmatchedDialogs';

const UnmatchedQuery = graphql(`
  query UnmatchedPayments($first: Int, $after: Cursor, $status: UnmatchedPaymentStatus) {
    unmatchedPayments(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id method reference amount accountRef phone payerName receivedAt status note resolvedBy resolvedAt customer { id username } } }
    }
  }
`);

/** Payments a gateway confirmed that matched no customer: staff assign or refund them. */
export function UnmatchedPaymentsPage() {
  const { t } = useTranslation('payments');
  const isAdmin = useIsAdmin();
  const [status, setStatus] = useState<UnmatchedPaymentStatus>('UNMATCHED');
  const [after, setAfter] = useState<string | null>(null);
  const [res, refetch] = useQuery({ query: UnmatchedQuery, variables: { first: 50, after, status } });
  const [assigning, setAssigning] = useState<Unmatched | null>(null);
  const [refunding, setRefunding] = useState<Unmatched | null>(null);
  const rows = (res.data?.unmatchedPayments.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const done = () => {
    setAssigning(null);
    setRefunding(null);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <PageHeader title={t('unmatched.title')} subtitle={t('unmatched.subtitle')} />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <SegmentedControl mb="sm" value={status} aria-label={t('unmatched.filter')}
          onChange={(v) => { setStatus(v as UnmatchedPaymentStatus); setAfter(null); }}
          data={[{ value: 'UNMATCHED', label: t('unmatched.status.UNMATCHED') }, { value: 'ASSIGNED', label: t('unmatched.status.ASSIGNED') }, { value: 'REFUNDED', label: t('unmatched.status.REFUNDED') }]} />
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid="unmatched-table">
            <Table.Thead><Table.Tr><Table.Th>{t('unmatched.received')}</Table.Th><Table.Th>{t('unmatched.gateway')}</Table.Th><Table.Th>{t('list.reference')}</Table.Th><Table.Th>{t('list.amount')}</Table.Th><Table.Th>{t('unmatched.accountGiven')}</Table.Th><Table.Th>{t('unmatched.payer')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(u.receivedAt)}</Table.Td>
                  <Table.Td><Badge variant="light">{u.method}</Badge></Table.Td>
                  <Table.Td className="mono">{u.reference}</Table.Td>
                  <Table.Td>{formatMoney(u.amount)}</Table.Td>
                  <Table.Td className="mono">{u.accountRef || '—'}</Table.Td>
                  <Table.Td><Text size="sm">{u.payerName || '—'}</Text><Text size="xs" c="dimmed" className="mono">{u.phone}</Text></Table.Td>
                  <Table.Td>
                    {u.status === 'UNMATCHED' ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" onClick={() => setAssigning(u)} data-testid="assign-unmatched">{t('unmatched.assign')}</Button>
                        {isAdmin && <Button size="xs" variant="default" onClick={() => setRefunding(u)}>{t('unmatched.refunded')}</Button>}
                      </Group>
                    ) : (
                      <Text size="xs" c="dimmed">{u.customer ? t('unmatched.resolvedTo', { status: t(`unmatched.done.${u.status}`), by: u.resolvedBy, to: u.customer.username }) : t('unmatched.resolved', { status: t(`unmatched.done.${u.status}`), by: u.resolvedBy })}{u.note ? ` — ${u.note}` : ''}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rows.length === 0 && !res.fetching && <Text c="dimmed" size="sm" p="sm">{t('unmatched.empty')}</Text>}
        {res.data?.unmatchedPayments.pageInfo.hasNextPage && (
          <Button variant="default" mt="sm" onClick={() => setAfter(res.data?.unmatchedPayments.pageInfo.endCursor ?? null)}>{t('unmatched.next')}</Button>
        )}
      </Card>
      {assigning && <AssignDialog payment={assigning} onClose={() => setAssigning(null)} onDone={done} />}
      {refunding && <RefundDialog payment={refunding} onClose={() => setRefunding(null)} onDone={done} />}
    </>
  );
}
