import { Anchor, Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { TopUsersQuery as TopUsersResult } from '../../gql/graphql';
import { Loading, QueryError } from '../../components/QueryState';
import { downloadText } from '../../lib/download';
import { formatBytes } from '../../lib/format';
import { csvOf } from './csv';

export const TopUsersQuery = graphql(`
  query TopUsers($from: Time!, $to: Time!, $limit: Int!) {
    topUsers(from: $from, to: $to, limit: $limit) {
      bytesIn bytesOut customer { id accountNo username profile { id name } }
    }
  }
`);

type Row = TopUsersResult['topUsers'][number];

/** The top users as CSV (bytes, and decimal GB as ISPs sell them). */
export function topUsersCSV(rows: Row[]): string {
  return csvOf(
    ['account_no', 'username', 'plan', 'download_bytes', 'upload_bytes', 'total_gb'],
    rows.map((r) => [r.customer?.accountNo ?? '', r.customer?.username ?? '(deleted)', r.customer?.profile.name ?? '', r.bytesOut, r.bytesIn, ((r.bytesIn + r.bytesOut) / 1e9).toFixed(2)]),
  );
}

const ranges: Record<string, number> = { '7': 7, '30': 30, '90': 90 };

/** The customers with the most traffic over the last days. */
export function TopUsersReport() {
  const { t } = useTranslation('reports');
  const [days, setDays] = useState('30');
  const vars = useMemo(() => ({
    from: dayjs().startOf('day').subtract(ranges[days]! - 1, 'day').toISOString(),
    to: dayjs().add(1, 'day').startOf('day').toISOString(),
    limit: 20,
  }), [days]);
  const [res] = useQuery({ query: TopUsersQuery, variables: vars });
  const rows = res.data?.topUsers ?? [];
  const chart = rows.map((r) => ({ name: r.customer?.username ?? t('top.deleted'), total: (r.bytesIn + r.bytesOut) / 1e9 }));
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Select label={t('top.over')} data={['7', '30', '90'].map((d) => ({ value: d, label: t('top.days', { count: Number(d) }) }))}
          value={days} onChange={(v) => v && setDays(v)} allowDeselect={false} w={140} />
        <Button variant="default" leftSection={<IconDownload size={16} />} disabled={rows.length === 0}
          onClick={() => downloadText(`top-users-${days}-days.csv`, topUsersCSV(rows))} data-testid="export-top-users">
          {t('export')}
        </Button>
      </Group>
      <QueryError error={res.error} />
      {res.fetching && rows.length === 0 ? <Loading /> : rows.length === 0 ? <Text c="dimmed" size="sm">{t('top.none')}</Text> : (
        <>
          <Card withBorder h={Math.max(160, rows.length * 24 + 40)} mb="md">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart} layout="vertical" margin={{ left: 40 }}>
                <XAxis type="number" fontSize={11} tickFormatter={(v: number) => t('top.gb', { value: v })} />
                <YAxis type="category" dataKey="name" fontSize={11} width={110} />
                <Tooltip formatter={(v) => t('top.gb', { value: Number(v).toFixed(2) })} />
                <Bar dataKey="total" name={t('top.traffic')} fill="var(--mantine-color-violet-5)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Card>
          <Table striped data-testid="top-users-table">
            <Table.Thead>
              <Table.Tr><Table.Th>#</Table.Th><Table.Th>{t('customer')}</Table.Th><Table.Th>{t('plan')}</Table.Th><Table.Th ta="right">{t('top.download')}</Table.Th><Table.Th ta="right">{t('top.upload')}</Table.Th><Table.Th ta="right">{t('top.total')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.customer?.id ?? i}>
                  <Table.Td c="dimmed">{i + 1}</Table.Td>
                  <Table.Td>{r.customer ? <Anchor component={Link} to={`/customers/${r.customer.id}`}>{r.customer.username}</Anchor> : t('top.deletedCustomer')}</Table.Td>
                  <Table.Td>{r.customer?.profile.name ?? '—'}</Table.Td>
                  <Table.Td ta="right">{formatBytes(r.bytesOut)}</Table.Td><Table.Td ta="right">{formatBytes(r.bytesIn)}</Table.Td>
                  <Table.Td ta="right" fw={600}>{formatBytes(r.bytesIn + r.bytesOut)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
