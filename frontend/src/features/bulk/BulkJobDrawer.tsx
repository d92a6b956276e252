import { Anchor, Badge, Button, Drawer, Group, Progress, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
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
const stateLabel: Record<BulkItemState, string> = { DONE: 'Done', FAILED: 'Failed', PENDING: 'Waiting' };

interface Props {
  jobID: string | null;
  onClose: () => void;
  /** Called once when the job is seen finished (the list is then asked again). */
  onFinished?: () => void;
}

/** A bulk job followed live: a progress bar, the counts, and each customer's result. */
export function BulkJobDrawer({ jobID, onClose, onFinished }: Props) {
  return (
    <Drawer opened={!!jobID} onClose={onClose} position="right" size="xl" title="Bulk action" data-testid="bulk-job">
      {jobID && <JobView id={jobID} onFinished={onFinished} />}
    </Drawer>
  );
}

function JobView({ id, onFinished }: { id: string; onFinished?: () => void }) {
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
          <Text fw={600}>{actionLabel(job.action)} · {job.total} customer{job.total === 1 ? '' : 's'}</Text>
          <Badge color={job.state === 'DONE' ? (job.failed > 0 ? 'orange' : 'green') : 'blue'} data-testid="bulk-job-state">
            {job.state === 'DONE' ? 'Finished' : 'Running'}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">Started {formatDateTime(job.createdAt)} by {job.actor}
          {job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ''}</Text>
      </div>
      <div>
        <Progress value={pct} size="lg" animated={job.state !== 'DONE'} aria-label="Progress" data-testid="bulk-progress" data-value={pct} />
        <Group justify="space-between" mt={4}>
          <Text size="sm" data-testid="bulk-progress-text">{pct} % · {job.done} of {job.total} done</Text>
          <Text size="sm" c={job.failed > 0 ? 'red' : 'dimmed'} data-testid="bulk-failed">{job.failed} failed</Text>
        </Group>
      </div>
      <SegmentedControl size="xs" value={filter} onChange={(v) => { setFilter(v as typeof filter); setAfter(null); }}
        data={[{ value: 'ALL', label: 'All' }, { value: 'DONE', label: 'Done' }, { value: 'FAILED', label: 'Failed' }, { value: 'PENDING', label: 'Waiting' }]} />
      <Table verticalSpacing={4} data-testid="bulk-results">
        <Table.Thead>
          <Table.Tr><Table.Th>Customer</Table.Th><Table.Th>Result</Table.Th><Table.Th>Routers</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.edges.map(({ node: r }) => (
            <Table.Tr key={r.customerID} data-state={r.state}>
              <Table.Td>
                {r.customer ? (
                  <Anchor component={Link} to={`/customers/${r.customer.id}`} size="sm">{r.customer.fullName || r.customer.username}</Anchor>
                ) : (
                  <Text size="sm" c="dimmed">Deleted customer</Text>
                )}
                {r.customer && <Text size="xs" c="dimmed">{r.customer.username} · #{r.customer.accountNo}</Text>}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={stateColor[r.state]}>{stateLabel[r.state]}</Badge>
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
        <Text size="xs" c="dimmed">{results.totalCount} result{results.totalCount === 1 ? '' : 's'}</Text>
        <Group gap="xs">
          {after && <Button size="xs" variant="default" onClick={() => setAfter(null)}>First page</Button>}
          {results.pageInfo.hasNextPage && (
            <Button size="xs" variant="default" onClick={() => setAfter(results.pageInfo.endCursor ?? null)}>Next 50</Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
