import { Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
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
  const [res] = useQuery({ query: WindowRunsQuery, variables: { planID }, requestPolicy: 'network-only' });
  const runs = res.data?.windowRuns ?? [];
  if (runs.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="window-runs">
      <Text fw={600} size="sm">Latest window edges</Text>
      {runs.map((r) => (
        <Stack key={r.id} gap={4}>
          <Text size="sm">
            {formatDateTime(r.edgeAt)} → <span className="mono">{r.rateLimit}</span>: {r.done} of {r.sessions} sessions changed
            {r.pending > 0 && <Badge ml="xs" variant="light">{r.pending} pending</Badge>}
            {r.unchanged.length > 0 && <Badge ml="xs" color="red" variant="light">{r.unchanged.length} not changed</Badge>}
          </Text>
          {r.unchanged.length > 0 && (
            <Table withTableBorder verticalSpacing={4} data-testid={`unchanged-${r.id}`}>
              <Table.Thead><Table.Tr><Table.Th>User</Table.Th><Table.Th>Outcome</Table.Th><Table.Th>Message</Table.Th><Table.Th>Attempts</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {r.unchanged.map((u) => (
                  <Table.Tr key={u.sessionId}>
                    <Table.Td className="mono">{u.username}</Table.Td><Table.Td>{u.outcome}</Table.Td>
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
