import { Button, Card, Group, SegmentedControl, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { RevenueReportQuery } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { downloadText } from '../lib/download';
import { formatMoney } from '../lib/format';
import { methodLabel } from '../features/customer/paymentMethods';

export const RevenueQuery = graphql(`
  query RevenueReport($from: Time!, $to: Time!, $period: ReportPeriod!) {
    revenue(from: $from, to: $to, period: $period) {
      total { payments refunds net }
      periods { start amounts { payments refunds net } byMethod { method amounts { payments refunds net } } }
      byMethod { method amounts { payments refunds net } }
      byPlan { profileID plan renewals amount }
    }
  }
`);

type Report = RevenueReportQuery['revenue'];

const decimal = (minor: number) => (minor / 100).toFixed(2);

/** The report as CSV: one row per period and method, amounts in the currency's units. */
export function revenueCSV(r: Report): string {
  const lines = ['period,method,payments,refunds,net'];
  for (const p of r.periods) {
    for (const m of p.byMethod) lines.push([p.start, m.method, decimal(m.amounts.payments), decimal(m.amounts.refunds), decimal(m.amounts.net)].join(','));
  }
  lines.push(['total', '', decimal(r.total.payments), decimal(r.total.refunds), decimal(r.total.net)].join(','));
  return lines.join('\n') + '\n';
}

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function AmountsTable({ rows, label }: { rows: { key: string; name?: string; payments: number; refunds: number; net: number }[]; label: string }) {
  const { t } = useTranslation('money');
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr><Table.Th>{label}</Table.Th><Table.Th ta="right">{t('revenue.payments')}</Table.Th><Table.Th ta="right">{t('revenue.refunds')}</Table.Th><Table.Th ta="right">{t('revenue.net')}</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>{r.name ?? (r.key || '—')}</Table.Td><Table.Td ta="right">{formatMoney(r.payments)}</Table.Td>
            <Table.Td ta="right">{formatMoney(r.refunds)}</Table.Td><Table.Td ta="right" fw={600}>{formatMoney(r.net)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Revenue for a chosen range by day or month: payments minus refunds, by method and by plan. */
export function RevenuePage() {
  const { t } = useTranslation('money');
  const now = new Date();
  const [from, setFrom] = useState(isoDay(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(isoDay(now));
  const [period, setPeriod] = useState<'DAY' | 'MONTH'>('DAY');
  const end = new Date(`${to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const [res] = useQuery({
    query: RevenueQuery,
    variables: { from: valid ? new Date(`${from}T00:00:00`).toISOString() : '', to: valid ? end.toISOString() : '', period },
    pause: !valid,
  });
  const r = res.data?.revenue;
  return (
    <>
      <PageHeader title={t('revenue.title')} subtitle={t('revenue.subtitle')}
        actions={r && <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => downloadText(`revenue-${from}-${to}.csv`, revenueCSV(r))} data-testid="export-revenue">{t('revenue.export')}</Button>} />
      <Group mb="md" align="flex-end" gap="xs">
        <TextInput label={t('revenue.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label={t('revenue.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={!valid ? t('revenue.chooseRange') : undefined} />
        <SegmentedControl value={period} onChange={(v) => setPeriod(v as 'DAY' | 'MONTH')} data={[{ value: 'DAY', label: t('revenue.byDay') }, { value: 'MONTH', label: t('revenue.byMonth') }]} />
      </Group>
      <QueryError error={res.error} />
      {res.fetching && !r ? <Loading /> : r && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
            {(['payments', 'refunds', 'net'] as const).map((k) => (
              <Card withBorder key={k}><Text size="sm" c="dimmed">{t(`revenue.${k}`)}</Text><Text fw={700} size="xl" data-testid={`revenue-${k}`}>{formatMoney(r.total[k])}</Text></Card>
            ))}
          </SimpleGrid>
          <Card withBorder mb="md" h={280}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={r.periods.map((p) => ({ start: p.start, net: p.amounts.net / 100 }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="start" fontSize={11} />
                <YAxis fontSize={11} />
                <Tooltip formatter={(v) => formatMoney(Math.round(Number(v) * 100))} />
                <Bar dataKey="net" fill="var(--mantine-color-blue-6)" />
              </BarChart>
            </ResponsiveContainer>
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <div>
              <Title order={3} size="h4" mb="xs">{t('revenue.byMethod')}</Title>
              <AmountsTable label={t('revenue.method')} rows={r.byMethod.map((m) => ({ key: m.method, name: methodLabel(m.method), ...m.amounts }))} />
            </div>
            <div>
              <Title order={3} size="h4" mb="xs">{t('revenue.byPlan')}</Title>
              <Table striped data-testid="revenue-plans">
                <Table.Thead><Table.Tr><Table.Th>{t('revenue.plan')}</Table.Th><Table.Th ta="right">{t('revenue.renewals')}</Table.Th><Table.Th ta="right">{t('revenue.charged')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {r.byPlan.map((p) => (
                    <Table.Tr key={`${p.profileID ?? ''}:${p.plan}`}><Table.Td>{p.plan || '—'}</Table.Td><Table.Td ta="right">{p.renewals}</Table.Td><Table.Td ta="right">{formatMoney(p.amount)}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </SimpleGrid>
        </>
      )}
    </>
  );
}
