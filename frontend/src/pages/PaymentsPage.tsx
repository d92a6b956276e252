import { Anchor, Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PaymentFilter, TransactionKind } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { PAYMENT_METHODS, methodLabel, methodOptions, shownReference } from '../features/customer/paymentMethods';
import { RefundDialog, type RefundTarget } from '../features/money/RefundDialog';
import { downloadText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatMoney } from '../lib/format';
import { useCanWrite, useIsAdmin } from '../lib/me';

export const PaymentsQuery = graphql(`
  query Payments($filter: PaymentFilter, $after: Cursor) {
    payments(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id createdAt kind amount method reference note actor refundable customer { id accountNo username fullName } } }
    }
  }
`);

const ExportPaymentsQuery = graphql(`
  query ExportPayments($filter: PaymentFilter) { exportPayments(filter: $filter) }
`);

const StaffOptionsQuery = graphql(`
  query PaymentStaffOptions { staffMembers(first: 200) { edges { node { id username } } } }
`);

export interface Filters { from: string; to: string; method: string | null; staffID: string | null; gateway: string | null; kind: string | null }

/** The filter the server reads: whole days in the browser's time zone, `to` inclusive. */
export function toFilter(f: Filters): PaymentFilter {
  const day = (d: string, next = false) => {
    const t = new Date(`${d}T00:00:00`);
    if (next) t.setDate(t.getDate() + 1);
    return t.toISOString();
  };
  return {
    from: f.from ? day(f.from) : null,
    to: f.to ? day(f.to, true) : null,
    method: f.method || null,
    staffID: f.staffID || null,
    gateway: f.gateway === 'yes' ? true : f.gateway === 'no' ? false : null,
    kind: (f.kind || null) as TransactionKind | null,
  };
}

/** Payments and refunds of every customer, filtered, with CSV export and refunds. */
export function PaymentsPage() {
  const { t } = useTranslation('payments');
  const isAdmin = useIsAdmin();
  const canWrite = useCanWrite();
  const client = useClient();
  const [f, setF] = useState<Filters>({ from: '', to: '', method: null, staffID: null, gateway: null, kind: null });
  const filter = useMemo(() => toFilter(f), [f]);
  const [after, setAfter] = useState<string | null>(null);
  const [res] = useQuery({ query: PaymentsQuery, variables: { filter, after } });
  const [staff] = useQuery({ query: StaffOptionsQuery, pause: !isAdmin });
  const [refund, setRefund] = useState<RefundTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const set = (patch: Partial<Filters>) => {
    setAfter(null);
    setF((old) => ({ ...old, ...patch }));
  };
  const conn = res.data?.payments;
  const rows = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  const exportCSV = async () => {
    setExporting(true);
    const r = await client.query(ExportPaymentsQuery, { filter }, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    if (r.error || !r.data) {
      notifications.show({ color: 'red', title: t('list.exportFailed'), message: errorMessage(r.error) ?? t('list.exportFailed') });
      return;
    }
    downloadText(`payments-${new Date().toISOString().slice(0, 10)}.csv`, r.data.exportPayments);
  };

  return (
    <>
      <PageHeader title={t('list.title')} subtitle={conn ? t('list.entries', { count: conn.totalCount }) : undefined}
        actions={canWrite && <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} onClick={exportCSV} data-testid="export-payments">{t('list.export')}</Button>} />
      <Group mb="md" align="flex-end" wrap="wrap" gap="xs">
        <TextInput label={t('list.from')} type="date" value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="filter-from" />
        <TextInput label={t('list.to')} type="date" value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="filter-to" />
        <Select label={t('list.method')} clearable placeholder={t('list.any')} data={methodOptions(PAYMENT_METHODS)} value={f.method} onChange={(v) => set({ method: v })} data-testid="filter-method" />
        {isAdmin && (
          <Select label={t('list.staff')} clearable placeholder={t('list.anyone')} value={f.staffID} onChange={(v) => set({ staffID: v })}
            data={(staff.data?.staffMembers.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.username }] : []))} />
        )}
        <Select label={t('list.source')} clearable placeholder={t('list.any')} value={f.gateway} onChange={(v) => set({ gateway: v })}
          data={[{ value: 'yes', label: t('list.gateways') }, { value: 'no', label: t('list.byStaff') }]} />
        <Select label={t('list.kind')} clearable placeholder={t('list.allKinds')} value={f.kind} onChange={(v) => set({ kind: v })}
          data={[{ value: 'PAYMENT', label: t('list.payments') }, { value: 'REFUND', label: t('list.refunds') }]} data-testid="filter-kind" />
      </Group>
      <QueryError error={res.error} />
      {res.fetching && !res.data ? <Loading /> : rows.length === 0 ? <Text c="dimmed" size="sm">{t('list.none')}</Text> : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="payments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.date')}</Table.Th><Table.Th>{t('list.customer')}</Table.Th><Table.Th>{t('list.kind')}</Table.Th><Table.Th ta="right">{t('list.amount')}</Table.Th>
                <Table.Th>{t('list.method')}</Table.Th><Table.Th>{t('list.reference')}</Table.Th><Table.Th>{t('list.by')}</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDateTime(p.createdAt)}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/customers/${p.customer.id}`}>{p.customer.fullName || p.customer.username}</Anchor>
                    <Text size="xs" c="dimmed">{p.customer.accountNo}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={p.kind === 'REFUND' ? 'orange' : 'green'}>{t(`kinds.${p.kind === 'REFUND' ? 'REFUND' : 'PAYMENT'}`)}</Badge></Table.Td>
                  <Table.Td ta="right" c={p.amount < 0 ? 'red.8' : 'green.8'} fw={500}>{formatMoney(p.amount)}</Table.Td>
                  <Table.Td>{methodLabel(p.method)}</Table.Td>
                  <Table.Td className="mono">{shownReference(p.method, p.reference)}{p.note && <Text size="xs" c="dimmed">{p.note}</Text>}</Table.Td>
                  <Table.Td>{p.actor}</Table.Td>
                  <Table.Td>
                    {canWrite && p.kind === 'PAYMENT' && p.refundable > 0 && (
                      <Button size="compact-xs" variant="subtle" color="orange" onClick={() => setRefund(p)} data-testid="refund">{t('list.refund')}</Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {conn?.pageInfo.hasNextPage && (
        <Group justify="center" mt="sm"><Button variant="default" onClick={() => setAfter(conn.pageInfo.endCursor ?? null)}>{t('list.loadMore')}</Button></Group>
      )}
      <RefundDialog payment={refund} onClose={() => setRefund(null)} />
    </>
  );
}
