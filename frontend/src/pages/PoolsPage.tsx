// Address pools: each pool's use (used/free bar), create/edit/delete for admins, and the
// customers still sharing a static address from before addresses were unique.
import { Alert, Button, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PoolDialog, type PoolDraft } from '../features/pools/PoolDialog';
import { errorMessage } from '../lib/errors';
import { formatNumber } from '../lib/format';
import { useCan } from '../lib/roles';

const PoolsQuery = graphql(`
  query Pools {
    pools { id name family ranges prefixLength size used static free nas { id name } plans { id name } }
    staticIpConflicts { address customer { id username } holder { id username } }
    nasDevices(first: 200) { edges { node { id name } } }
  }
`);
const DeletePool = graphql(`
  mutation DeletePool($id: ID!) { deletePool(id: $id) }
`);

/** The share of a pool in use, in percent (0 for an empty pool). */
export function usedPercent(used: number, size: number): number {
  return size > 0 ? Math.min(100, (used / size) * 100) : 0;
}

export function PoolsPage() {
  const { t } = useTranslation('pools');
  const [res, refetch] = useQuery({ query: PoolsQuery });
  const [, del] = useMutation(DeletePool);
  const [editing, setEditing] = useState<PoolDraft | null>(null);
  const canEdit = useCan('createPool');
  const routers = (res.data?.nasDevices.edges ?? []).map((e) => e!.node!);
  const remove = async (id: string, name: string) => {
    if (!window.confirm(t('page.deleteConfirm', { name }))) return;
    const r = await del({ id }, { additionalTypenames: ['AddressPool'] });
    notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('page.deleted', { name }) });
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('page.title')}</Title>
        {canEdit && (
          <Button data-testid="new-pool" onClick={() => setEditing({ name: '', ranges: '', family: 'IPV4' })}>{t('page.new')}</Button>
        )}
      </Group>
      {res.error && <Alert color="red">{errorMessage(res.error)}</Alert>}
      {(res.data?.staticIpConflicts.length ?? 0) > 0 && (
        <Alert color="orange" title={t('page.conflicts')} data-testid="static-conflicts">
          {res.data!.staticIpConflicts.map((c) => (
            <Text size="sm" key={c.customer.id}>
              {t('page.conflict', { address: c.address, customer: c.customer.username, holder: c.holder?.username ?? t('page.nobody') })}
            </Text>
          ))}
        </Alert>
      )}
      <Card withBorder p={0}>
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('page.name')}</Table.Th><Table.Th>{t('page.ranges')}</Table.Th><Table.Th>{t('page.router')}</Table.Th><Table.Th>{t('page.use')}</Table.Th><Table.Th>{t('page.plans')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {res.data?.pools.map((p) => (
              <Table.Tr key={p.id} data-testid={`pool-${p.name}`}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.ranges}{p.prefixLength ? ` → /${p.prefixLength}` : ''}</Table.Td>
                <Table.Td>{p.nas?.name ?? t('page.shared')}</Table.Td>
                <Table.Td miw={180}>
                  <Progress value={usedPercent(p.used, p.size)} color={p.free === 0 ? 'red' : 'blue'} aria-label={t('usage.use', { name: p.name })} />
                  <Text size="xs" c="dimmed">{t('page.usedStaticFree', { used: formatNumber(p.used), static: formatNumber(p.static), free: formatNumber(p.free) })}</Text>
                </Table.Td>
                <Table.Td>{p.plans.map((pl) => pl.name).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing({ id: p.id, name: p.name, ranges: p.ranges, family: p.family, prefixLength: p.prefixLength, nasId: p.nas?.id })}>{t('page.edit')}</Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove(p.id, p.name)}>{t('page.delete')}</Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {res.data?.pools.length === 0 && <Text p="md" c="dimmed">{t('page.none')}</Text>}
      </Card>
      {editing && (
        <PoolDialog pool={editing} routers={routers} onClose={() => { setEditing(null); refetch({ requestPolicy: 'network-only' }); }} />
      )}
    </Stack>
  );
}
