import { Button, Card, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { AuditActor } from '../components/AuditActor';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { formatDateTime } from '../lib/format';

const AuditQuery = graphql(`
  query AuditLog($first: Int!, $after: Cursor, $where: AuditLogWhereInput) {
    auditLog(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id actor action targetType targetID changes address createdAt } }
    }
  }
`);

function prettyChanges(s: string): string {
  try {
    const v = JSON.parse(s);
    if (v && typeof v === 'object' && Object.keys(v).length === 0) return '';
    return JSON.stringify(v);
  } catch {
    return s;
  }
}

export function AuditPage() {
  const [filter, setFilter] = useState('');
  const [q] = useDebouncedValue(filter.trim(), 300);
  // "Load more" asks for the page after the last one shown; the cache appends it (relay pagination)
  const [more, setMore] = useState<{ q: string; after: string | null }>({ q: '', after: null });
  const after = more.q === q ? more.after : null;
  const where = q ? { or: [{ actionContainsFold: q }, { actorContainsFold: q }, { targetIDContainsFold: q }] } : null;
  const [res] = useQuery({ query: AuditQuery, variables: { first: 50, after, where } });
  const rows = (res.data?.auditLog.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change made by staff, API tokens and subscribers in the portal" />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <TextInput mb="sm" placeholder="Filter by action, actor or target" aria-label="Filter the audit log" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={360} />
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid="audit-table">
            <Table.Thead><Table.Tr><Table.Th>Time</Table.Th><Table.Th>Actor</Table.Th><Table.Th>Action</Table.Th><Table.Th>Target</Table.Th><Table.Th>Changes</Table.Th><Table.Th>From</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.createdAt)}</Table.Td>
                  <Table.Td><AuditActor name={a.actor} /></Table.Td>
                  <Table.Td><Code>{a.action}</Code></Table.Td>
                  <Table.Td>{a.targetType} <Text span className="mono" size="xs" c="dimmed">{a.targetID}</Text></Table.Td>
                  <Table.Td><Text size="xs" className="mono" lineClamp={2} maw={380}>{prettyChanges(a.changes)}</Text></Table.Td>
                  <Table.Td className="mono">{a.address}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="md">Nothing recorded.</Text>}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">{rows.length} of {res.data?.auditLog.totalCount ?? 0}</Text>
          {res.data?.auditLog.pageInfo.hasNextPage && <Button variant="default" size="xs" onClick={() => setMore({ q, after: res.data?.auditLog.pageInfo.endCursor ?? null })} loading={res.fetching}>Load more</Button>}
        </Group>
      </Card>
    </>
  );
}
