import { Badge, Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';

export const AuthEventsTableFragment = graphql(`
  fragment AuthEventsTable_authEvents on AuthEventConnection {
    edges { node { id result reason detail method callingStationId createdAt nas { id name } } }
  }
`);

// The list's arguments live here once: the page spreads this fragment, and the refresh below
// asks for exactly the same field.
export const CustomerAuthEventsFragment = graphql(`
  fragment CustomerAuthEvents_customer on Customer {
    id authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount ...AuthEventsTable_authEvents }
  }
`);

/**
 * The attempts are recorded by the RADIUS server and pushed by no subscription: a customer
 * whose status just changed has just made one, so the list is asked again (lib/live throttles).
 */
export const RefreshAuthEventsQuery = graphql(`
  query RefreshCustomerAuthEvents($id: ID!) { customer(id: $id) { id ...CustomerAuthEvents_customer } }
`);

export const reasonText: Record<string, string> = {
  OK: 'Accepted',
  UNKNOWN_USER: 'Unknown username',
  WRONG_PASSWORD: 'Wrong password',
  SUSPENDED: 'Account suspended',
  DISABLED: 'Account disabled',
  EXPIRED: 'Subscription expired',
  DATA_CAP: 'Data cap reached',
  TOO_MANY_SESSIONS: 'Already connected (session limit)',
  MAC_MISMATCH: 'Router MAC does not match the MAC lock',
  ARCHIVED: 'Customer archived',
};

/** The customer's RADIUS authentication attempts, newest first, with the reason of each refusal. */
export function AuthEventsTable(props: { authEvents: FragmentType<typeof AuthEventsTableFragment> }) {
  const conn = useFragment(AuthEventsTableFragment, props.authEvents);
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (rows.length === 0) return <Text size="sm" c="dimmed">No authentication attempts recorded.</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={6} data-testid="auth-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th><Table.Th>Result</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Method</Table.Th>
            <Table.Th>MAC</Table.Th><Table.Th>Router</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
              <Table.Td><Badge color={a.result === 'ACCEPT' ? 'green' : 'red'} variant="light">{a.result.toLowerCase()}</Badge></Table.Td>
              <Table.Td>
                <Text size="sm">{reasonText[a.reason] ?? a.reason}</Text>
                {a.detail && <Text size="xs" c="dimmed">{a.detail}</Text>}
              </Table.Td>
              <Table.Td>{a.method}</Table.Td>
              <Table.Td className="mono">{a.callingStationId ?? '—'}</Table.Td>
              <Table.Td>{a.nas?.name ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
