import { Badge, Button, Card, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router';
import { Anchor } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { NotificationStatus } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { formatDateTime, fromNow } from '../lib/format';

const NotificationsQuery = graphql(`
  query Notifications($first: Int!, $after: Cursor, $where: NotificationWhereInput) {
    notifications(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id channel kind recipient subject body status attempts lastError nextAttemptAt sentAt createdAt customer { id username } } }
    }
  }
`);

const statusColor: Record<NotificationStatus, string> = { PENDING: 'yellow', SENT: 'green', FAILED: 'red' };

export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const [status, setStatus] = useState('ALL');
  // "Load more" asks for the page after the last one shown; the cache appends it (relay pagination)
  const [more, setMore] = useState<{ status: string; after: string | null }>({ status: 'ALL', after: null });
  const after = more.status === status ? more.after : null;
  const [res] = useQuery({
    query: NotificationsQuery,
    variables: { first: 50, after, where: status === 'ALL' ? null : { status: status as NotificationStatus } },
  });
  const rows = (res.data?.notifications.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <SegmentedControl mb="sm" value={status} onChange={setStatus} aria-label={t('filterByStatus')}
          data={[{ value: 'ALL', label: t('all') }, ...(['PENDING', 'SENT', 'FAILED'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))]} />
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid="notifications-table">
            <Table.Thead><Table.Tr><Table.Th>{t('col.created')}</Table.Th><Table.Th>{t('col.customer')}</Table.Th><Table.Th>{t('col.channel')}</Table.Th><Table.Th>{t('col.message')}</Table.Th><Table.Th>{t('col.status')}</Table.Th><Table.Th>{t('col.attempts')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(n.createdAt)}</Table.Td>
                  <Table.Td>{n.customer ? <Anchor component={Link} to={`/customers/${n.customer.id}`}>{n.customer.username}</Anchor> : '—'}</Table.Td>
                  <Table.Td><Badge variant="light">{t(`channel.${n.channel}`)}</Badge><Text size="xs" c="dimmed" className="mono">{n.recipient}</Text></Table.Td>
                  <Table.Td><Text size="sm" fw={500}>{n.subject || n.kind}</Text><Text size="xs" c="dimmed" lineClamp={2} maw={360}>{n.body}</Text></Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[n.status]} variant="light">{t(`status.${n.status}`)}</Badge>
                    {n.status === 'SENT' && <Text size="xs" c="dimmed">{fromNow(n.sentAt)}</Text>}
                    {n.status === 'PENDING' && <Text size="xs" c="dimmed">{t('next', { when: fromNow(n.nextAttemptAt) })}</Text>}
                  </Table.Td>
                  <Table.Td>
                    {n.lastError ? <Tooltip label={n.lastError} multiline w={300}><Text size="sm" c="red.7">{t('attemptsError', { count: n.attempts })}</Text></Tooltip> : n.attempts}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="md">{t('empty')}</Text>}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">{t('shown', { shown: rows.length, count: res.data?.notifications.totalCount ?? 0 })}</Text>
          {res.data?.notifications.pageInfo.hasNextPage && <Button variant="default" size="xs" onClick={() => setMore({ status, after: res.data?.notifications.pageInfo.endCursor ?? null })}>{t('loadMore')}</Button>}
        </Group>
      </Card>
    </>
  );
}
