import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconKey, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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

const ROLES = ['ADMIN', 'OPERATOR', 'VIEWER'] as const;
const AUTH_HEADER = 'Authorization: Bearer <token>';

/** The roles with what each may do, for a chooser. */
function useRoles() {
  const { t } = useTranslation('staff');
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

export function StaffPage() {
  const { t } = useTranslation('staff');
  const isAdmin = useIsAdmin();
  const me = useMe();
  const [res] = useQuery({ query: StaffQuery, pause: !isAdmin });
  const [, updateStaff] = useMutation(UpdateStaff);
  const [, revoke] = useMutation(RevokeToken);
  const [addStaff, setAddStaff] = useState(false);
  const [addToken, setAddToken] = useState(false);
  const [resetFor, setResetFor] = useState<Member | null>(null);
  const [signInsOf, setSignInsOf] = useState<(Member & { totp: boolean }) | null>(null);
  if (!isAdmin) return <Alert color="yellow">{t('adminsOnly')}</Alert>;
  const staff = (res.data?.staffMembers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const tokens = (res.data?.apiTokens.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  const change = async (id: string, input: { role?: Role; disabled?: boolean }) => {
    const r = await updateStaff({ id, input });
    notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('saved') });
  };

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <QueryError error={res.error} />
      <Tabs defaultValue="staff">
        <Tabs.List mb="sm">
          <Tabs.Tab value="staff">{t('tabs.staff', { count: staff.length })}</Tabs.Tab>
          <Tabs.Tab value="tokens">{t('tabs.tokens', { count: tokens.length })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="staff">
          <Card withBorder padding="sm">
            <Group justify="flex-end" mb="sm"><Button leftSection={<IconPlus size={16} />} onClick={() => setAddStaff(true)}>{t('add.title')}</Button></Group>
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" data-testid="staff-table">
                <Table.Thead><Table.Tr><Table.Th>{t('list.username')}</Table.Th><Table.Th>{t('list.role')}</Table.Th><Table.Th>{t('list.lastSignIn')}</Table.Th><Table.Th>{t('list.twoFactor')}</Table.Th><Table.Th>{t('list.enabled')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {staff.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td><Text fw={600} size="sm">{s.username}</Text>{s.fullName && <Text size="xs" c="dimmed">{s.fullName}</Text>}</Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={t('list.roleOf', { username: s.username })}
                          data={ROLES.map((r) => ({ value: r, label: t(`roleShort.${r}`) }))}
                          value={s.role}
                          disabled={s.id === me?.id}
                          onChange={(v) => v && change(s.id, { role: v as Role })}
                          w={130}
                          size="xs"
                          allowDeselect={false}
                        />
                      </Table.Td>
                      <Table.Td>{fromNow(s.lastLoginAt)}{s.lastLoginAddress && <Text size="xs" c="dimmed" className="mono">{t('list.from', { address: s.lastLoginAddress })}</Text>}</Table.Td>
                      <Table.Td><Badge variant="light" color={s.totpEnabledAt ? 'green' : 'gray'}>{s.totpEnabledAt ? t('list.on') : t('list.off')}</Badge></Table.Td>
                      <Table.Td>
                        <Switch aria-label={t('list.enabledOf', { username: s.username })} checked={!s.disabled} disabled={s.id === me?.id} onChange={(e) => change(s.id, { disabled: !e.currentTarget.checked })} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Button size="xs" variant="subtle" onClick={() => setResetFor(s)} disabled={s.id === me?.id} title={s.id === me?.id ? t('list.ownPassword') : undefined}>{t('reset.button')}</Button>
                        <Button size="xs" variant="subtle" onClick={() => setSignInsOf({ ...s, totp: !!s.totpEnabledAt })}>{t('list.signIns')}</Button>
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
              <Text size="sm" c="dimmed">{t('tokens.sendAs')} <Code>{AUTH_HEADER}</Code></Text>
              <Button leftSection={<IconKey size={16} />} onClick={() => setAddToken(true)}>{t('tokens.new')}</Button>
            </Group>
            <Table.ScrollContainer minWidth={700}>
              <Table verticalSpacing="sm" data-testid="tokens-table">
                <Table.Thead><Table.Tr><Table.Th>{t('tokens.name')}</Table.Th><Table.Th>{t('tokens.token')}</Table.Th><Table.Th>{t('list.role')}</Table.Th><Table.Th>{t('tokens.created')}</Table.Th><Table.Th>{t('tokens.lastUsed')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {tokens.map((tok) => (
                    <Table.Tr key={tok.id} opacity={tok.revokedAt ? 0.55 : 1}>
                      <Table.Td><Text fw={600} size="sm">{tok.name}</Text>{tok.staff && <Text size="xs" c="dimmed">{t('tokens.by', { username: tok.staff.username })}</Text>}</Table.Td>
                      <Table.Td className="mono">{tok.prefix}…</Table.Td>
                      <Table.Td><Badge variant="light">{t(`roleShort.${tok.role}`)}</Badge></Table.Td>
                      <Table.Td>{formatDateTime(tok.createdAt)}</Table.Td>
                      <Table.Td>{fromNow(tok.lastUsedAt)}</Table.Td>
                      <Table.Td>
                        {tok.revokedAt ? <Badge color="gray">{t('tokens.revoked')}</Badge> : (
                          <Button size="xs" color="red" variant="subtle" onClick={async () => {
                            if (!window.confirm(t('tokens.revokeConfirm', { name: tok.name }))) return;
                            const r = await revoke({ id: tok.id });
                            notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('tokens.revokedDone') });
                          }}>{t('tokens.revoke')}</Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {res.data && tokens.length === 0 && <Text c="dimmed" ta="center" py="md">{t('tokens.none')}</Text>}
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
  const { t } = useTranslation('staff');
  const roles = useRoles();
  const [state, create] = useMutation(CreateStaff);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: '', fullName: '', password: '', role: 'OPERATOR' },
    validate: {
      username: (v) => (/^[a-z0-9._@-]{3,64}$/.test(v) ? null : t('add.usernameInvalid')),
      password: (v) => (v.length >= 10 ? null : t('reset.tooShort')),
    },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('add.title')}>
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
            <TextInput label={t('list.username')} required autoComplete="off" {...form.getInputProps('username')} />
            <TextInput label={t('add.fullName')} {...form.getInputProps('fullName')} />
          </SimpleGrid>
          <PasswordInput label={t('add.password')} required autoComplete="new-password" {...form.getInputProps('password')} />
          <Select label={t('list.role')} data={roles} allowDeselect={false} {...form.getInputProps('role')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end"><Button variant="default" onClick={close}>{t('cancel')}</Button><Button type="submit" loading={state.fetching}>{t('add.submit')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const roles = useRoles();
  const [state, create] = useMutation(CreateToken);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', role: 'OPERATOR' }, validate: { name: (v) => (v.trim() ? null : t('tokens.nameMissing')) } });
  const close = () => {
    form.reset();
    setToken(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('tokens.new')}>
      {token ? (
        <Stack>
          <Alert color="yellow" title={t('tokens.copyNow')}>
            <Code block fz="sm" style={{ wordBreak: 'break-all' }} data-testid="new-token">{token}</Code>
            <CopyButton value={token}>{({ copied, copy }) => <Button mt="xs" size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy}>{copied ? t('tokens.copied') : t('tokens.copy')}</Button>}</CopyButton>
          </Alert>
          <Group justify="flex-end"><Button onClick={close}>{t('tokens.done')}</Button></Group>
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
            <TextInput label={t('tokens.name')} required placeholder={t('tokens.namePlaceholder')} {...form.getInputProps('name')} />
            <Select label={t('list.role')} data={roles} allowDeselect={false} {...form.getInputProps('role')} />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={close}>{t('cancel')}</Button><Button type="submit" loading={state.fetching}>{t('tokens.create')}</Button></Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
