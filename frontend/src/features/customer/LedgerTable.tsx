import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { RefundDialog, type RefundTarget } from '../money/RefundDialog';
import { useCanWrite } from '../../lib/me';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { DocumentButtons } from '../documents/DocumentButtons';

export const LedgerRowFragment = graphql(`
  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }
`);

export const LedgerTableFragment = graphql(`
  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }
`);

const kindColor: Record<string, string> = { PAYMENT: 'green', RENEWAL: 'blue', ADJUSTMENT: 'gray', REFUND: 'orange' };

function LedgerRow(props: { transaction: FragmentType<typeof LedgerRowFragment>; onRefund?: (t: RefundTarget) => void }) {
  const t = useFragment(LedgerRowFragment, props.transaction);
  const { onRefund } = props;
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
      <Table.Td><Badge variant="light" color={kindColor[t.kind]}>{t.kind.toLowerCase()}</Badge></Table.Td>
      <Table.Td ta="right" c={t.amount < 0 ? 'red.8' : 'green.8'} fw={500}>{formatMoney(t.amount)}</Table.Td>
      <Table.Td ta="right">{formatMoney(t.balanceAfter)}</Table.Td>
      <Table.Td>{t.method ?? '—'}</Table.Td>
      <Table.Td className="mono">{t.reference ?? '—'}{t.note && <Text size="xs" c="dimmed">{t.note}</Text>}</Table.Td>
      <Table.Td>{t.actor}</Table.Td>
      <Table.Td>
        {t.receiptNo && t.receiptURL ? (
          <Group gap={4} wrap="nowrap">
            <Text size="xs" className="mono">{t.receiptNo}</Text>
            <DocumentButtons pdfPath={t.receiptURL} number={t.receiptNo} what="receipt" />
          </Group>
        ) : null}
      </Table.Td>
      {onRefund && (
        <Table.Td>
          {t.kind === 'PAYMENT' && t.refundable > 0 && (
            <Button size="compact-xs" variant="subtle" color="orange" onClick={() => onRefund(t)} data-testid="refund">Refund</Button>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** The customer's payments, renewals and adjustments, newest first. */
export function LedgerTable(props: { transactions: FragmentType<typeof LedgerTableFragment> }) {
  const conn = useFragment(LedgerTableFragment, props.transactions);
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const canWrite = useCanWrite();
  const [refund, setRefund] = useState<RefundTarget | null>(null);
  if (rows.length === 0) return <Text size="sm" c="dimmed">No transactions yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped verticalSpacing={6} data-testid="ledger-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th><Table.Th>Kind</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th ta="right">Balance</Table.Th>
            <Table.Th>Method</Table.Th><Table.Th>Reference</Table.Th><Table.Th>By</Table.Th><Table.Th>Receipt</Table.Th>{canWrite && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((t) => <LedgerRow key={t.id} transaction={t} onRefund={canWrite ? setRefund : undefined} />)}
        </Table.Tbody>
      </Table>
      <RefundDialog payment={refund} onClose={() => setRefund(null)} />
    </Table.ScrollContainer>
  );
}
