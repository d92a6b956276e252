// A router's RADIUS counts (accepts, rejects by reason, drops by reason; last hour and day)
// and the health they give it: a router whose packets fail authentication (a wrong shared
// secret) is not healthy, whatever it last sent.
import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { i18n } from '../../i18n';
import { reasonText } from './reasons';
import { nasHealth } from '../nas/health';

export const RadiusCountsFragment = graphql(`
  fragment RadiusCounts_nas on Nas {
    lastSeenAt
    radiusCounts {
      lastHour { accepts rejects drops authFailures byReason { kind reason reasonCode count } }
      lastDay { accepts rejects drops authFailures byReason { kind reason reasonCode count } }
    }
  }
`);

type Window = { accepts: number; rejects: number; drops: number; authFailures: number; byReason: { kind: string; reason: string; reasonCode: string; count: number }[] };

/** The router's health: wrong secret first (its packets are dropped), else how recently it spoke. */
export function routerHealth(lastSeenAt: string | null | undefined, authFailuresLastHour: number): { label: string; color: string } {
  if (authFailuresLastHour > 0) return { label: i18n.t('health.wrongSecret', { ns: 'nas' }), color: 'red' };
  return nasHealth(lastSeenAt);
}

/** The health badge, with the failures counted when the secret is wrong. */
export function RouterHealthBadge({ nas }: { nas: FragmentType<typeof RadiusCountsFragment> }) {
  const { t } = useTranslation('radiuslog');
  const n = useFragment(RadiusCountsFragment, nas);
  const fails = n.radiusCounts?.lastHour.authFailures ?? 0; // (absent while a cached row lacks it)
  const h = routerHealth(n.lastSeenAt, fails);
  return (
    <Stack gap={2}>
      <Badge color={h.color} variant="light" data-testid="router-health">{h.label}</Badge>
      {fails > 0 && <Text size="xs" c="red.7" data-testid="auth-failures">{t('counts.failedAuth', { count: fails })}</Text>}
    </Stack>
  );
}

function WindowTable({ title, w }: { title: string; w: Window }) {
  const { t } = useTranslation('radiuslog');
  return (
    <div>
      <Text fw={600} size="sm" mb={4}>{title}</Text>
      <Group gap="lg" mb="xs">
        <Text size="sm">{t('counts.accepted')} <b>{w.accepts}</b></Text>
        <Text size="sm">{t('counts.rejected')} <b>{w.rejects}</b></Text>
        <Text size="sm" c={w.drops ? 'red.7' : undefined}>{t('counts.dropped')} <b>{w.drops}</b></Text>
      </Group>
      {w.byReason.length === 0 ? <Text size="sm" c="dimmed">{t('counts.none')}</Text> : (
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {w.byReason.map((r) => (
              <Table.Tr key={r.kind + r.reasonCode}>
                <Table.Td><Badge size="xs" variant="light" color={r.kind === 'DROP' ? 'red' : 'orange'}>{r.kind === 'DROP' ? t('counts.kindDropped') : t('counts.kindRejected')}</Badge></Table.Td>
                <Table.Td><Text size="sm">{reasonText(r.reasonCode, r.reason)}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm" fw={600}>{r.count}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}

/** The router's counts over the last hour and the last day. */
export function RouterRadiusCounts({ nas }: { nas: FragmentType<typeof RadiusCountsFragment> }) {
  const { t } = useTranslation('radiuslog');
  const n = useFragment(RadiusCountsFragment, nas);
  if (!n.radiusCounts) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="radius-counts">
      <WindowTable title={t('counts.lastHour')} w={n.radiusCounts.lastHour} />
      <WindowTable title={t('counts.lastDay')} w={n.radiusCounts.lastDay} />
    </SimpleGrid>
  );
}
