import { Alert, Anchor, Badge, Button, Card, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconPencil } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment } from '../gql';
import type { NasRow_NasFragment } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { splitErrors } from '../lib/errors';
import { formatDateTime, fromNow } from '../lib/format';
import { useIsAdmin } from '../lib/me';
import { validateIPv4 } from '../lib/validate';
import { NasArchiveButton } from '../features/nas/NasArchiveButton';
import { RouterHealthBadge } from '../features/radiuslog/RadiusCounts';

const NasRowFragment = graphql(`
  fragment NasRow_nas on Nas {
    id name ipAddress coaPort requireMessageAuthenticator apiAddress apiUser apiTLS disconnectMethod
    apiTlsFingerprint apiCaCertificate apiPlain apiError
    lastSeenAt apiReachable activeSessions requestsLastHour rejectsLastHour archivedAt
    ...RadiusCounts_nas
  }
`);
const NasListQueryDoc = graphql(`
  query NasList($where: NasWhereInput) {
    nasDevices(first: 200, orderBy: { field: NAME, direction: ASC }, where: $where) {
      totalCount
      edges { node { id ...NasRow_nas } }
    }
  }
`);
// A new router joins the list through the cache (lib/cache.ts invalidates the lists); a saved
// one comes back whole and replaces its row.
const CreateNas = graphql(`
  mutation CreateNas($input: CreateNasInput!) { createNas(input: $input) { id } }
`);
const UpdateNas = graphql(`
  mutation UpdateNas($id: ID!, $input: UpdateNasInput!) { updateNas(id: $id, input: $input) { id ...NasRow_nas } }
`);

type Nas = NasRow_NasFragment;

/** The fingerprint as RouterOS's /certificate print shows it, grouped for reading. */
export function groupFingerprint(fp: string): string {
  return fp.match(/.{1,8}/g)?.join(' ') ?? fp;
}

/** How the router's API is protected: a warning for the plain API, the pinned certificate, and the last error. */
export function ApiTrust({ n }: { n: Pick<Nas, 'apiTLS' | 'apiPlain' | 'apiTlsFingerprint' | 'apiCaCertificate' | 'apiError' | 'apiAddress' | 'apiUser'> }) {
  const { t } = useTranslation(['nas', 'common']);
  return (
    <Stack gap={2} mt={4}>
      {n.apiPlain && (
        <Tooltip label={t('trust.plainHelp')} multiline w={280}>
          <Badge color="orange" variant="light" data-testid="api-plain-warning">{t('trust.plain')}</Badge>
        </Tooltip>
      )}
      {n.apiTLS && n.apiTlsFingerprint && (
        <Text size="xs" c="dimmed" className="mono" style={{ wordBreak: 'break-all' }} data-testid="api-fingerprint">
          {t('trust.pinned', { fingerprint: groupFingerprint(n.apiTlsFingerprint) })}
        </Text>
      )}
      {n.apiTLS && !n.apiTlsFingerprint && n.apiCaCertificate && <Text size="xs" c="dimmed">{t('trust.byCA')}</Text>}
      {n.apiTLS && !n.apiTlsFingerprint && !n.apiCaCertificate && (n.apiAddress || n.apiUser) && (
        <Text size="xs" c="dimmed">{t('trust.onFirstContact')}</Text>
      )}
      {n.apiError && <Text size="xs" c="red.7" data-testid="api-error">{n.apiError}</Text>}
    </Stack>
  );
}

export function NasPage() {
  const { t } = useTranslation(['nas', 'common']);
  const [showArchived, setShowArchived] = useState(false);
  const [res, refetch] = useQuery({ query: NasListQueryDoc, variables: { where: showArchived ? { archivedAtNotNil: true } : { archivedAtIsNil: true } } });
  const isAdmin = useIsAdmin();
  const [editing, setEditing] = useState<Nas | 'new' | null>(null);
  // The routers' health (last request, sessions, request counts, API reachability) is measured
  // on the server and pushed by no subscription: asked again every 15 s.
  useEffect(() => {
    const t = setInterval(() => refetch({ requestPolicy: 'network-only' }), 15_000);
    return () => clearInterval(t);
  }, [refetch]);
  const rows = (res.data?.nasDevices.edges ?? []).flatMap((e) => (e?.node ? [useFragment(NasRowFragment, e.node)] : []));
  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={isAdmin && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('add')}</Button>}
      />
      <QueryError error={res.error} />
      <Switch label={t('showArchived')} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} mb="sm" data-testid="show-archived-nas" />
      <Card withBorder padding="sm">
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="nas-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.router')}</Table.Th><Table.Th>{t('col.health')}</Table.Th><Table.Th>{t('col.lastRequest')}</Table.Th>
                <Table.Th>{t('col.api')}</Table.Th><Table.Th ta="right">{t('col.sessions')}</Table.Th><Table.Th ta="right">{t('col.requests')}</Table.Th>
                <Table.Th>{t('col.security')}</Table.Th>{isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((n) => {
                return (
                  <Table.Tr key={n.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/nas/${encodeURIComponent(n.id)}`} fw={600} size="sm" data-testid={`nas-link-${n.id}`}>{n.name}</Anchor>
                      <Text size="xs" c="dimmed" className="mono">{t('addressCoa', { ip: n.ipAddress, port: n.coaPort })}</Text>
                    </Table.Td>
                    <Table.Td><RouterHealthBadge nas={n} /></Table.Td>
                    <Table.Td><Tooltip label={formatDateTime(n.lastSeenAt)} disabled={!n.lastSeenAt}><Text size="sm">{fromNow(n.lastSeenAt)}</Text></Tooltip></Table.Td>
                    <Table.Td>
                      {!n.apiAddress ? <Text size="sm" c="dimmed">{t('api.notConfigured')}</Text>
                        : n.apiReachable == null ? <Badge color="gray" variant="light">{t('api.unknown')}</Badge>
                        : n.apiReachable ? <Badge color="green" variant="light">{t('api.reachable')}</Badge>
                        : <Badge color="red" variant="light">{t('api.unreachable')}</Badge>}
                      {n.apiAddress && <Text size="xs" c="dimmed" className="mono">{n.apiAddress}{n.apiTLS ? ' (TLS)' : ''}</Text>}
                      <ApiTrust n={n} />
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>{n.activeSessions}</Table.Td>
                    <Table.Td ta="right">
                      {n.requestsLastHour ?? '—'} / <Text span c={n.rejectsLastHour ? 'red.7' : undefined}>{n.rejectsLastHour ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {n.requireMessageAuthenticator ? <Badge variant="outline" color="green">{t('security.ma')}</Badge> : <Badge variant="outline" color="orange">{t('security.noMa')}</Badge>}
                      <Text size="xs" c="dimmed">{t('security.disconnect', { method: t(`method.${n.disconnectMethod}`) })}</Text>
                    </Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(n)} aria-label={t('editNamed', { name: n.name })}>{t('common:actions.edit')}</Button>
                        <NasArchiveButton nas={n} onDone={() => refetch({ requestPolicy: 'network-only' })} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="lg">{isAdmin ? t('emptyAdmin') : t('empty')}</Text>}
      </Card>
      <NasModal nas={editing} onClose={() => setEditing(null)} />
    </>
  );
}

/** updateNas's certificate fields: only what the admin changed (a cleared field forgets the pin or CA). */
export function trustChanges(nas: Pick<Nas, 'apiTlsFingerprint' | 'apiCaCertificate'>, fp: string, ca: string) {
  const norm = (s: string) => s.replaceAll(':', '').replaceAll(' ', '').toLowerCase();
  const out: { apiTlsFingerprint?: string; clearApiTlsFingerprint?: boolean; apiCaCertificate?: string; clearApiCaCertificate?: boolean } = {};
  if (norm(fp) !== (nas.apiTlsFingerprint ?? '')) {
    if (fp) out.apiTlsFingerprint = fp;
    else out.clearApiTlsFingerprint = true;
  }
  if (ca !== (nas.apiCaCertificate ?? '').trim()) {
    if (ca) out.apiCaCertificate = ca;
    else out.clearApiCaCertificate = true;
  }
  return out;
}

function NasModal({ nas, onClose }: { nas: Nas | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation(['nas', 'common']);
  const isNew = nas === 'new';
  const [createState, create] = useMutation(CreateNas);
  const [updateState, update] = useMutation(UpdateNas);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      name: '', ipAddress: '', secret: '', coaPort: 3799, requireMessageAuthenticator: true, apiAddress: '', apiUser: '',
      apiPassword: '', apiTLS: true, apiTlsFingerprint: '', apiCaCertificate: '', disconnectMethod: 'RADIUS_THEN_API',
    },
    validate: {
      name: (v) => (v.trim() ? null : t('form.nameRequired')),
      ipAddress: (v) => validateIPv4(v) ?? (v.trim() ? null : t('form.ipRequired')),
      secret: (v) => (isNew && !v ? t('form.secretRequired') : v && v.length < 8 ? t('form.secretShort') : null),
    },
  });
  useEffect(() => {
    setError(null);
    if (nas && nas !== 'new') {
      form.setValues({
        name: nas.name, ipAddress: nas.ipAddress, secret: '', coaPort: nas.coaPort, requireMessageAuthenticator: nas.requireMessageAuthenticator,
        apiAddress: nas.apiAddress ?? '', apiUser: nas.apiUser ?? '', apiPassword: '', apiTLS: nas.apiTLS, disconnectMethod: nas.disconnectMethod,
        apiTlsFingerprint: nas.apiTlsFingerprint ?? '', apiCaCertificate: nas.apiCaCertificate ?? '',
      });
    } else if (nas === 'new') form.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nas]);
  return (
    <Modal opened={nas != null} onClose={onClose} title={isNew ? t('add') : t('edit')} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const common = {
            name: v.name.trim(), ipAddress: v.ipAddress.trim(), coaPort: v.coaPort, requireMessageAuthenticator: v.requireMessageAuthenticator,
            apiTLS: v.apiTLS, disconnectMethod: v.disconnectMethod as 'RADIUS' | 'API' | 'RADIUS_THEN_API',
          };
          const fp = v.apiTlsFingerprint.trim();
          const ca = v.apiCaCertificate.trim();
          const r = isNew
            ? await create({
                input: {
                  ...common, secret: v.secret, apiAddress: v.apiAddress || null, apiUser: v.apiUser || null, apiPassword: v.apiPassword || null,
                  apiTlsFingerprint: fp || null, apiCaCertificate: ca || null,
                },
              })
            : await update({
                id: (nas as Nas).id,
                input: {
                  ...common,
                  ...(v.secret ? { secret: v.secret } : {}),
                  ...(v.apiAddress ? { apiAddress: v.apiAddress } : { clearApiAddress: true }),
                  ...(v.apiUser ? { apiUser: v.apiUser } : { clearApiUser: true }),
                  ...(v.apiPassword ? { apiPassword: v.apiPassword } : {}),
                  ...trustChanges(nas as Nas, fp, ca),
                },
              });
          if (r.error) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
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
            <TextInput label={t('form.ip')} required description={t('form.ipHelp')} {...form.getInputProps('ipAddress')} />
            <PasswordInput
              label={t('form.secret')}
              required={isNew}
              description={isNew ? t('form.secretNew') : t('form.secretKeep')}
              autoComplete="new-password"
              {...form.getInputProps('secret')}
            />
            <NumberInput label={t('form.coaPort')} min={1} max={65535} {...form.getInputProps('coaPort')} />
            <TextInput label={t('form.apiAddress')} placeholder="192.0.2.1:8728" {...form.getInputProps('apiAddress')} />
            <TextInput label={t('form.apiUser')} {...form.getInputProps('apiUser')} />
            <PasswordInput label={t('form.apiPassword')} description={isNew ? t('form.writeOnly') : t('form.writeOnlyKeep')} autoComplete="new-password" {...form.getInputProps('apiPassword')} />
            <Select
              label={t('form.method')}
              data={(['RADIUS', 'API', 'RADIUS_THEN_API'] as const).map((m) => ({ value: m, label: t(`methodOption.${m}`) }))}
              {...form.getInputProps('disconnectMethod')}
            />
          </SimpleGrid>
          <Group>
            <Switch label={t('form.requireMa')} {...form.getInputProps('requireMessageAuthenticator', { type: 'checkbox' })} />
            <Switch label={t('form.apiTls')} {...form.getInputProps('apiTLS', { type: 'checkbox' })} />
          </Group>
          {!form.values.apiTLS && (form.values.apiUser || form.values.apiAddress) && (
            <Alert color="orange" data-testid="plain-api-choice">
              {t('form.plainWarning')}
            </Alert>
          )}
          {form.values.apiTLS && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('form.fingerprint')}
                className="mono"
                description={t('form.fingerprintHelp')}
                {...form.getInputProps('apiTlsFingerprint')}
              />
              <Textarea
                label={t('form.ca')}
                description={t('form.caHelp')}
                autosize
                minRows={2}
                maxRows={6}
                {...form.getInputProps('apiCaCertificate')}
              />
            </SimpleGrid>
          )}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:actions.cancel')}</Button>
            <Button type="submit" loading={createState.fetching || updateState.fetching}>{t('common:actions.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
