// The dashboard's RADIUS cards: each router's health (online sessions, failures in the last
// hour) and the authentication failures of the last hour by reason. Each opens its list.
import { Anchor, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { routerHealth } from './RadiusCounts';
import { reasonText } from './reasons';

const RadiusDashboardQuery = graphql(`
  query RadiusDashboard {
    radiusTotals { lastHour { rejects drops authFailures byReason { kind reason reasonCode count } } }
    nasDevices(first: 50) {
      edges { node { id name lastSeenAt activeSessions radiusCounts { lastHour { accepts rejects drops authFailures } } } }
    }
  }
`);

export function RadiusDashboardCards() {
  const { t } = useTranslation('radiuslog');
  const [res] = useQuery({ query: RadiusDashboardQuery });
  const tot = res.data?.radiusTotals.lastHour;
  const routers = (res.data?.nasDevices.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <Card withBorder padding="lg" data-testid="card-router-health">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('cards.health')}</Title>
          <Anchor component={Link} to="/nas" size="sm">{t('cards.allRouters')}</Anchor>
        </Group>
        {routers.length === 0 ? <Text size="sm" c="dimmed">{t('cards.noRouter')}</Text> : (
          <Table verticalSpacing={4}>
            <Table.Thead><Table.Tr><Table.Th>{t('cards.router')}</Table.Th><Table.Th>{t('cards.healthColumn')}</Table.Th><Table.Th ta="right">{t('cards.online')}</Table.Th><Table.Th ta="right">{t('cards.failures')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {routers.map((n) => {
                const h = n.radiusCounts.lastHour;
                const health = routerHealth(n.lastSeenAt, h.authFailures);
                return (
                  <Table.Tr key={n.id}>
                    <Table.Td><Anchor component={Link} to={`/nas/${encodeURIComponent(n.id)}`} size="sm">{n.name}</Anchor></Table.Td>
                    <Table.Td><Badge color={health.color} variant="light">{health.label}</Badge></Table.Td>
                    <Table.Td ta="right">{n.activeSessions}</Table.Td>
                    <Table.Td ta="right"><Text span size="sm" c={h.rejects + h.drops ? 'red.7' : undefined}>{h.rejects + h.drops}</Text></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder padding="lg" data-testid="card-auth-failures">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('cards.authFailures')}</Title>
          <Anchor component={Link} to="/radius-log" size="sm">{t('title')}</Anchor>
        </Group>
        <Text size="xl" fw={700} data-testid="auth-failures-total">{tot ? tot.rejects + tot.drops : '…'}</Text>
        <Text size="xs" c="dimmed" mb="xs">{tot ? t('cards.summary', { rejects: tot.rejects, drops: tot.drops, wrongSecret: tot.authFailures }) : ''}</Text>
        {tot?.byReason.slice(0, 5).map((r) => (
          <Group key={r.kind + r.reasonCode} justify="space-between"><Text size="sm">{reasonText(r.reasonCode, r.reason)}</Text><Text size="sm" fw={600}>{r.count}</Text></Group>
        ))}
      </Card>
    </>
  );
}
