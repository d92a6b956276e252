import { Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatBytes, formatDateTime, formatDuration, sessionDuration } from '../../lib/format';

export const SessionRowFragment = graphql(`
  fragment SessionRow_session on Session {
    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut
    terminateCause open nas { id name }
  }
`);

export const SessionsTableFragment = graphql(`
  fragment SessionsTable_sessions on SessionConnection { edges { node { id ...SessionRow_session } } }
`);

function SessionRow(props: { session: FragmentType<typeof SessionRowFragment> }) {
  const s = useFragment(SessionRowFragment, props.session);
  const { t } = useTranslation('customer');
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(s.startedAt)}</Table.Td>
      <Table.Td data-testid="session-duration">{formatDuration(sessionDuration(s))}</Table.Td>
      <Table.Td className="mono">{s.framedIp ?? '—'}</Table.Td>
      <Table.Td className="mono">{s.callingStationId ?? '—'}</Table.Td>
      <Table.Td>{s.nas.name}</Table.Td>
      <Table.Td>{formatBytes(s.bytesOut)} / {formatBytes(s.bytesIn)}</Table.Td>
      <Table.Td>
        {s.open ? <Badge color="green" variant="light">{t('sessions.open')}</Badge> : (
          <Stack gap={0}>
            <Text size="sm">{s.terminateCause ?? '—'}</Text>
            <Text size="xs" c="dimmed">{formatDateTime(s.stoppedAt)}</Text>
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The connection history, newest first. */
export function SessionsTable(props: { sessions: FragmentType<typeof SessionsTableFragment> }) {
  const conn = useFragment(SessionsTableFragment, props.sessions);
  const { t } = useTranslation('customer');
  const nodes = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (nodes.length === 0) return <Text size="sm" c="dimmed">{t('sessions.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={6} data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sessions.started')}</Table.Th><Table.Th>{t('sessions.duration')}</Table.Th><Table.Th>{t('sessions.ip')}</Table.Th>
            <Table.Th>{t('sessions.mac')}</Table.Th><Table.Th>{t('sessions.router')}</Table.Th><Table.Th>{t('sessions.downUp')}</Table.Th>
            <Table.Th>{t('sessions.ended')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map((s) => <SessionRow key={s.id} session={s} />)}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
