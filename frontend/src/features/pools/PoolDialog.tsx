// Create or edit an address pool: a RouterOS-style name, IPv4 ranges/CIDRs (or an IPv6 prefix
// and the length handed out), and the router it serves (empty: shared).
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';

const CreatePool = graphql(`
  mutation CreatePool($input: CreatePoolInput!) { createPool(input: $input) { id name used free } }
`);
const UpdatePool = graphql(`
  mutation UpdatePool($id: ID!, $input: UpdatePoolInput!) { updatePool(id: $id, input: $input) { id name ranges used free } }
`);

export type PoolDraft = { id?: string; name: string; ranges: string; family: string; prefixLength?: number | null; nasId?: string | null };

export function PoolDialog({ pool, routers, onClose }: { pool: PoolDraft; routers: { id: string; name: string }[]; onClose: () => void }) {
  const [name, setName] = useState(pool.name);
  const [ranges, setRanges] = useState(pool.ranges);
  const [v6, setV6] = useState(pool.family === 'IPV6');
  const [prefixLength, setPrefixLength] = useState<number | string>(pool.prefixLength ?? 64);
  const [nasId, setNasId] = useState<string | null>(pool.nasId ?? null);
  const [created, create] = useMutation(CreatePool);
  const [updated, update] = useMutation(UpdatePool);
  const save = async () => {
    const r = pool.id
      ? await update({ id: pool.id, input: { name, ranges, ...(nasId ? { nasID: nasId } : { shared: true }) } }, { additionalTypenames: ['AddressPool'] })
      : await create({ input: { name, ranges, nasID: nasId, prefixLength: v6 ? Number(prefixLength) : null } }, { additionalTypenames: ['AddressPool'] });
    if (r.error) {
      notifications.show({ color: 'red', message: errorMessage(r.error) });
      return;
    }
    notifications.show({ color: 'green', message: `Pool ${name} saved` });
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={pool.id ? `Edit pool ${pool.name}` : 'New address pool'}>
      <Stack>
        <TextInput label="Name" description="As RouterOS names the /ip pool, e.g. pppoe-pool" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="pool-name" required />
        {!pool.id && (
          <Select label="Family" data={[{ value: 'IPV4', label: 'IPv4 addresses' }, { value: 'IPV6', label: 'IPv6 prefixes' }]} value={v6 ? 'IPV6' : 'IPV4'} onChange={(v) => setV6(v === 'IPV6')} allowDeselect={false} />
        )}
        <TextInput
          label={v6 ? 'Prefix' : 'Ranges'}
          description={v6 ? 'e.g. 2001:db8:100::/48' : 'Addresses, first-last runs and CIDRs, comma-separated, e.g. 10.50.0.0/24'}
          value={ranges}
          onChange={(e) => setRanges(e.currentTarget.value)}
          data-testid="pool-ranges"
          required
        />
        {v6 && !pool.id && <NumberInput label="Prefix length handed out" min={1} max={128} value={prefixLength} onChange={setPrefixLength} />}
        <Select label="Router" placeholder="Shared by every router" data={routers.map((r) => ({ value: r.id, label: r.name }))} value={nasId} onChange={setNasId} clearable />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={save} loading={created.fetching || updated.fetching} data-testid="pool-save">Save</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
