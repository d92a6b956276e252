import { Anchor, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ExpiringCustomersQuery as ExpiringResult } from '../../gql/graphql';
import { Loading, QueryError } from '../../components/QueryState';
import { downloadText } from '../../lib/download';
import { formatDate, isoDate } from '../../lib/format';
import { csvOf } from './csv';

export const ExpiringCustomersQuery = graphql(`
  query ExpiringCustomers($from: Time!, $to: Time!) {
    expiringCustomers(from: $from, to: $to) {
      id accountNo username fullName phone expiresAt autoRenew profile { id name }
    }
  }
`);

type Row = ExpiringResult['expiringCustomers'][number];

/** The expiring customers as CSV. */
export function expiringCSV(rows: Row[]): string {
  return csvOf(
    ['account_no', 'username', 'full_name', 'phone', 'plan', 'expires', 'auto_renew'],
    rows.map((c) => [c.accountNo, c.username, c.fullName ?? '', c.phone, c.profile.name, isoDate(c.expiresAt), c.autoRenew ? 'yes' : 'no']),
  );
}

/** Customers whose subscription ends in a chosen range, soonest first; exportable. */
export function ExpiringReport() {
  const { t } = useTranslation('reports');
  const [from, setFrom] = useState(dayjs().format('YYYY-MM-DD'));
  const [to, setTo] = useState(dayjs().add(7, 'day').format('YYYY-MM-DD'));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const [res] = useQuery({
    query: ExpiringCustomersQuery,
    variables: {
      from: valid ? dayjs(from).startOf('day').toISOString() : '',
      to: valid ? dayjs(to).add(1, 'day').startOf('day').toISOString() : '',
    },
    pause: !valid,
  });
  const rows = res.data?.expiringCustomers ?? [];
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Group gap="xs" align="flex-end">
          <TextInput label={t('expiring.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label={t('expiring.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={!valid ? t('chooseRange') : undefined} />
        </Group>
        <Button variant="default" leftSection={<IconDownload size={16} />} disabled={rows.length === 0}
          onClick={() => downloadText(`expiring-${from}-${to}.csv`, expiringCSV(rows))} data-testid="export-expiring">
          {t('export')}
        </Button>
      </Group>
      <QueryError error={res.error} />
      {res.fetching && rows.length === 0 ? <Loading /> : (
        <>
          <Text size="sm" c="dimmed" mb="xs" data-testid="expiring-total">{t('expiring.total', { count: rows.length })}</Text>
          <Table striped data-testid="expiring-table">
            <Table.Thead>
              <Table.Tr><Table.Th>{t('expiring.account')}</Table.Th><Table.Th>{t('customer')}</Table.Th><Table.Th>{t('expiring.phone')}</Table.Th><Table.Th>{t('plan')}</Table.Th><Table.Th>{t('expiring.expires')}</Table.Th><Table.Th>{t('expiring.autoRenew')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td className="mono">{c.accountNo}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/customers/${c.id}`}>{c.username}</Anchor>{c.fullName && <Text size="xs" c="dimmed">{c.fullName}</Text>}</Table.Td>
                  <Table.Td className="mono">{c.phone}</Table.Td><Table.Td>{c.profile.name}</Table.Td>
                  <Table.Td>{formatDate(c.expiresAt)}</Table.Td><Table.Td>{c.autoRenew ? t('yes') : t('no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
