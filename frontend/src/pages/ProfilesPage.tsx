import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconClock, IconPlus, IconPencil } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { Link } from '../lib/router';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment } from '../gql';
import type { ProfileRow_ProfileFragment } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { splitErrors } from '../lib/errors';
import { formatBytes, formatMoney, formatSpeed, getCurrency, moneyToMajor, moneyToMinor } from '../lib/format';
import { currencyExponent } from '../lib/currency';
import { useCanWrite } from '../lib/me';
import { DeleteProfileButton } from '../features/profiles/DeleteProfileButton';
import { useCan } from '../lib/roles';
import { PlanWindowsModal } from '../features/profiles/PlanWindowsModal';
import { PoolSelect } from '../features/pools/PoolSelect';
import { IPv6Fields } from '../features/ipv6/IPv6Fields';
import { PrefixPoolSelects } from '../features/ipv6/PrefixPoolSelects';
import { emptyIPv6, ipv6Input, ipv6Values, validateIPv6, type IPv6Values } from '../features/ipv6/ipv6';

const ProfileRowFragment = graphql(`
  fragment ProfileRow_profile on Profile {
    id name description downloadKbps uploadKbps dataLimitBytes validityDays price pool expiredPool portalVisible customersCount
    afterCapProfile { id name }
    addressPool { id name }
    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id } delegatedPrefixPool { id } }
  }
`);
const ProfilesQueryDoc = graphql(`
  query Profiles {
    profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) {
      totalCount
      edges { node { id ...ProfileRow_profile } }
    }
  }
`);
// A new profile joins the list through the cache (lib/cache.ts invalidates the lists); a
// saved one comes back whole and replaces its row.
const CreateProfile = graphql(`
  mutation CreateProfile($input: CreateProfileInput!) { createProfile(input: $input) { id } }
`);
const UpdateProfile = graphql(`
  mutation UpdateProfile($id: ID!, $input: UpdateProfileInput!) { updateProfile(id: $id, input: $input) { id ...ProfileRow_profile } }
`);

type Profile = ProfileRow_ProfileFragment;

export interface ProfileFormValues {
  name: string;
  description: string;
  downloadMbps: number | string;
  uploadMbps: number | string;
  dataLimitGB: number | string;
  validityDays: number | string;
  price: number | string;
  pool: string;
  expiredPool: string;
  afterCapProfileID: string | null;
  /** Pool mode: the pool linedesk gives addresses from at login. */
  addressPoolID?: string | null;
  /** Offered to subscribers in the portal's plan change. */
  portalVisible: boolean;
  ipv6: IPv6Values;
  /** IPv6 pool mode: the IPv6 pools linedesk gives each login's prefixes from. */
  framedPrefixPoolID?: string | null;
  delegatedPrefixPoolID?: string | null;
}

/** The plan's IPv6Input: the fixed values, and the prefix pools (an empty one is cleared on an update). */
export function planIPv6Input(v: ProfileFormValues, isNew: boolean) {
  const pool = (id: string | null | undefined, key: string, clear: string) => (id ? { [key]: id } : isNew ? {} : { [clear]: true });
  return {
    ...ipv6Input(v.ipv6),
    ...pool(v.framedPrefixPoolID, 'framedPrefixPoolID', 'clearFramedPrefixPool'),
    ...pool(v.delegatedPrefixPoolID, 'delegatedPrefixPoolID', 'clearDelegatedPrefixPool'),
  };
}

export function validateProfile(v: ProfileFormValues) {
  const t = i18n.getFixedT(null, 'profiles');
  const pos = (x: number | string, msg: string) => (typeof x === 'number' && x > 0 ? null : msg);
  return {
    name: v.name.trim() ? null : t('invalid.name'),
    downloadMbps: pos(v.downloadMbps, t('invalid.download')),
    uploadMbps: pos(v.uploadMbps, t('invalid.upload')),
    dataLimitGB: v.dataLimitGB === '' || (typeof v.dataLimitGB === 'number' && v.dataLimitGB > 0) ? null : t('invalid.dataLimit'),
    validityDays: typeof v.validityDays === 'number' && Number.isInteger(v.validityDays) && v.validityDays >= 1 ? null : t('invalid.validity'),
    price: typeof v.price === 'number' && v.price >= 0 ? null : t('invalid.price'),
    ...validateIPv6(v.ipv6),
  };
}

export function ProfilesPage() {
  const { t } = useTranslation(['profiles', 'common']);
  const [res, refetch] = useQuery({ query: ProfilesQueryDoc });
  const canWrite = useCanWrite();
  const [editing, setEditing] = useState<Profile | 'new' | null>(null);
  const [windowsOf, setWindowsOf] = useState<string | null>(null);
  const canWindows = useCan('setPlanWindows');
  // in the server's order (by price); a price changed here moves its row at once
  const rows = (res.data?.profiles.edges ?? [])
    .flatMap((e) => (e?.node ? [useFragment(ProfileRowFragment, e.node)] : []))
    .sort((a, b) => a.price - b.price);
  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={canWrite && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('add')}</Button>}
      />
      <QueryError error={res.error} />
      <Card withBorder padding="sm">
        <Table.ScrollContainer minWidth={860}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="profiles-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.name')}</Table.Th><Table.Th>{t('col.download')}</Table.Th><Table.Th>{t('col.upload')}</Table.Th><Table.Th>{t('col.dataLimit')}</Table.Th>
                <Table.Th>{t('col.validity')}</Table.Th><Table.Th ta="right">{t('col.price')}</Table.Th><Table.Th>{t('col.pool')}</Table.Th><Table.Th>{t('col.afterCap')}</Table.Th><Table.Th>{t('col.portal')}</Table.Th>
                <Table.Th ta="right">{t('col.customers')}</Table.Th>{canWrite && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td><Text fw={600} size="sm">{p.name}</Text>{p.description && <Text size="xs" c="dimmed">{p.description}</Text>}</Table.Td>
                  <Table.Td>{formatSpeed(p.downloadKbps)}</Table.Td>
                  <Table.Td>{formatSpeed(p.uploadKbps)}</Table.Td>
                  <Table.Td>{p.dataLimitBytes ? formatBytes(p.dataLimitBytes) : t('unlimited')}</Table.Td>
                  <Table.Td>{t('days', { count: p.validityDays })}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.price)}</Table.Td>
                  <Table.Td className="mono">{p.pool ?? '—'}</Table.Td>
                  <Table.Td>{p.afterCapProfile?.name ?? '—'}</Table.Td>
                  <Table.Td data-testid={`portal-${p.id}`}>
                    {p.portalVisible ? <Badge variant="light" color="teal" title={t('offeredHelp')}>{t('offered')}</Badge> : <Text span size="sm" c="dimmed">—</Text>}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Anchor component={Link} to={`/customers?profile=${encodeURIComponent(p.id)}`}>{p.customersCount}</Anchor>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(p)} aria-label={t('editNamed', { name: p.name })}>{t('common:actions.edit')}</Button>
                      <DeleteProfileButton profile={p} onDone={() => refetch({ requestPolicy: 'network-only' })} />
                      {canWindows && (
                        <Button size="xs" variant="subtle" leftSection={<IconClock size={14} />} onClick={() => setWindowsOf(p.id)} aria-label={t('windowsOf', { name: p.name })}>{t('windows')}</Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="lg">{t('empty')}</Text>}
      </Card>
      <ProfileModal profile={editing} all={rows} onClose={() => setEditing(null)} />
      <PlanWindowsModal planID={windowsOf} onClose={() => setWindowsOf(null)} />
    </>
  );
}

function ProfileModal({ profile, all, onClose }: { profile: Profile | 'new' | null; all: Profile[]; onClose: () => void }) {
  const { t } = useTranslation(['profiles', 'common']);
  const isNew = profile === 'new';
  const [cs, create] = useMutation(CreateProfile);
  const [us, update] = useMutation(UpdateProfile);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ProfileFormValues>({
    initialValues: { name: '', description: '', downloadMbps: 10, uploadMbps: 5, dataLimitGB: '', validityDays: 30, price: 0, pool: '', expiredPool: '', afterCapProfileID: null, portalVisible: false, ipv6: emptyIPv6, framedPrefixPoolID: null, delegatedPrefixPoolID: null },
    validate: (v) => validateProfile(v),
  });
  useEffect(() => {
    setError(null);
    if (profile && profile !== 'new') {
      form.setValues({
        name: profile.name, description: profile.description ?? '', downloadMbps: profile.downloadKbps / 1000, uploadMbps: profile.uploadKbps / 1000,
        dataLimitGB: profile.dataLimitBytes ? profile.dataLimitBytes / 1e9 : '', validityDays: profile.validityDays, price: moneyToMajor(profile.price),
        pool: profile.pool ?? '', expiredPool: profile.expiredPool ?? '', afterCapProfileID: profile.afterCapProfile?.id ?? null,
        addressPoolID: profile.addressPool?.id ?? null, portalVisible: profile.portalVisible, ipv6: ipv6Values(profile.ipv6),
        framedPrefixPoolID: profile.ipv6?.framedPrefixPool?.id ?? null, delegatedPrefixPoolID: profile.ipv6?.delegatedPrefixPool?.id ?? null,
      });
    } else if (profile === 'new') form.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [profile]);
  const others = all.filter((p) => profile === 'new' || p.id !== profile?.id).map((p) => ({ value: p.id, label: p.name }));
  return (
    <Modal opened={profile != null} onClose={onClose} title={isNew ? t('add') : t('edit')} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const base = {
            name: v.name.trim(),
            downloadKbps: Math.round(Number(v.downloadMbps) * 1000),
            uploadKbps: Math.round(Number(v.uploadMbps) * 1000),
            validityDays: Number(v.validityDays),
            price: moneyToMinor(Number(v.price)),
            portalVisible: v.portalVisible,
            ipv6: planIPv6Input(v, isNew),
          };
          const limit = v.dataLimitGB === '' ? null : Math.round(Number(v.dataLimitGB) * 1e9);
          const r = isNew
            ? await create({ input: { ...base, description: v.description || null, dataLimitBytes: limit, pool: v.pool || null, expiredPool: v.expiredPool.trim() || null, afterCapProfileID: v.afterCapProfileID, addressPoolID: v.addressPoolID ?? null } })
            : await update({
                id: (profile as Profile).id,
                input: {
                  ...base,
                  ...(v.description ? { description: v.description } : { clearDescription: true }),
                  ...(limit != null ? { dataLimitBytes: limit } : { clearDataLimit: true }),
                  ...(v.pool ? { pool: v.pool } : { clearPool: true }),
                  ...(v.expiredPool.trim() ? { expiredPool: v.expiredPool.trim() } : { clearExpiredPool: true }),
                  ...(v.afterCapProfileID ? { afterCapProfileID: v.afterCapProfileID } : { clearAfterCapProfile: true }),
                  ...(v.addressPoolID ? { addressPoolID: v.addressPoolID } : { clearAddressPool: true }),
                },
              });
          if (r.error) {
            const s = splitErrors(r.error);
            const map: Record<string, string> = { downloadKbps: 'downloadMbps', uploadKbps: 'uploadMbps', dataLimitBytes: 'dataLimitGB',
              'ipv6.framedPrefixPool': 'framedPrefixPoolID', 'ipv6.delegatedPrefixPool': 'delegatedPrefixPoolID' };
            form.setErrors(Object.fromEntries(Object.entries(s.fields).map(([k, m]) => [map[k] ?? k, m])));
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', message: isNew ? t('added') : t('saved') });
          onClose();
        })}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('form.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('form.description')} {...form.getInputProps('description')} />
            <NumberInput label={t('form.download')} required min={0.064} decimalScale={3} {...form.getInputProps('downloadMbps')} />
            <NumberInput label={t('form.upload')} required min={0.064} decimalScale={3} {...form.getInputProps('uploadMbps')} />
            <NumberInput label={t('form.dataLimit')} description={t('form.dataLimitHelp')} min={0} decimalScale={2} {...form.getInputProps('dataLimitGB')} />
            <NumberInput label={t('form.validity')} required min={1} allowDecimal={false} {...form.getInputProps('validityDays')} />
            <NumberInput label={getCurrency() ? t('form.priceIn', { currency: getCurrency() }) : t('form.price')} required min={0} decimalScale={currencyExponent(getCurrency())} thousandSeparator="," {...form.getInputProps('price')} />
            <TextInput label={t('form.pool')} description={t('form.poolHelp')} {...form.getInputProps('pool')} />
            <TextInput label={t('form.expiredPool')} description={t('form.expiredPoolHelp')} {...form.getInputProps('expiredPool')} />
            <Select label={t('form.afterCap')} description={t('form.afterCapHelp')} data={others} clearable {...form.getInputProps('afterCapProfileID')} />
            <PoolSelect {...form.getInputProps('addressPoolID')} value={form.values.addressPoolID ?? null} />
          </SimpleGrid>
          <IPv6Fields inputProps={form.getInputProps} />
          <PrefixPoolSelects inputProps={form.getInputProps} />
          <Checkbox
            label={t('form.portal')}
            description={t('form.portalHelp')}
            data-testid="profile-portal-visible"
            {...form.getInputProps('portalVisible', { type: 'checkbox' })}
          />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:actions.cancel')}</Button>
            <Button type="submit" loading={cs.fetching || us.fetching}>{t('common:actions.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
