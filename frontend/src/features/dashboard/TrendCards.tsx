// The dashboard's trend cards: revenue over the last six months and the customers who joined
// this month; each opens the page it summarises.
import { Card, Grid, Group, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDay, formatMonth } from '../../lib/format';

// recharts: fetched once the dashboard's figures are on screen (charts.tsx)
const RevenueBars = lazy(() => import('./charts').then((m) => ({ default: m.RevenueBars })));

const TrendQuery = graphql(`
  query DashboardTrend($from: Time!, $to: Time!) {
    dashboard { newCustomersThisMonth }
    revenue(from: $from, to: $to, period: MONTH) { periods { start amounts { net } } }
  }
`);

/** monthLabel reads "2026-05" as "May 2026" (short: "May"). */
export function monthLabel(m: string, short = false): string {
  return formatMonth(m, short);
}

/** charts: whether the chart may load now (after the figures; see DashboardPage). */
export function TrendCards({ charts }: { charts: boolean }) {
  const { t } = useTranslation('dashboard');
  const range = useMemo(() => {
    const start = dayjs().startOf('month');
    return { from: start.subtract(5, 'month').toISOString(), to: dayjs().toISOString() };
  }, []);
  const [res] = useQuery({ query: TrendQuery, variables: range });
  const months = (res.data?.revenue.periods ?? []).map((p) => ({ month: p.start, net: p.amounts.net }));
  const joined = res.data?.dashboard.newCustomersThisMonth;
  const since = dayjs().startOf('month').format('YYYY-MM-DD');
  return (
    <Grid mb="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
      <Card withBorder padding="lg" h="100%" component={Link} to={`/customers?joined=${since}&sort=JOINED_AT&dir=DESC`} className="stat-link" data-testid="stat-new">
        <Text size="xs" tt="uppercase" fw={600} c="dimmed">{t('trend.newCustomers')}</Text>
        <Text fz={26} fw={700} lh={1.25} data-value>{joined ?? '…'}</Text>
        <Text size="xs" c="dimmed">{t('trend.joinedSince', { day: formatDay(since) })}</Text>
      </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
      <Card withBorder padding="lg" component={Link} to="/reports?tab=revenue" className="stat-link" data-testid="revenue-trend">
        <Group justify="space-between" mb={4}>
          <Title order={2} size="h5">{t('trend.revenue')}</Title>
          <Text size="xs" c="dimmed">{t('trend.net')}</Text>
        </Group>
        <div style={{ width: '100%', height: 120 }} role="img" aria-label={t('trend.revenueChart')}>
          {res.data && charts && (
            <Suspense fallback={null}>
              <RevenueBars data={months} name={t('trend.revenueSeries')} />
            </Suspense>
          )}
        </div>
      </Card>
      </Grid.Col>
    </Grid>
  );
}
