import { Badge, Stack, Table, Text, type MantineColor } from '@mantine/core';
import type { ActionOutcome } from '../gql/graphql';

const outcomes: Record<ActionOutcome, { label: string; color: MantineColor; help: string }> = {
  ACK: { label: 'ACK', color: 'green', help: 'The router confirmed it' },
  NAK: { label: 'NAK', color: 'red', help: 'The router refused' },
  TIMEOUT: { label: 'Timeout', color: 'orange', help: 'The router did not answer' },
  API_REMOVED: { label: 'Removed via API', color: 'green', help: 'Removed through the RouterOS API' },
  PENDING: { label: 'Pending', color: 'gray', help: 'Queued; the router will be asked again' },
  ERROR: { label: 'Error', color: 'red', help: 'Could not ask the router' },
};

export function OutcomeBadge({ outcome }: { outcome: ActionOutcome }) {
  const o = outcomes[outcome] ?? { label: outcome, color: 'gray', help: '' };
  return (
    <Badge color={o.color} variant="light" title={o.help} data-outcome={outcome}>
      {o.label}
    </Badge>
  );
}

export interface SessionActionView {
  outcome: ActionOutcome;
  message?: string | null;
  session: { id: string; acctSessionId: string; framedIp?: string | null; nas: { name: string } };
}

/** The router's answer for each session an action touched. */
export function OutcomeList({ actions, empty }: { actions: SessionActionView[]; empty: string }) {
  if (actions.length === 0) return <Text size="sm" c="dimmed" data-testid="outcomes-empty">{empty}</Text>;
  return (
    <Table data-testid="outcomes" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr><Table.Th>Session</Table.Th><Table.Th>Router</Table.Th><Table.Th>Answer</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {actions.map((a) => (
          <Table.Tr key={a.session.id}>
            <Table.Td>
              <Stack gap={0}>
                <Text size="sm" className="mono">{a.session.acctSessionId}</Text>
                {a.session.framedIp && <Text size="xs" c="dimmed">{a.session.framedIp}</Text>}
              </Stack>
            </Table.Td>
            <Table.Td>{a.session.nas.name}</Table.Td>
            <Table.Td>
              <OutcomeBadge outcome={a.outcome} />
              {a.message && <Text size="xs" c="dimmed">{a.message}</Text>}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
