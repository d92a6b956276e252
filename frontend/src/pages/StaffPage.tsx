import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconKey, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { errorMessage, splitErrors } from '../lib/errors';
import { formatDateTime, fromNow } from '../lib/format';
import { useIsAdmin, useMe } from '../lib/me';
import { ResetPasswordModal, SignInsModal, type Member } from '../features/staff/StaffSecurity';

const StaffQuery = graphql(`
  query StaffList {
    staffMembers(first: 200, orderBy: { field: USERNAME, direction: ASC }) {
      edges { node { id username fullName role disabled lastLoginAt lastLoginAddress totpEnabledAt createdAt } }
    }
    apiTokens(first: 200, where: { kind: API }, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges { node { id name prefix role expiresAt revokedAt lastUsedAt createdAt staff { id username } } }
    }
  }
`);
// Updates and revocations come back with what they changed and replace it in the cache; new
// staff and tokens join the lists through lib/cache.ts, which invalidates them.
const CreateStaff = graphql(`
  mutation CreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { id } }
`);
const UpdateStaff = graphql(`
  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id role disabled } }
`);
const CreateToken = graphql(`
  mutation CreateApiToken($name: String!, $role: Role!) {
    createApiToken(name: $name, role: $role) { token apiToken { id name } }
  }
`);
const RevokeToken = graphql(`
  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }
`);

const roles = [
  { value: 'ADMIN', label: 'Admin: everything, including staff, routers and settings' },
  { value: 'OPERATOR', label: 'Operator: customers, payments, profiles' },
  { value: 'VIEWER', label: 'Viewer: read only' },
];

export function StaffPage() {
  const isAdmin = useIsAdmin();
  const me = useMe();
  const [res] = useQuery({ query: StaffQuery, pause: !isAdmin });
  const [, updateStaff] = useMutation(UpdateStaff);
  const [, revoke] = useMutation(RevokeToken);
  const [addStaff, setAddStaff] = useState(false);
  const [addToken, setAddToken] = useState(false);
  const [resetFor, setResetFor] = useState<Member | null>(null);
  const [signInsOf, setSignInsOf] = useState<(Member & { totp: boolean }) | null>(null);
  if (!isAdmin) return <Alert color="yellow">Only admins manage staff and API tokens.</Alert>;
  const staff = (res.data?.staffMembers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const tokens = (res.data?.apiTokens.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  const change = async (id: string, input: { role?: Role; disabled?: boolean }) => {
    const r = await updateStaff({ id, input });
    notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: 'Saved' });
  };

  return (
    <>
      <PageHeader title="Staff & API tokens" subtitle="Who may use linedesk, and the tokens integrators use" />
      <QueryError error={res.error} />
      <Tabs defaultValue="staff">
        <Tabs.List mb="sm">
          <Tabs.Tab value="staff">Staff ({staff.length})</Tabs.Tab>
          <Tabs.Tab value="tokens">API tokens ({tokens.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="staff">
          <Card withBorder padding="sm">
            <Group justify="flex-end" mb="sm"><Button leftSection={<IconPlus size={16} />} onClick={() => setAddStaff(true)}>Add staff member</Button></Group>
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" data-testid="staff-table">
                <Table.Thead><Table.Tr><Table.Th>Username</Table.Th><Table.Th>Role</Table.Th><Table.Th>Last sign-in</Table.Th><Table.Th>Two-factor</Table.Th><Table.Th>Enabled</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {staff.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td><Text fw={600} size="sm">{s.username}</Text>{s.fullName && <Text size="xs" c="dimmed">{s.fullName}</Text>}</Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={`Role of ${s.username}`}
                          data={roles.map((r) => ({ value: r.value, label: r.value.toLowerCase() }))}
                          value={s.role}
                          disabled={s.id === me?.id}
                          onChange={(v) => v && change(s.id, { role: v as Role })}
                          w={130}
                          size="xs"
                          allowDeselect={false}
                        />
                      </Table.Td>
                      <Table.Td>{fromNow(s.lastLoginAt)}{s.lastLoginAddress && <Text size="xs" c="dimmed" className="mono">from {s.lastLoginAddress}</Text>}</Table.Td>
                      <Table.Td><Badge variant="light" color={s.totpEnabledAt ? 'green' : 'gray'}>{s.totpEnabledAt ? 'on' : 'off'}</Badge></Table.Td>
                      <Table.Td>
                        <Switch aria-label={`${s.username} enabled`} checked={!s.disabled} disabled={s.id === me?.id} onChange={(e) => change(s.id, { disabled: !e.currentTarget.checked })} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Button size="xs" variant="subtle" onClick={() => setResetFor(s)} disabled={s.id === me?.id} title={s.id === me?.id ? 'Change your own password under My account' : undefined}>Reset password</Button>
                        <Button size="xs" variant="subtle" onClick={() => setSignInsOf({ ...s, totp: !!s.totpEnabledAt })}>Sign-ins</Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <Card withBorder padding="sm">
            <Group justify="space-between" mb="sm">
              <Text size="sm" c="dimmed">Send as <Code>Authorization: Bearer &lt;token&gt;</Code> to /graphql.</Text>
              <Button leftSection={<IconKey size={16} />} onClick={() => setAddToken(true)}>New API token</Button>
            </Group>
            <Table.ScrollContainer minWidth={700}>
              <Table verticalSpacing="sm" data-testid="tokens-table">
                <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Token</Table.Th><Table.Th>Role</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {tokens.map((t) => (
                    <Table.Tr key={t.id} opacity={t.revokedAt ? 0.55 : 1}>
                      <Table.Td><Text fw={600} size="sm">{t.name}</Text>{t.staff && <Text size="xs" c="dimmed">by {t.staff.username}</Text>}</Table.Td>
                      <Table.Td className="mono">{t.prefix}…</Table.Td>
                      <Table.Td><Badge variant="light">{t.role.toLowerCase()}</Badge></Table.Td>
                      <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                      <Table.Td>{fromNow(t.lastUsedAt)}</Table.Td>
                      <Table.Td>
                        {t.revokedAt ? <Badge color="gray">revoked</Badge> : (
                          <Button size="xs" color="red" variant="subtle" onClick={async () => {
                            if (!window.confirm(`Revoke the token "${t.name}"? Integrations using it stop working.`)) return;
                            const r = await revoke({ id: t.id });
                            notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: 'Token revoked' });
                          }}>Revoke</Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {res.data && tokens.length === 0 && <Text c="dimmed" ta="center" py="md">No API tokens.</Text>}
          </Card>
        </Tabs.Panel>
      </Tabs>
      <AddStaffModal opened={addStaff} onClose={() => setAddStaff(false)} />
      <TokenModal opened={addToken} onClose={() => setAddToken(false)} />
      <ResetPasswordModal member={resetFor} onClose={() => setResetFor(null)} />
      <SignInsModal member={signInsOf} totpEnabled={signInsOf?.totp ?? false} onClose={() => setSignInsOf(null)} />
    </>
  );
}

function AddStaffModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [state, create] = useMutation(CreateStaff);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: '', fullName: '', password: '', role: 'OPERATOR' },
    validate: {
      username: (v) => (/^[a-z0-9._@-]{3,64}$/.test(v) ? null : '3–64 lower-case letters, digits or . _ @ -'),
      password: (v) => (v.length >= 10 ? null : 'At least 10 characters'),
    },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Add staff member">
      <form noValidate onSubmit={form.onSubmit(async (v) => {
        const r = await create({ input: { username: v.username, fullName: v.fullName || null, password: v.password, role: v.role as Role } });
        if (r.error) {
          const s = splitErrors(r.error);
          form.setErrors(s.fields);
          setError(s.general);
          return;
        }
        close();
      })}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Username" required autoComplete="off" {...form.getInputProps('username')} />
            <TextInput label="Full name" {...form.getInputProps('fullName')} />
          </SimpleGrid>
          <PasswordInput label="Password" required autoComplete="new-password" {...form.getInputProps('password')} />
          <Select label="Role" data={roles} allowDeselect={false} {...form.getInputProps('role')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end"><Button variant="default" onClick={close}>Cancel</Button><Button type="submit" loading={state.fetching}>Add</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [state, create] = useMutation(CreateToken);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', role: 'OPERATOR' }, validate: { name: (v) => (v.trim() ? null : 'Name it after the integration') } });
  const close = () => {
    form.reset();
    setToken(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="New API token">
      {token ? (
        <Stack>
          <Alert color="yellow" title="Copy the token now: it is shown only once">
            <Code block fz="sm" style={{ wordBreak: 'break-all' }} data-testid="new-token">{token}</Code>
            <CopyButton value={token}>{({ copied, copy }) => <Button mt="xs" size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Alert>
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit(async (v) => {
          const r = await create({ name: v.name.trim(), role: v.role as Role });
          if (r.error || !r.data) setError(errorMessage(r.error));
          else {
            setToken(r.data.createApiToken.token);
          }
        })}>
          <Stack>
            <TextInput label="Name" required placeholder="e.g. payments-callback" {...form.getInputProps('name')} />
            <Select label="Role" data={roles} allowDeselect={false} {...form.getInputProps('role')} />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={close}>Cancel</Button><Button type="submit" loading={state.fetching}>Create</Button></Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
