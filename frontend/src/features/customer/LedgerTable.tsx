import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { RefundDialog, type RefundTarget } from '../money/RefundDialog';
import { useCanWrite } from '../../lib/me';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { DocumentButtons } from '../documents/DocumentButtons';
import { methodLabel, shownReference } from './paymentMethods';

export const LedgerRowFragment = graphql(`
  fragment LedgerRow_transaction on Transaction { id amount balanceAfter kind method reference note actor createdAt receiptNo receiptURL refundable }
`);

export const LedgerTableFragment = graphql(`
  fragment LedgerTable_transactions on TransactionConnection { edges { node { id ...LedgerRow_transaction } } }
`);

const kindColor: Record<string, string> = { PAYMENT: 'green', RENEWAL: 'blue', ADJUSTMENT: 'gray', REFUND: 'orange' };

function LedgerRow(props: { transaction: FragmentType<typeof LedgerRowFragment>; onRefund?: (t: RefundTarget) => void }) {
  const tx = useFragment(LedgerRowFragment, props.transaction);
  const { t } = useTranslation('customer');
  const { onRefund } = props;
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(tx.createdAt)}</Table.Td>
      <Table.Td><Badge variant="light" color={kindColor[tx.kind]}>{t(`ledger.kind.${tx.kind}`)}</Badge></Table.Td>
      <Table.Td ta="right" c={tx.amount < 0 ? 'red.8' : 'green.8'} fw={500}>{formatMoney(tx.amount)}</Table.Td>
      <Table.Td ta="right">{formatMoney(tx.balanceAfter)}</Table.Td>
      <Table.Td>{methodLabel(tx.method)}</Table.Td>
      <Table.Td className="mono">{shownReference(tx.method, tx.reference)}{tx.note && <Text size="xs" c="dimmed">{tx.note}</Text>}</Table.Td>
      <Table.Td>{tx.actor}</Table.Td>
      <Table.Td>
        {tx.receiptNo && tx.receiptURL ? (
          <Group gap={4} wrap="nowrap">
            <Text size="xs" className="mono">{tx.receiptNo}</Text>
            <DocumentButtons pdfPath={tx.receiptURL} number={tx.receiptNo} what="receipt" />
          </Group>
        ) : null}
      </Table.Td>
      {onRefund && (
        <Table.Td>
          {tx.kind === 'PAYMENT' && tx.refundable > 0 && (
            <Button size="compact-xs" variant="subtle" color="orange" onClick={() => onRefund(tx)} data-testid="refund">{t('ledger.refund')}</Button>
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
  const { t } = useTranslation('customer');
  const [refund, setRefund] = useState<RefundTarget | null>(null);
  if (rows.length === 0) return <Text size="sm" c="dimmed">{t('ledger.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped verticalSpacing={6} data-testid="ledger-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ledger.date')}</Table.Th><Table.Th>{t('ledger.kindHeader')}</Table.Th><Table.Th ta="right">{t('ledger.amount')}</Table.Th>
            <Table.Th ta="right">{t('ledger.balance')}</Table.Th><Table.Th>{t('ledger.method')}</Table.Th><Table.Th>{t('ledger.reference')}</Table.Th>
            <Table.Th>{t('ledger.by')}</Table.Th><Table.Th>{t('ledger.receipt')}</Table.Th>{canWrite && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((tx) => <LedgerRow key={tx.id} transaction={tx} onRefund={canWrite ? setRefund : undefined} />)}
        </Table.Tbody>
      </Table>
      <RefundDialog payment={refund} onClose={() => setRefund(null)} />
    </Table.ScrollContainer>
  );
}
