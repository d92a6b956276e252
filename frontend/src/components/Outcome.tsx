import { Badge, Stack, Table, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ActionOutcome } from '../gql/graphql';

// Label and help text: outcome.<OUTCOME>.label/help in the common namespace.
const colors: Record<ActionOutcome, MantineColor> = {
  ACK: 'green', NAK: 'red', TIMEOUT: 'orange', API_REMOVED: 'green', PENDING: 'gray', ERROR: 'red',
};

export function OutcomeBadge({ outcome }: { outcome: ActionOutcome }) {
  const { t } = useTranslation();
  const known = outcome in colors;
  return (
    <Badge color={colors[outcome] ?? 'gray'} variant="light" title={known ? t(`outcome.${outcome}.help`) : ''} data-outcome={outcome}>
      {known ? t(`outcome.${outcome}.label`) : outcome}
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
  const { t } = useTranslation();
  if (actions.length === 0) return <Text size="sm" c="dimmed" data-testid="outcomes-empty">{empty}</Text>;
  return (
    <Table data-testid="outcomes" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr><Table.Th>{t('outcome.session')}</Table.Th><Table.Th>{t('outcome.router')}</Table.Th><Table.Th>{t('outcome.answer')}</Table.Th></Table.Tr>
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
