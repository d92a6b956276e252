import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatMoney } from '../../lib/format';
import { DocumentButtons } from '../documents/DocumentButtons';

export const InvoicesTableFragment = graphql(`
  fragment InvoicesTable_invoices on InvoiceConnection {
    edges { node { id number plan periodStart periodEnd subtotal tax total taxName issuedAt pdfURL } }
  }
`);

/** The customer's invoices (one per renewal charge), newest first. */
export function InvoicesTable(props: { invoices: FragmentType<typeof InvoicesTableFragment> }) {
  const conn = useFragment(InvoicesTableFragment, props.invoices);
  const { t } = useTranslation('customer');
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (rows.length === 0) return <Text size="sm" c="dimmed">{t('invoices.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={6} data-testid="invoices-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoices.number')}</Table.Th><Table.Th>{t('invoices.issued')}</Table.Th><Table.Th>{t('invoices.plan')}</Table.Th>
            <Table.Th>{t('invoices.period')}</Table.Th><Table.Th ta="right">{t('invoices.tax')}</Table.Th>
            <Table.Th ta="right">{t('invoices.total')}</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td className="mono">{i.number}</Table.Td>
              <Table.Td>{formatDate(i.issuedAt)}</Table.Td>
              <Table.Td>{i.plan}</Table.Td>
              <Table.Td>{formatDate(i.periodStart)} – {formatDate(i.periodEnd)}</Table.Td>
              <Table.Td ta="right">{i.tax ? `${formatMoney(i.tax)} ${i.taxName}` : '—'}</Table.Td>
              <Table.Td ta="right" fw={500}>{formatMoney(i.total)}</Table.Td>
              <Table.Td><DocumentButtons pdfPath={i.pdfURL} number={i.number} what="invoice" /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
