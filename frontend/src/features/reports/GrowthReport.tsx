import { Button, Card, Group, Select, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { GrowthReportQuery } from '../../gql/graphql';
import { Loading, QueryError } from '../../components/QueryState';
import { downloadText } from '../../lib/download';
import { formatMoney } from '../../lib/format';
import { monthLabel } from '../dashboard/TrendCards';
import { csvOf, decimalOf } from './csv';

export const GrowthQuery = graphql(`
  query GrowthReport($months: Int!) {
    growthReport(months: $months) { month newCustomers churned active revenue arpu }
  }
`);

type Month = GrowthReportQuery['growthReport'][number];

/** The growth report as CSV: one row per month, money in the currency's units. */
export function growthCSV(rows: Month[]): string {
  return csvOf(
    ['month', 'new', 'churned', 'active', 'revenue', 'arpu'],
    rows.map((m) => [m.month, m.newCustomers, m.churned, m.active, decimalOf(m.revenue), decimalOf(m.arpu)]),
  );
}

/** New, churned and active customers per month, revenue and average revenue per active customer. */
export function GrowthReport() {
  const { t } = useTranslation('reports');
  const [months, setMonths] = useState('12');
  const [res] = useQuery({ query: GrowthQuery, variables: { months: Number(months) } });
  const rows = res.data?.growthReport ?? [];
  const chart = rows.map((m) => ({ ...m, label: monthLabel(m.month, true) }));
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Select label={t('growth.months')} data={['6', '12', '24', '36']} value={months} onChange={(v) => v && setMonths(v)} allowDeselect={false} w={120} />
        <Button variant="default" leftSection={<IconDownload size={16} />} disabled={rows.length === 0}
          onClick={() => downloadText(`customers-by-month-${rows[0]?.month}-${rows[rows.length - 1]?.month}.csv`, growthCSV(rows))} data-testid="export-growth">
          {t('export')}
        </Button>
      </Group>
      <QueryError error={res.error} />
      {res.fetching && rows.length === 0 ? <Loading /> : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
            <Card withBorder h={280}>
              <Title order={3} size="h5" mb="xs">{t('growth.newAndChurned')}</Title>
              <ResponsiveContainer width="100%" height="88%">
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="newCustomers" name={t('growth.new')} fill="var(--mantine-color-green-6)" isAnimationActive={false} />
                  <Bar dataKey="churned" name={t('growth.churned')} fill="var(--mantine-color-red-5)" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </Card>
            <Card withBorder h={280}>
              <Title order={3} size="h5" mb="xs">{t('growth.activeTitle')}</Title>
              <ResponsiveContainer width="100%" height="88%">
                <LineChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} />
                  <Tooltip />
                  <Line dataKey="active" name={t('growth.active')} stroke="var(--mantine-color-blue-6)" isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Card>
          </SimpleGrid>
          <Table striped data-testid="growth-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('growth.month')}</Table.Th><Table.Th ta="right">{t('growth.new')}</Table.Th><Table.Th ta="right">{t('growth.churned')}</Table.Th>
                <Table.Th ta="right">{t('growth.active')}</Table.Th><Table.Th ta="right">{t('growth.revenue')}</Table.Th><Table.Th ta="right">{t('growth.arpu')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...rows].reverse().map((m) => (
                <Table.Tr key={m.month} data-month={m.month}>
                  <Table.Td>{monthLabel(m.month)}</Table.Td><Table.Td ta="right">{m.newCustomers}</Table.Td>
                  <Table.Td ta="right">{m.churned}</Table.Td><Table.Td ta="right">{m.active}</Table.Td>
                  <Table.Td ta="right">{formatMoney(m.revenue)}</Table.Td><Table.Td ta="right">{formatMoney(m.arpu)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt="xs">
            {t('growth.note')}
          </Text>
        </>
      )}
    </>
  );
}
