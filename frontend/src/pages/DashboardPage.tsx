import { Card, Group, SimpleGrid, Table, Text, Title, Anchor, Stack, ThemeIcon } from '@mantine/core';
import { IconWifi, IconWifiOff, IconClockX, IconCash } from '@tabler/icons-react';
import { Link } from '../lib/router';
import { useQuery } from 'urql';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate, formatMoney, fromNow } from '../lib/format';
import { useStatusChanges, useThrottled } from '../lib/live';
import { useAfterPaint } from '../lib/later';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TrendCards } from '../features/dashboard/TrendCards';
import { RadiusDashboardCards } from '../features/radiuslog/RadiusDashboardCards';
import { PoolUsageCard } from '../features/pools/PoolUsageCard';

// recharts: fetched once the figures are on screen (features/dashboard/charts.tsx)
const OnlineChart = lazy(() => import('../features/dashboard/charts').then((m) => ({ default: m.OnlineChart })));

const DashboardQuery = graphql(`
  query Dashboard {
    dashboard {
      online
      offline
      expired
      revenueThisMonth
      expiringSoon(days: 7)
      onlineHistory(hours: 24) { at online }
    }
  }
`);

const ExpiringQuery = graphql(`
  query Expiring($from: Time!, $to: Time!) {
    customers(first: 20, where: { expiresAtGT: $from, expiresAtLTE: $to },
              orderBy: { field: EXPIRES_AT, direction: ASC }) {
      totalCount
      edges { node { id accountNo username phone expiresAt connectionStatus profile { id name } } }
    }
  }
`);

/** A figure card; `to` is the list it counts (with that list's URL filters). */
export function Stat({ label, value, color, icon: Icon, testid, to }: { label: string; value: React.ReactNode; color: string; icon: typeof IconWifi; testid: string; to: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <Card withBorder padding="lg" data-testid={testid} component={Link} to={to} className="stat-link" aria-label={t('openList', { label })}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text size="xs" tt="uppercase" fw={600} c="dimmed">{label}</Text>
          <Text fz={26} fw={700} lh={1.25} style={{ whiteSpace: 'nowrap' }} data-value>{value}</Text>
        </div>
        <ThemeIcon size={46} radius="md" variant="light" color={color}>
          <Icon size={26} stroke={1.6} />
        </ThemeIcon>
      </Group>
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const [res, refetch] = useQuery({ query: DashboardQuery });
  const range = useMemo(() => ({ from: new Date().toISOString(), to: dayjs().add(7, 'day').toISOString() }), []);
  const [exp, refetchExp] = useQuery({ query: ExpiringQuery, variables: range });
  // The counts, the online history and which customers expire this week are computed on the
  // server; a pushed status change updates the rows through the cache but not these: they are
  // asked again (throttled) on status changes, and the history every minute.
  const refresh = useThrottled(() => {
    refetch({ requestPolicy: 'network-only' });
    refetchExp({ requestPolicy: 'network-only' });
  }, 1000);
  useStatusChanges(refresh);
  useEffect(() => {
    const id = setInterval(() => refetch({ requestPolicy: 'network-only' }), 60_000);
    return () => clearInterval(id);
  }, [refetch]);
  const d = res.data?.dashboard;
  const charts = useAfterPaint(!!d);
  const expiring = (exp.data?.customers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const history = (d?.onlineHistory ?? []).map((p) => ({ t: dayjs(p.at).valueOf(), online: p.online }));
  // a fixed 24-hour window ending now, ticks on every fourth hour
  const dayEnd = dayjs().valueOf();
  const dayStart = dayEnd - 24 * 3600 * 1000;
  const ticks = Array.from({ length: 6 }, (_, i) => dayjs(dayStart).startOf('hour').add(4 * (i + 1), 'hour').valueOf());

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <QueryError error={res.error} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
        <Stat label={t('online')} value={d?.online ?? '…'} color="green" icon={IconWifi} testid="stat-online" to="/customers?status=ONLINE" />
        <Stat label={t('offline')} value={d?.offline ?? '…'} color="gray" icon={IconWifiOff} testid="stat-offline" to="/customers?status=OFFLINE" />
        <Stat label={t('expired')} value={d?.expired ?? '…'} color="red" icon={IconClockX} testid="stat-expired" to="/customers?status=EXPIRED" />
        <Stat label={t('revenueThisMonth')} value={d ? formatMoney(d.revenueThisMonth) : '…'} color="blue" icon={IconCash} testid="stat-revenue" to="/reports?tab=revenue" />
      </SimpleGrid>
      <TrendCards charts={charts} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">{t('history.title')}</Title>
          <div style={{ width: '100%', height: 260 }} role="img" aria-label={t('history.chart')}>
            {history.length > 0 ? (
              charts && (
                <Suspense fallback={null}>
                  <OnlineChart data={history} dayStart={dayStart} dayEnd={dayEnd} ticks={ticks} name={t('online')} />
                </Suspense>
              )
            ) : (
              <Stack h="100%" justify="center" align="center">
                <Text c="dimmed" size="sm">{t('history.empty')}</Text>
              </Stack>
            )}
          </div>
        </Card>
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">{t('expiring.title')}</Title>
            <Anchor component={Link} to="/customers?expiring=7&sort=EXPIRES_AT&dir=ASC" size="sm" data-testid="expiring-count">{t('expiring.customers', { count: d?.expiringSoon ?? 0 })}</Anchor>
          </Group>
          {expiring.length === 0 ? (
            <Text c="dimmed" size="sm">{t('expiring.none')}</Text>
          ) : (
            // a plain scrolling box: Table.ScrollContainer's ScrollArea would bring the popover library
            <div className="table-scroll" style={{ maxHeight: 260 }}>
              <Table striped highlightOnHover miw={420}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('expiring.account')}</Table.Th><Table.Th>{t('expiring.username')}</Table.Th><Table.Th>{t('expiring.profile')}</Table.Th>
                    <Table.Th>{t('expiring.expires')}</Table.Th><Table.Th>{t('expiring.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {expiring.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td className="mono">{c.accountNo}</Table.Td>
                      <Table.Td><Anchor component={Link} to={`/customers/${c.id}`}>{c.username}</Anchor></Table.Td>
                      <Table.Td>{c.profile.name}</Table.Td>
                      <Table.Td title={formatDate(c.expiresAt)}>{fromNow(c.expiresAt)}</Table.Td>
                      <Table.Td><StatusBadge status={c.connectionStatus} /></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Card>
        <RadiusDashboardCards />
        <PoolUsageCard />
      </SimpleGrid>
    </>
  );
}
