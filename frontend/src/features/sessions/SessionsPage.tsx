// The online sessions page: every open session with its customer, plan, router, address,
import { useTranslation } from 'react-i18next';
// MAC, uptime and live counters; filtered by router and plan, sorted by usage or uptime,
// and disconnected from the list, one or many at a time.
import { Button, Card, Group, Select, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { OrderDirection, SessionOrderField, SessionWhereInput } from '../../gql/graphql';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { useCanWrite } from '../../lib/me';
import { useThrottled } from '../../lib/live';
import { SessionsTable } from './SessionsTable';
import { DisconnectManyDialog } from './DisconnectManyDialog';

const OnlineSessionsQuery = graphql(`
  query OnlineSessions($first: Int!, $after: Cursor, $where: SessionWhereInput, $orderBy: SessionOrder) {
    sessions(first: $first, after: $after, where: $where, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id customer { id username } ...OnlineSession_session } }
    }
  }
`);

const SessionChoicesQuery = graphql(`
  query SessionChoices {
    nasDevices(first: 200) { edges { node { id name } } }
    profiles(first: 200) { edges { node { id name } } }
  }
`);

// Every session start, update and stop: the cache updates the rows it holds; a session that
// starts or stops changes the list, which is asked again (throttled).
const OnlineSessionsLive = graphql(`
  subscription OnlineSessionsLive {
    sessionUpdated { id open bytesIn bytesOut sessionTime updatedAt stoppedAt }
  }
`);

/** The orders offered; each one's words are sessions:sort.<value>. */
export const sortChoices: { value: 'down' | 'up' | 'longest' | 'newest'; field: SessionOrderField; direction: OrderDirection }[] = [
  { value: 'down', field: 'BYTES_OUT', direction: 'DESC' },
  { value: 'up', field: 'BYTES_IN', direction: 'DESC' },
  { value: 'longest', field: 'STARTED_AT', direction: 'ASC' },
  { value: 'newest', field: 'STARTED_AT', direction: 'DESC' },
];

/** The GraphQL filter of the page's choices: open sessions, of a router, of a plan. */
export function sessionFilter(nasID: string | null, profileID: string | null): SessionWhereInput {
  const where: SessionWhereInput = { open: true };
  if (nasID) where.nasID = nasID;
  if (profileID) where.hasCustomerWith = [{ profileID }];
  return where;
}

export function SessionsPage() {
  const { t } = useTranslation('sessions');
  const canWrite = useCanWrite();
  const [nasID, setNasID] = useState<string | null>(null);
  const [profileID, setProfileID] = useState<string | null>(null);
  const [sort, setSort] = useState('down');
  const [first, setFirst] = useState(100);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState(false);
  const order = sortChoices.find((c) => c.value === sort) ?? sortChoices[0];
  const variables = useMemo(() => ({
    first, after: null, where: sessionFilter(nasID, profileID), orderBy: { field: order.field, direction: order.direction },
  }), [first, nasID, profileID, order]);
  const [res, refetch] = useQuery({ query: OnlineSessionsQuery, variables });
  const [choices] = useQuery({ query: SessionChoicesQuery });
  const rows = (res.data?.sessions.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const again = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 2000);
  const shown = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  useSubscription({ query: OnlineSessionsLive }, (_prev: unknown, data) => {
    const s = data.sessionUpdated;
    if (s.open !== shown.has(s.id)) again();
    return data;
  });
  const nas = (choices.data?.nasDevices.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.name }] : []));
  const plans = (choices.data?.profiles.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.name }] : []));
  return (
    <>
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <Group mb="sm" gap="sm" wrap="wrap">
          <Select label={t('page.router')} placeholder={t('page.allRouters')} data={nas} value={nasID} onChange={setNasID} clearable w={200} />
          <Select label={t('page.plan')} placeholder={t('page.allPlans')} data={plans} value={profileID} onChange={setProfileID} clearable w={200} />
          <Select label={t('page.sort')} data={sortChoices.map(({ value }) => ({ value, label: t(`sort.${value}`) }))} value={sort}
            onChange={(v) => setSort(v ?? 'down')} allowDeselect={false} w={200} />
          {canWrite && (
            <Button mt={24} color="red" variant="light" disabled={selected.size === 0} onClick={() => setConfirm(true)}
              data-testid="disconnect-selected">
              {t('page.disconnectSelected', { n: selected.size })}
            </Button>
          )}
        </Group>
        <SessionsTable rows={rows} selectable={canWrite} selected={selected} onSelect={setSelected} />
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="md">{nasID || profileID ? t('page.noneForChoice') : t('page.none')}</Text>}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed" data-testid="sessions-count">{t('page.count', { shown: rows.length, total: res.data?.sessions.totalCount ?? 0 })}</Text>
          {res.data?.sessions.pageInfo.hasNextPage && <Button variant="default" size="xs" onClick={() => setFirst(first + 100)}>{t('page.more')}</Button>}
        </Group>
      </Card>
      <DisconnectManyDialog
        opened={confirm}
        customers={uniqueCustomers(rows.filter((r) => selected.has(r.id)))}
        onClose={(done) => {
          setConfirm(false);
          if (done) setSelected(new Set());
        }}
      />
    </>
  );
}

/** The distinct customers of the chosen sessions (a customer with two sessions is disconnected once). */
export function uniqueCustomers(rows: { customer?: { id: string; username: string } | null }[]): { id: string; username: string }[] {
  const seen = new Map<string, { id: string; username: string }>();
  for (const r of rows) if (r.customer && !seen.has(r.customer.id)) seen.set(r.customer.id, { id: r.customer.id, username: r.customer.username });
  return [...seen.values()];
}
