import { Badge, Button, Card, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
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
      <PageHeader title="Notifications" subtitle="Renewal reminders and other messages waiting, sent or failed" />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <SegmentedControl mb="sm" value={status} onChange={setStatus} aria-label="Filter by status"
          data={[{ value: 'ALL', label: 'All' }, { value: 'PENDING', label: 'Pending' }, { value: 'SENT', label: 'Sent' }, { value: 'FAILED', label: 'Failed' }]} />
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid="notifications-table">
            <Table.Thead><Table.Tr><Table.Th>Created</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Channel</Table.Th><Table.Th>Message</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(n.createdAt)}</Table.Td>
                  <Table.Td>{n.customer ? <Anchor component={Link} to={`/customers/${n.customer.id}`}>{n.customer.username}</Anchor> : '—'}</Table.Td>
                  <Table.Td><Badge variant="light">{n.channel.toLowerCase()}</Badge><Text size="xs" c="dimmed" className="mono">{n.recipient}</Text></Table.Td>
                  <Table.Td><Text size="sm" fw={500}>{n.subject || n.kind}</Text><Text size="xs" c="dimmed" lineClamp={2} maw={360}>{n.body}</Text></Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[n.status]} variant="light">{n.status.toLowerCase()}</Badge>
                    {n.status === 'SENT' && <Text size="xs" c="dimmed">{fromNow(n.sentAt)}</Text>}
                    {n.status === 'PENDING' && <Text size="xs" c="dimmed">next {fromNow(n.nextAttemptAt)}</Text>}
                  </Table.Td>
                  <Table.Td>
                    {n.lastError ? <Tooltip label={n.lastError} multiline w={300}><Text size="sm" c="red.7">{n.attempts} (error)</Text></Tooltip> : n.attempts}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="md">The outbox is empty.</Text>}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">{rows.length} of {res.data?.notifications.totalCount ?? 0}</Text>
          {res.data?.notifications.pageInfo.hasNextPage && <Button variant="default" size="xs" onClick={() => setMore({ status, after: res.data?.notifications.pageInfo.endCursor ?? null })}>Load more</Button>}
        </Group>
      </Card>
    </>
  );
}
