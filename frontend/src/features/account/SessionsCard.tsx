// The caller's active sign-ins, each with where and when, and a way to end it.
import { Badge, Button, Card, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { i18n } from '../../i18n';
import { formatDateTime, fromNow } from '../../lib/format';

const MySessions = graphql(`
  query MySessions { mySessions { id createdAt lastUsedAt address userAgent current } }
`);
const EndSession = graphql(`
  mutation EndSession($id: ID!) { endSession(id: $id) }
`);

/** A browser's name from its user agent, as people call it. */
export function browserName(ua: string): string {
  if (!ua) return i18n.t('account:browser.unknown');
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  const b = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : ua.split(/[ /]/)[0];
  return os ? i18n.t('account:browser.on', { browser: b, os }) : b;
}

export function SessionsCard() {
  const { t } = useTranslation('account');
  const [res, refetch] = useQuery({ query: MySessions, requestPolicy: 'cache-and-network' });
  const [, end] = useMutation(EndSession);
  const rows = res.data?.mySessions ?? [];
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h4" mb={4}>{t('sessions.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('sessions.intro')}</Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" data-testid="my-sessions">
          <Table.Thead><Table.Tr><Table.Th>{t('sessions.browser')}</Table.Th><Table.Th>{t('sessions.address')}</Table.Th><Table.Th>{t('sessions.signedIn')}</Table.Th><Table.Th>{t('sessions.lastUsed')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{browserName(s.userAgent)} {s.current && <Badge size="sm" ml={4}>{t('sessions.thisOne')}</Badge>}</Table.Td>
                <Table.Td className="mono">{s.address || '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                <Table.Td>{fromNow(s.lastUsedAt ?? s.createdAt)}</Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button size="xs" variant="subtle" color="red" onClick={async () => {
                      const r = await end({ id: s.id });
                      notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('sessions.ended') });
                      refetch({ requestPolicy: 'network-only' });
                    }}>{t('sessions.signOut')}</Button>
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
