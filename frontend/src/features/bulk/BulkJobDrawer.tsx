import { Anchor, Badge, Button, Drawer, Group, Progress, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Link } from '../../lib/router';
import { useQuery, useSubscription } from 'urql';
import { useFragment } from '../../gql';
import type { BulkItemState } from '../../gql/graphql';
import { OutcomeBadge } from '../../components/Outcome';
import { QueryError } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useThrottled } from '../../lib/live';
import { actionLabel } from './actions';
import { BulkJobFields, BulkJobQuery, BulkJobUpdatedSubscription } from './operations';

/** Percent of a job's items finished (0 for an empty job). */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done * 100) / total) : 0;
}

const stateColor: Record<BulkItemState, string> = { DONE: 'green', FAILED: 'red', PENDING: 'gray' };

interface Props {
  jobID: string | null;
  onClose: () => void;
  /** Called once when the job is seen finished (the list is then asked again). */
  onFinished?: () => void;
}

/** A bulk job followed live: a progress bar, the counts, and each customer's result. */
export function BulkJobDrawer({ jobID, onClose, onFinished }: Props) {
  const { t } = useTranslation('bulk');
  return (
    <Drawer opened={!!jobID} onClose={onClose} position="right" size="xl" title={t('drawer.title')} data-testid="bulk-job">
      {jobID && <JobView id={jobID} onFinished={onFinished} />}
    </Drawer>
  );
}

function JobView({ id, onFinished }: { id: string; onFinished?: () => void }) {
  const { t } = useTranslation('bulk');
  const [filter, setFilter] = useState<'ALL' | BulkItemState>('ALL');
  const [after, setAfter] = useState<string | null>(null);
  const [res, refetch] = useQuery({
    query: BulkJobQuery,
    variables: { id, after, state: filter === 'ALL' ? null : filter },
    requestPolicy: 'cache-and-network',
  });
  // the job's counters follow the subscription through the cache; its results are asked again
  const refresh = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1000);
  useSubscription({ query: BulkJobUpdatedSubscription, variables: { id } }, (_p: unknown, data) => {
    refresh();
    return data;
  });
  const raw = res.data?.bulkJob;
  const job = useFragment(BulkJobFields, raw ?? null);
  const finished = job?.state === 'DONE';
  useEffect(() => {
    if (finished) {
      refetch({ requestPolicy: 'network-only' });
      onFinished?.();
    }
  }, [finished]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!raw || !job) return <QueryError error={res.error} />;
  const pct = percent(job.done, job.total);
  const results = raw.results;
  return (
    <Stack gap="md">
      <div>
        <Group justify="space-between">
          <Text fw={600}>{t('drawer.heading', { action: actionLabel(job.action), count: job.total })}</Text>
          <Badge color={job.state === 'DONE' ? (job.failed > 0 ? 'orange' : 'green') : 'blue'} data-testid="bulk-job-state">
            {job.state === 'DONE' ? t('drawer.finished') : t('drawer.running')}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {job.finishedAt
            ? t('drawer.startedFinished', { date: formatDateTime(job.createdAt), actor: job.actor, finished: formatDateTime(job.finishedAt) })
            : t('drawer.started', { date: formatDateTime(job.createdAt), actor: job.actor })}
        </Text>
      </div>
      <div>
        <Progress value={pct} size="lg" animated={job.state !== 'DONE'} aria-label={t('drawer.progress')} data-testid="bulk-progress" data-value={pct} />
        <Group justify="space-between" mt={4}>
          <Text size="sm" data-testid="bulk-progress-text">{t('drawer.progressText', { pct, done: job.done, total: job.total })}</Text>
          <Text size="sm" c={job.failed > 0 ? 'red' : 'dimmed'} data-testid="bulk-failed">{t('drawer.failed', { count: job.failed })}</Text>
        </Group>
      </div>
      <SegmentedControl size="xs" value={filter} onChange={(v) => { setFilter(v as typeof filter); setAfter(null); }}
        data={[
          { value: 'ALL', label: t('drawer.all') },
          { value: 'DONE', label: t('drawer.state.DONE') },
          { value: 'FAILED', label: t('drawer.state.FAILED') },
          { value: 'PENDING', label: t('drawer.state.PENDING') },
        ]} />
      <Table verticalSpacing={4} data-testid="bulk-results">
        <Table.Thead>
          <Table.Tr><Table.Th>{t('drawer.customer')}</Table.Th><Table.Th>{t('drawer.result')}</Table.Th><Table.Th>{t('drawer.routers')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.edges.map(({ node: r }) => (
            <Table.Tr key={r.customerID} data-state={r.state}>
              <Table.Td>
                {r.customer ? (
                  <Anchor component={Link} to={`/customers/${r.customer.id}`} size="sm">{r.customer.fullName || r.customer.username}</Anchor>
                ) : (
                  <Text size="sm" c="dimmed">{t('drawer.deleted')}</Text>
                )}
                {r.customer && <Text size="xs" c="dimmed">{r.customer.username} · #{r.customer.accountNo}</Text>}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={stateColor[r.state]}>{t(`drawer.state.${r.state}`)}</Badge>
                {r.message && <Text size="xs">{r.message}</Text>}
              </Table.Td>
              <Table.Td>
                {r.routers.length === 0 ? <Text size="xs" c="dimmed">—</Text> : r.routers.map((a, i) => (
                  <Group key={i} gap={4} wrap="nowrap">
                    <OutcomeBadge outcome={a.outcome} />
                    <Text size="xs">{a.router}{a.message ? `: ${a.message}` : ''}</Text>
                  </Group>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{t('drawer.results', { count: results.totalCount })}</Text>
        <Group gap="xs">
          {after && <Button size="xs" variant="default" onClick={() => setAfter(null)}>{t('drawer.firstPage')}</Button>}
          {results.pageInfo.hasNextPage && (
            <Button size="xs" variant="default" onClick={() => setAfter(results.pageInfo.endCursor ?? null)}>{t('drawer.next', { n: 50 })}</Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
