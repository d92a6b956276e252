// The caller's active sign-ins, each with where and when, and a way to end it.
import { Badge, Button, Card, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, fromNow } from '../../lib/format';

const MySessions = graphql(`
  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }
`);
const EndSession = graphql(`
  mutation EndSession($id: ID!) { endSession(id: $id) }
`);

/** A browser's name from its user agent, as people call it. */
export function browserName(ua: string): string {
  if (!ua) return 'Unknown browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  const b = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : ua.split(/[ /]/)[0];
  return os ? `${b} on ${os}` : b;
}

export function SessionsCard() {
  const [res, refetch] = useQuery({ query: MySessions, requestPolicy: 'cache-and-network' });
  const [, end] = useMutation(EndSession);
  const rows = res.data?.mySessions ?? [];
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h4" mb={4}>Where you are signed in</Title>
      <Text size="sm" c="dimmed" mb="sm">End a sign-in you do not recognise, then change your password.</Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" data-testid="my-sessions">
          <Table.Thead><Table.Tr><Table.Th>Browser</Table.Th><Table.Th>Address</Table.Th><Table.Th>Signed in</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{browserName(s.userAgent)} {s.current && <Badge size="sm" ml={4}>this one</Badge>}</Table.Td>
                <Table.Td className="mono">{s.address || '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                <Table.Td>{fromNow(s.lastUsedAt ?? s.createdAt)}</Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button size="xs" variant="subtle" color="red" onClick={async () => {
                      const r = await end({ id: s.id });
                      notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: 'Signed out there' });
                      refetch({ requestPolicy: 'network-only' });
                    }}>Sign out</Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
