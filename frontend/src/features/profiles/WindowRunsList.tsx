import { Badge, Stack, Table, Text } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { OutcomeBadge } from '../../components/Outcome';
import { graphql } from '../../gql';
import type { ActionOutcome } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

const WindowRunsQuery = graphql(`
  query WindowRuns($planID: ID) {
    windowRuns(planID: $planID, first: 5) {
      id edgeAt rateLimit sessions done pending
      unchanged { sessionId username outcome message attempts }
    }
  }
`);

/** The latest window edges of a plan: how many sessions were changed, and those that could not be. */
export function WindowRunsList({ planID }: { planID: string }) {
  const { t } = useTranslation('profiles');
  const [res] = useQuery({ query: WindowRunsQuery, variables: { planID }, requestPolicy: 'network-only' });
  const runs = res.data?.windowRuns ?? [];
  if (runs.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="window-runs">
      <Text fw={600} size="sm">{t('runs.title')}</Text>
      {runs.map((r) => (
        <Stack key={r.id} gap={4}>
          <Text size="sm">
            <Trans
              t={t}
              i18nKey="runs.edge"
              count={r.sessions}
              values={{ at: formatDateTime(r.edgeAt), rate: r.rateLimit, done: r.done }}
              components={{ mono: <span className="mono" /> }}
            />
            {r.pending > 0 && <Badge ml="xs" variant="light">{t('runs.pending', { count: r.pending })}</Badge>}
            {r.unchanged.length > 0 && <Badge ml="xs" color="red" variant="light">{t('runs.notChanged', { count: r.unchanged.length })}</Badge>}
          </Text>
          {r.unchanged.length > 0 && (
            <Table withTableBorder verticalSpacing={4} data-testid={`unchanged-${r.id}`}>
              <Table.Thead><Table.Tr><Table.Th>{t('runs.user')}</Table.Th><Table.Th>{t('runs.outcome')}</Table.Th><Table.Th>{t('runs.message')}</Table.Th><Table.Th>{t('runs.attempts')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {r.unchanged.map((u) => (
                  <Table.Tr key={u.sessionId}>
                    <Table.Td className="mono">{u.username}</Table.Td><Table.Td><OutcomeBadge outcome={u.outcome as ActionOutcome} /></Table.Td>
                    <Table.Td>{u.message}</Table.Td><Table.Td>{u.attempts}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
