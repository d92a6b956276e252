import { Anchor, Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PaymentFilter, TransactionKind } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { PAYMENT_METHODS } from '../features/customer/dialogs/RecordPaymentDialog';
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
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(r.error) ?? 'export failed' });
      return;
    }
    downloadText(`payments-${new Date().toISOString().slice(0, 10)}.csv`, r.data.exportPayments);
  };

  return (
    <>
      <PageHeader title="Payments" subtitle={conn ? `${conn.totalCount} entries` : undefined}
        actions={canWrite && <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} onClick={exportCSV} data-testid="export-payments">Export CSV</Button>} />
      <Group mb="md" align="flex-end" wrap="wrap" gap="xs">
        <TextInput label="From" type="date" value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="filter-from" />
        <TextInput label="To" type="date" value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="filter-to" />
        <Select label="Method" clearable placeholder="Any" data={PAYMENT_METHODS} value={f.method} onChange={(v) => set({ method: v })} data-testid="filter-method" />
        {isAdmin && (
          <Select label="Staff" clearable placeholder="Anyone" value={f.staffID} onChange={(v) => set({ staffID: v })}
            data={(staff.data?.staffMembers.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.username }] : []))} />
        )}
        <Select label="Source" clearable placeholder="Any" value={f.gateway} onChange={(v) => set({ gateway: v })}
          data={[{ value: 'yes', label: 'Gateways (M-Pesa, Paystack)' }, { value: 'no', label: 'Recorded by staff' }]} />
        <Select label="Kind" clearable placeholder="Payments and refunds" value={f.kind} onChange={(v) => set({ kind: v })}
          data={[{ value: 'PAYMENT', label: 'Payments' }, { value: 'REFUND', label: 'Refunds' }]} data-testid="filter-kind" />
      </Group>
      <QueryError error={res.error} />
      {res.fetching && !res.data ? <Loading /> : rows.length === 0 ? <Text c="dimmed" size="sm">No payments match.</Text> : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="payments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Kind</Table.Th><Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Method</Table.Th><Table.Th>Reference</Table.Th><Table.Th>By</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/customers/${t.customer.id}`}>{t.customer.fullName || t.customer.username}</Anchor>
                    <Text size="xs" c="dimmed">{t.customer.accountNo}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={t.kind === 'REFUND' ? 'orange' : 'green'}>{t.kind.toLowerCase()}</Badge></Table.Td>
                  <Table.Td ta="right" c={t.amount < 0 ? 'red.8' : 'green.8'} fw={500}>{formatMoney(t.amount)}</Table.Td>
                  <Table.Td>{t.method ?? '—'}</Table.Td>
                  <Table.Td className="mono">{t.reference ?? '—'}{t.note && <Text size="xs" c="dimmed">{t.note}</Text>}</Table.Td>
                  <Table.Td>{t.actor}</Table.Td>
                  <Table.Td>
                    {canWrite && t.kind === 'PAYMENT' && t.refundable > 0 && (
                      <Button size="compact-xs" variant="subtle" color="orange" onClick={() => setRefund(t)} data-testid="refund">Refund</Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {conn?.pageInfo.hasNextPage && (
        <Group justify="center" mt="sm"><Button variant="default" onClick={() => setAfter(conn.pageInfo.endCursor ?? null)}>Load more</Button></Group>
      )}
      <RefundDialog payment={refund} onClose={() => setRefund(null)} />
    </>
  );
}
