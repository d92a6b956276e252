import { Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatBytes, formatDate, formatDateTime } from '../../lib/format';

export const UsageCardFragment = graphql(`
  fragment UsageCard_customer on Customer {
    id
    usage { periodStart bytesIn bytesOut limitBytes }
    dailyUsage(days: 366) { day bytesIn bytesOut }
    profile { id validityDays }
  }
`);

export const UsageSessionsFragment = graphql(`
  fragment UsageCard_sessions on SessionConnection { edges { node { id bytesIn bytesOut } } }
`);

/**
 * Cumulative usage over the period, from the per-day totals (UTC days; the period's first day
 * counts from the period start on), ending at the live total.
 */
export function usageSeries(periodStart: string, total: number, days: { day: string; bytesIn: number; bytesOut: number }[]) {
  const start = dayjs(periodStart).valueOf();
  const firstDay = new Date(start).toISOString().slice(0, 10);
  const now = Date.now();
  const pts = [{ t: start, used: 0 }];
  let sum = 0;
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    if (d.day < firstDay) continue;
    sum += d.bytesIn + d.bytesOut;
    const endOfDay = Date.parse(`${d.day}T23:59:59Z`);
    pts.push({ t: Math.max(start, Math.min(endOfDay, now)), used: Math.min(sum, total) });
  }
  pts.push({ t: Math.max(now, pts[pts.length - 1].t), used: total });
  return pts;
}

type Counted = { id: string; bytesIn: number; bytesOut: number };

/** Each session's counters when the usage total was read: what they grew by since counts on top. */
export type UsageBaseline = Record<string, { bytesIn: number; bytesOut: number }>;

export function usageBaseline(sessions: Counted[]): UsageBaseline {
  return Object.fromEntries(sessions.map((s) => [s.id, { bytesIn: s.bytesIn, bytesOut: s.bytesOut }]));
}

/**
 * The bytes the sessions moved since the usage total was read, each way: the growth of every
 * session then known, plus all of any session started since.
 */
export function liveGrowth(baseline: UsageBaseline, sessions: Counted[]): { bytesIn: number; bytesOut: number } {
  let bytesIn = 0;
  let bytesOut = 0;
  for (const s of sessions) {
    const b = baseline[s.id] ?? { bytesIn: 0, bytesOut: 0 };
    bytesIn += Math.max(0, s.bytesIn - b.bytesIn);
    bytesOut += Math.max(0, s.bytesOut - b.bytesOut);
  }
  return { bytesIn, bytesOut };
}

/** The data used this period, growing with the sessions' live counters, against the cap. */
export function UsageCard(props: { customer: FragmentType<typeof UsageCardFragment>; sessions: FragmentType<typeof UsageSessionsFragment> }) {
  const c = useFragment(UsageCardFragment, props.customer);
  const { t, i18n } = useTranslation('customer');
  // the chart's ticks: a short day and month in the chosen language ("7 Dec", "7 des", ...)
  const tickDay = useMemo(() => new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric' }), [i18n.language]);
  const conn = useFragment(UsageSessionsFragment, props.sessions);
  const sessions = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const base = c.usage.bytesIn + c.usage.bytesOut;
  // the total as read, and the sessions' counters at that moment; re-taken when it is read again
  const readKey = `${c.usage.periodStart}|${base}`;
  const [read, setRead] = useState(() => ({ key: readKey, baseline: usageBaseline(sessions) }));
  if (read.key !== readKey) setRead({ key: readKey, baseline: usageBaseline(sessions) });
  const grown = liveGrowth(read.baseline, sessions);
  const down = c.usage.bytesOut + grown.bytesOut;
  const up = c.usage.bytesIn + grown.bytesIn;
  const used = down + up;
  const limit = c.usage.limitBytes;
  const pct = limit ? Math.min(100, (used / limit) * 100) : 0;
  const data = useMemo(() => usageSeries(c.usage.periodStart, used, c.dailyUsage), [c.usage.periodStart, used, c.dailyUsage]);
  // the whole subscription period, so the line shows how far into it the customer is
  const periodStart = dayjs(c.usage.periodStart).valueOf();
  const periodEnd = Math.max(Date.now(), dayjs(c.usage.periodStart).add(c.profile.validityDays, 'day').valueOf());
  const periodTicks = Array.from({ length: 5 }, (_, i) => periodStart + ((periodEnd - periodStart) * i) / 4);
  return (
    <Card withBorder padding="lg" h="100%">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">{t('usage.title')}</Title>
        <Text size="sm" fw={600} data-testid="usage-total">
          {limit ? t('usage.ofCap', { used: formatBytes(used), cap: formatBytes(limit) }) : t('usage.noCap', { used: formatBytes(used) })}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('usage.since', { date: formatDate(c.usage.periodStart) })} · ↓ {formatBytes(down)} · ↑ {formatBytes(up)}
      </Text>
      {limit != null && <Progress value={pct} color={pct >= 100 ? 'red' : pct > 80 ? 'orange' : 'blue'} mb="sm" aria-label={t('usage.shareAria')} />}
      <div style={{ width: '100%', height: 180 }} role="img" aria-label={t('usage.chartAria')}>
        {used === 0 && !limit ? (
          <Stack h="100%" justify="center" align="center"><Text size="sm" c="dimmed">{t('usage.nothing')}</Text></Stack>
        ) : (
        <ResponsiveContainer>
          <AreaChart data={data} margin={{ left: 0, right: 24, top: 10 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-gray-3)" />
            <XAxis dataKey="t" type="number" scale="time" domain={[periodStart, periodEnd]} ticks={periodTicks} interval={0} tickFormatter={(ms: number) => tickDay.format(ms)} fontSize={11} />
            <YAxis tickFormatter={(b: number) => formatBytes(b)} fontSize={11} width={72} domain={[0, (m: number) => Math.max(m, limit ?? 0)]} />
            <ChartTooltip labelFormatter={(ms) => formatDateTime(new Date(Number(ms)).toISOString())} formatter={(v) => formatBytes(Number(v))} />
            {limit != null && <ReferenceLine y={limit} stroke="var(--mantine-color-red-6)" strokeDasharray="4 4" label={{ value: t('usage.capLine'), fontSize: 11, fill: 'var(--mantine-color-red-7)' }} />}
            <Area type="stepAfter" dataKey="used" name={t('usage.used')} stroke="var(--mantine-color-blue-7)" fill="var(--mantine-color-blue-2)" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
