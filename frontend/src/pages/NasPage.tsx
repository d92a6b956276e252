import { Alert, Anchor, Badge, Button, Card, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconPencil } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
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

/** How a router looks from here: talking to us recently, or silent. */
export function nasHealth(lastSeenAt: string | null | undefined, now = dayjs()): { label: string; color: string } {
  if (!lastSeenAt) return { label: 'Never seen', color: 'gray' };
  const mins = now.diff(dayjs(lastSeenAt), 'minute');
  if (mins <= 15) return { label: 'Healthy', color: 'green' };
  if (mins <= 60) return { label: 'Quiet', color: 'yellow' };
  return { label: 'Silent', color: 'red' };
}

/** The fingerprint as RouterOS's /certificate print shows it, grouped for reading. */
export function groupFingerprint(fp: string): string {
  return fp.match(/.{1,8}/g)?.join(' ') ?? fp;
}

/** How the router's API is protected: a warning for the plain API, the pinned certificate, and the last error. */
export function ApiTrust({ n }: { n: Pick<Nas, 'apiTLS' | 'apiPlain' | 'apiTlsFingerprint' | 'apiCaCertificate' | 'apiError' | 'apiAddress' | 'apiUser'> }) {
  return (
    <Stack gap={2} mt={4}>
      {n.apiPlain && (
        <Tooltip label="The API password and every command cross the network unencrypted. Enable API-SSL (port 8729) on the router and here." multiline w={280}>
          <Badge color="orange" variant="light" data-testid="api-plain-warning">Plain API: password sent unencrypted</Badge>
        </Tooltip>
      )}
      {n.apiTLS && n.apiTlsFingerprint && (
        <Text size="xs" c="dimmed" className="mono" style={{ wordBreak: 'break-all' }} data-testid="api-fingerprint">
          SHA-256 pinned: {groupFingerprint(n.apiTlsFingerprint)}
        </Text>
      )}
      {n.apiTLS && !n.apiTlsFingerprint && n.apiCaCertificate && <Text size="xs" c="dimmed">certificate verified by its CA</Text>}
      {n.apiTLS && !n.apiTlsFingerprint && !n.apiCaCertificate && (n.apiAddress || n.apiUser) && (
        <Text size="xs" c="dimmed">certificate pinned on first contact</Text>
      )}
      {n.apiError && <Text size="xs" c="red.7" data-testid="api-error">{n.apiError}</Text>}
    </Stack>
  );
}

export function NasPage() {
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
        title="Routers (NAS)"
        subtitle="Each router's health: tell a customer problem from a router problem"
        actions={isAdmin && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>Add router</Button>}
      />
      <QueryError error={res.error} />
      <Switch label="Show archived routers" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} mb="sm" data-testid="show-archived-nas" />
      <Card withBorder padding="sm">
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="nas-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Router</Table.Th><Table.Th>Health</Table.Th><Table.Th>Last RADIUS request</Table.Th>
                <Table.Th>RouterOS API</Table.Th><Table.Th ta="right">Active sessions</Table.Th><Table.Th ta="right">Requests / rejects (1 h)</Table.Th>
                <Table.Th>Security</Table.Th>{isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((n) => {
                return (
                  <Table.Tr key={n.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/nas/${encodeURIComponent(n.id)}`} fw={600} size="sm" data-testid={`nas-link-${n.id}`}>{n.name}</Anchor>
                      <Text size="xs" c="dimmed" className="mono">{n.ipAddress} · CoA {n.coaPort}</Text>
                    </Table.Td>
                    <Table.Td><RouterHealthBadge nas={n} /></Table.Td>
                    <Table.Td><Tooltip label={formatDateTime(n.lastSeenAt)} disabled={!n.lastSeenAt}><Text size="sm">{fromNow(n.lastSeenAt)}</Text></Tooltip></Table.Td>
                    <Table.Td>
                      {!n.apiAddress ? <Text size="sm" c="dimmed">not configured</Text>
                        : n.apiReachable == null ? <Badge color="gray" variant="light">unknown</Badge>
                        : n.apiReachable ? <Badge color="green" variant="light">reachable</Badge>
                        : <Badge color="red" variant="light">unreachable</Badge>}
                      {n.apiAddress && <Text size="xs" c="dimmed" className="mono">{n.apiAddress}{n.apiTLS ? ' (TLS)' : ''}</Text>}
                      <ApiTrust n={n} />
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>{n.activeSessions}</Table.Td>
                    <Table.Td ta="right">
                      {n.requestsLastHour ?? '—'} / <Text span c={n.rejectsLastHour ? 'red.7' : undefined}>{n.rejectsLastHour ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {n.requireMessageAuthenticator ? <Badge variant="outline" color="green">Message-Authenticator</Badge> : <Badge variant="outline" color="orange">no Message-Authenticator</Badge>}
                      <Text size="xs" c="dimmed">disconnect: {n.disconnectMethod.toLowerCase().replaceAll('_', ' ')}</Text>
                    </Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(n)} aria-label={`Edit ${n.name}`}>Edit</Button>
                        <NasArchiveButton nas={n} onDone={() => refetch({ requestPolicy: 'network-only' })} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {res.data && rows.length === 0 && <Text c="dimmed" ta="center" py="lg">No routers yet. {isAdmin ? 'Add one so it may send RADIUS requests.' : ''}</Text>}
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
      name: (v) => (v.trim() ? null : 'Name the router'),
      ipAddress: (v) => validateIPv4(v) ?? (v.trim() ? null : 'The address it sends RADIUS from'),
      secret: (v) => (isNew && !v ? 'The RADIUS shared secret is required' : v && v.length < 8 ? 'At least 8 characters' : null),
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
    <Modal opened={nas != null} onClose={onClose} title={isNew ? 'Add router' : 'Edit router'} size="lg">
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
          notifications.show({ color: 'green', message: isNew ? 'Router added' : 'Router saved' });
          onClose();
        })}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="IP address" required description="Source address of its RADIUS packets" {...form.getInputProps('ipAddress')} />
            <PasswordInput
              label="RADIUS secret"
              required={isNew}
              description={isNew ? 'Write-only: never shown again' : 'Write-only: leave empty to keep the current one'}
              autoComplete="new-password"
              {...form.getInputProps('secret')}
            />
            <NumberInput label="CoA / Disconnect port" min={1} max={65535} {...form.getInputProps('coaPort')} />
            <TextInput label="RouterOS API address" placeholder="192.0.2.1:8728" {...form.getInputProps('apiAddress')} />
            <TextInput label="RouterOS API user" {...form.getInputProps('apiUser')} />
            <PasswordInput label="RouterOS API password" description={isNew ? 'Write-only' : 'Write-only: empty keeps it'} autoComplete="new-password" {...form.getInputProps('apiPassword')} />
            <Select
              label="Disconnect method"
              data={[{ value: 'RADIUS', label: 'RADIUS Disconnect' }, { value: 'API', label: 'RouterOS API' }, { value: 'RADIUS_THEN_API', label: 'RADIUS, then API' }]}
              {...form.getInputProps('disconnectMethod')}
            />
          </SimpleGrid>
          <Group>
            <Switch label="Require Message-Authenticator (BlastRADIUS)" {...form.getInputProps('requireMessageAuthenticator', { type: 'checkbox' })} />
            <Switch label="API over TLS (8729)" {...form.getInputProps('apiTLS', { type: 'checkbox' })} />
          </Group>
          {!form.values.apiTLS && (form.values.apiUser || form.values.apiAddress) && (
            <Alert color="orange" data-testid="plain-api-choice">
              Plain API: the API password and every command cross the network unencrypted. Choose it only when the path to the router is trusted.
            </Alert>
          )}
          {form.values.apiTLS && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Certificate fingerprint (SHA-256)"
                className="mono"
                description="Empty: pinned on first contact (unless a CA is given). Compare with /certificate print detail on the router."
                {...form.getInputProps('apiTlsFingerprint')}
              />
              <Textarea
                label="CA certificate (PEM)"
                description="Optional: the router's certificate must chain to it"
                autosize
                minRows={2}
                maxRows={6}
                {...form.getInputProps('apiCaCertificate')}
              />
            </SimpleGrid>
          )}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={createState.fetching || updateState.fetching}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
