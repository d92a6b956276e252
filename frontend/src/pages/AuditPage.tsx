import { Badge, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { AuditActor } from '../components/AuditActor';
import { formatDateTime } from '../lib/format';

const AuditQuery = graphql(`
  query AuditTrail($first: Int!, $after: Cursor, $filter: AuditFilter) {
    auditTrail(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      entries { id createdAt actor action summary target address changes { field before after } }
    }
  }
`);
const FilterChoices = graphql(`
  query AuditFilterChoices {
    auditActions { action label }
    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) { edges { node { id username } } }
  }
`);

/** One change as people read it: "Plan: Gold → Silver", or "Plan: Silver" when only the new value was kept. */
export function changeText(c: { field: string; before?: string | null; after: string }): string {
  return c.before != null
    ? i18n.t('change', { ns: 'audit', field: c.field, before: c.before, after: c.after })
    : i18n.t('changeNew', { ns: 'audit', field: c.field, after: c.after });
}

/** The start of a day (YYYY-MM-DD) in the browser's zone as an RFC 3339 time; `end` gives the next day's start. */
export function dayBound(day: string, end = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(y, m - 1, d + (end ? 1 : 0));
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

const failed = new Set(['loginFailed']);

export function AuditPage() {
  const { t } = useTranslation('audit');
  const [customer, setCustomer] = useState('');
  const [q] = useDebouncedValue(customer.trim(), 300);
  const [staffID, setStaffID] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // the cursors of the pages before this one: "Older" pushes, "Newer" pops
  const [cursors, setCursors] = useState<string[]>([]);
  const filter = {
    customer: q || null, staffID, action,
    from: dayBound(from), to: dayBound(to, true),
  };
  const key = JSON.stringify(filter);
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setCursors([]);
  }
  const after = cursors.length ? cursors[cursors.length - 1] : null;
  const [res] = useQuery({ query: AuditQuery, variables: { first: 50, after, filter } });
  const [choices] = useQuery({ query: FilterChoices });
  const trail = res.data?.auditTrail;
  const rows = trail?.entries ?? [];
  const staff = (choices.data?.staffMembers.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.username }] : []));
  const actions = (choices.data?.auditActions ?? []).map((a) => ({ value: a.action, label: a.label }));
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <Group mb="sm" align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t('filter.customer')} placeholder={t('filter.customerPlaceholder')} aria-label={t('filter.customerAria')} value={customer} onChange={(e) => setCustomer(e.currentTarget.value)} w={230} />
          <Select label={t('filter.staff')} placeholder={t('filter.anyone')} data={staff} value={staffID} onChange={setStaffID} clearable searchable w={170} />
          <Select label={t('filter.action')} data-testid="audit-action" placeholder={t('filter.anyAction')} data={actions} value={action} onChange={setAction} clearable searchable w={220} />
          <TextInput label={t('filter.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={150} />
          <TextInput label={t('filter.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
        </Group>
        <Table.ScrollContainer minWidth={860}>
          <Table striped verticalSpacing={6} data-testid="audit-table">
            <Table.Thead><Table.Tr><Table.Th>{t('col.time')}</Table.Th><Table.Th>{t('col.who')}</Table.Th><Table.Th>{t('col.what')}</Table.Th><Table.Th>{t('col.about')}</Table.Th><Table.Th>{t('col.changes')}</Table.Th><Table.Th>{t('col.address')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id} data-testid="audit-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.createdAt)}</Table.Td>
                  <Table.Td><AuditActor name={a.actor} /></Table.Td>
                  <Table.Td>{failed.has(a.action) ? <Badge color="red" variant="light">{a.summary}</Badge> : a.summary}</Table.Td>
                  <Table.Td>{a.target}</Table.Td>
                  <Table.Td>
                    {a.changes.map((c) => <Text key={c.field} size="xs" maw={380}>{changeText(c)}</Text>)}
                  </Table.Td>
                  <Table.Td className="mono">{a.address}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {trail && rows.length === 0 && <Text c="dimmed" ta="center" py="md">{key !== JSON.stringify({ customer: null, staffID: null, action: null, from: null, to: null }) ? t('noneMatching') : t('none')}</Text>}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">{trail ? t('rows', { count: trail.totalCount }) : ''}</Text>
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>{t('newer')}</Button>
            <Button variant="default" size="xs" disabled={!trail?.pageInfo.hasNextPage} loading={res.fetching}
              onClick={() => trail?.pageInfo.endCursor && setCursors([...cursors, trail.pageInfo.endCursor])}>{t('older')}</Button>
          </Group>
        </Group>
      </Card>
    </>
  );
}
