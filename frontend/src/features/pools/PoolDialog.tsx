// Create or edit an address pool: a RouterOS-style name, IPv4 ranges/CIDRs (or an IPv6 prefix
// and the length handed out), and the router it serves (empty: shared).
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('pools');
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
    notifications.show({ color: 'green', message: t('dialog.saved', { name }) });
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={pool.id ? t('dialog.editTitle', { name: pool.name }) : t('dialog.newTitle')}>
      <Stack>
        <TextInput label={t('dialog.name')} description={t('dialog.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="pool-name" required />
        {!pool.id && (
          <Select label={t('dialog.family')} data={[{ value: 'IPV4', label: t('dialog.familyV4') }, { value: 'IPV6', label: t('dialog.familyV6') }]} value={v6 ? 'IPV6' : 'IPV4'} onChange={(v) => setV6(v === 'IPV6')} allowDeselect={false} />
        )}
        <TextInput
          label={v6 ? t('dialog.prefix') : t('dialog.ranges')}
          description={v6 ? t('dialog.prefixHint') : t('dialog.rangesHint')}
          value={ranges}
          onChange={(e) => setRanges(e.currentTarget.value)}
          data-testid="pool-ranges"
          required
        />
        {v6 && !pool.id && <NumberInput label={t('dialog.prefixLength')} min={1} max={128} value={prefixLength} onChange={setPrefixLength} />}
        <Select label={t('dialog.router')} placeholder={t('dialog.shared')} data={routers.map((r) => ({ value: r.id, label: r.name }))} value={nasId} onChange={setNasId} clearable />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('dialog.cancel')}</Button>
          <Button onClick={save} loading={created.fetching || updated.fetching} data-testid="pool-save">{t('dialog.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
