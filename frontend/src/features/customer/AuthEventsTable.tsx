import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AuthReason } from '../../gql/graphql';
import { i18n } from '../../i18n';
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

/** Why RADIUS answered as it did, in the current language (customer:auth.reason.<REASON>). */
export function reasonText(reason: AuthReason): string {
  return i18n.t(`customer:auth.reason.${reason}`, { defaultValue: reason });
}

/** The customer's RADIUS authentication attempts, newest first, with the reason of each refusal. */
export function AuthEventsTable(props: { authEvents: FragmentType<typeof AuthEventsTableFragment> }) {
  const conn = useFragment(AuthEventsTableFragment, props.authEvents);
  const { t } = useTranslation('customer');
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (rows.length === 0) return <Text size="sm" c="dimmed">{t('auth.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={6} data-testid="auth-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auth.time')}</Table.Th><Table.Th>{t('auth.result')}</Table.Th><Table.Th>{t('auth.reasonHeader')}</Table.Th>
            <Table.Th>{t('auth.method')}</Table.Th><Table.Th>{t('auth.mac')}</Table.Th><Table.Th>{t('auth.router')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
              <Table.Td><Badge color={a.result === 'ACCEPT' ? 'green' : 'red'} variant="light">{t(`auth.resultValue.${a.result}`)}</Badge></Table.Td>
              <Table.Td>
                <Text size="sm">{reasonText(a.reason)}</Text>
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
