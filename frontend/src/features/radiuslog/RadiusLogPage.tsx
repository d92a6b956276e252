// The RADIUS log: recent Access-Requests with their result and reason (unknown usernames
// too), searched by username, MAC and router; and the packets that got no answer (unknown
// addresses, wrong secrets) grouped by source with counts.
import { Anchor, Badge, Button, Card, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AuthResult, RadiusLogFilter } from '../../gql/graphql';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, fromNow } from '../../lib/format';
import { reasonText } from './reasons';

const RadiusLogQuery = graphql(`
  query RadiusLog($filter: RadiusLogFilter, $first: Int, $after: Cursor) {
    radiusLog(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id createdAt username callingStationId method result reason detail customer { id } nas { id name } } }
    }
  }
`);

const RadiusDropsQuery = graphql(`
  query RadiusDrops($nasID: ID) {
    radiusDrops(hours: 24, nasID: $nasID) { source reason reasonCode authFailure count lastSeenAt nas { id name } }
    nasDevices(first: 200) { edges { node { id name } } }
  }
`);

/** The log's GraphQL filter from the page's fields (blank fields dropped). */
export function logFilter(username: string, mac: string, nasID: string | null, result: string | null): RadiusLogFilter {
  const f: RadiusLogFilter = {};
  if (username.trim()) f.username = username.trim();
  if (mac.trim()) f.mac = mac.trim();
  if (nasID) f.nasID = nasID;
  if (result) f.result = result as AuthResult;
  return f;
}

export function RadiusLogPage() {
  const { t } = useTranslation('radiuslog');
  const [username, setUsername] = useState('');
  const [mac, setMac] = useState('');
  const [nasID, setNasID] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [first, setFirst] = useState(50);
  const filter = useMemo(() => logFilter(username, mac, nasID, result), [username, mac, nasID, result]);
  const [res] = useQuery({ query: RadiusLogQuery, variables: { filter, first } });
  const [drops] = useQuery({ query: RadiusDropsQuery, variables: { nasID } });
  const rows = (res.data?.radiusLog.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const nas = (drops.data?.nasDevices.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: e.node.name }] : []));
  const sources = drops.data?.radiusDrops ?? [];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <QueryError error={res.error ?? drops.error} />
      <Card withBorder padding="sm" mb="md">
        <Title order={4} mb="xs">{t('drops.title')}</Title>
        <Text size="sm" c="dimmed" mb="xs">{t('drops.intro')}</Text>
        {sources.length === 0 ? <Text size="sm" c="dimmed" data-testid="no-drops">{t('drops.none')}</Text> : (
          <Table data-testid="drops-table" verticalSpacing="xs">
            <Table.Thead><Table.Tr><Table.Th>{t('drops.source')}</Table.Th><Table.Th>{t('router')}</Table.Th><Table.Th>{t('reason')}</Table.Th><Table.Th ta="right">{t('drops.packets')}</Table.Th><Table.Th>{t('drops.last')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {sources.map((s) => (
                <Table.Tr key={s.source + s.reasonCode + (s.nas?.id ?? '')}>
                  <Table.Td className="mono">{s.source === 'other' ? t('drops.otherAddresses') : s.source}</Table.Td>
                  <Table.Td>{s.nas ? <Anchor component={Link} to={`/nas/${encodeURIComponent(s.nas.id)}`}>{s.nas.name}</Anchor> : <Text size="sm" c="dimmed">{t('drops.unknownAddress')}</Text>}</Table.Td>
                  <Table.Td>{s.authFailure ? <Badge color="red" variant="light">{reasonText(s.reasonCode, s.reason)}</Badge> : <Text size="sm">{reasonText(s.reasonCode, s.reason)}</Text>}</Table.Td>
                  <Table.Td ta="right" fw={600}>{s.count}</Table.Td>
                  <Table.Td><Text size="sm" title={formatDateTime(s.lastSeenAt)}>{fromNow(s.lastSeenAt)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder padding="sm">
        <Group mb="sm" gap="sm" wrap="wrap">
          <TextInput label={t('username')} placeholder={t('filter.startsWith')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} w={200} data-testid="log-username" />
          <TextInput label={t('mac')} placeholder={t('filter.anyPart')} value={mac} onChange={(e) => setMac(e.currentTarget.value)} w={200} />
          <Select label={t('router')} placeholder={t('filter.allRouters')} data={nas} value={nasID} onChange={setNasID} clearable w={200} />
          <Select label={t('result')} placeholder={t('filter.any')} data={[{ value: 'ACCEPT', label: t('accepted') }, { value: 'REJECT', label: t('rejected') }]} value={result} onChange={setResult} clearable w={160} />
        </Group>
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="xs" data-testid="radius-log-table">
            <Table.Thead><Table.Tr><Table.Th>{t('time')}</Table.Th><Table.Th>{t('username')}</Table.Th><Table.Th>{t('router')}</Table.Th><Table.Th>{t('mac')}</Table.Th><Table.Th>{t('result')}</Table.Th><Table.Th>{t('reason')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Text size="sm" title={formatDateTime(r.createdAt)}>{fromNow(r.createdAt)}</Text></Table.Td>
                  <Table.Td>{r.customer ? <Anchor component={Link} to={`/customers/${encodeURIComponent(r.customer.id)}`} size="sm">{r.username}</Anchor> : <Text size="sm">{r.username}</Text>}</Table.Td>
                  <Table.Td><Text size="sm">{r.nas?.name ?? '—'}</Text></Table.Td>
                  <Table.Td className="mono"><Text size="sm">{r.callingStationId ?? '—'}</Text></Table.Td>
                  <Table.Td><Badge color={r.result === 'ACCEPT' ? 'green' : 'red'} variant="light">{r.result === 'ACCEPT' ? t('accepted') : t('rejected')}</Badge></Table.Td>
                  <Table.Td><Text size="sm">{r.detail ? t('reasonDetail', { reason: reasonText(r.reason), detail: r.detail }) : reasonText(r.reason)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="md">{t('noMatch')}</Text>}
        {res.data?.radiusLog.pageInfo.hasNextPage && <Group justify="center" mt="sm"><Button variant="default" size="xs" onClick={() => setFirst(Math.min(first + 50, 200))} disabled={first >= 200}>{t('showMore')}</Button></Group>}
      </Card>
    </>
  );
}
