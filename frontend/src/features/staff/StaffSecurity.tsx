// What an admin does for another staff member's security: reset their password (their
// sign-ins end), see and end their sign-ins, and turn off their two-factor sign-in (a lost
// phone).
import { Alert, Button, Group, Modal, PasswordInput, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorMessage, splitErrors } from '../../lib/errors';
import { formatDateTime, fromNow } from '../../lib/format';
import { browserName } from '../account/SessionsCard';

const ResetPassword = graphql(`
  mutation ResetStaffPassword($id: ID!, $password: String!) { updateStaff(id: $id, input: { password: $password }) { id } }
`);
const StaffSessions = graphql(`
  query StaffSessions($staffID: ID!) { staffSessions(staffID: $staffID) { id createdAt lastUsedAt address userAgent current } }
`);
const EndStaffSessions = graphql(`
  mutation EndStaffSessions($staffID: ID!) { endStaffSessions(staffID: $staffID) }
`);
const DisableTotp = graphql(`
  mutation DisableStaffTotp($staffID: ID!) { disableTotp(staffID: $staffID) }
`);

export interface Member { id: string; username: string }

export function ResetPasswordModal({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const [state, reset] = useMutation(ResetPassword);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : t('reset.tooShort')),
      confirm: (v, all) => (v === all.password ? null : t('reset.differ')),
    },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={member !== null} onClose={close} title={t('reset.title', { username: member?.username ?? '' })}>
      <form noValidate onSubmit={form.onSubmit(async (v) => {
        if (!member) return;
        const r = await reset({ id: member.id, password: v.password });
        if (r.error) {
          const s = splitErrors(r.error);
          form.setErrors(s.fields);
          setError(s.general);
          return;
        }
        notifications.show({ color: 'green', message: t('reset.done', { username: member.username }) });
        close();
      })}>
        <Stack>
          <Text size="sm" c="dimmed">{t('reset.intro', { username: member?.username ?? '' })}</Text>
          <PasswordInput label={t('reset.new')} description={t('reset.newHint')} autoComplete="new-password" {...form.getInputProps('password')} />
          <PasswordInput label={t('reset.again')} autoComplete="new-password" {...form.getInputProps('confirm')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end"><Button variant="default" onClick={close}>{t('cancel')}</Button><Button type="submit" loading={state.fetching}>{t('reset.button')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function SignInsModal({ member, totpEnabled, onClose }: { member: Member | null; totpEnabled: boolean; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const [res, refetch] = useQuery({ query: StaffSessions, variables: { staffID: member?.id ?? '' }, pause: !member, requestPolicy: 'network-only' });
  const [endState, endAll] = useMutation(EndStaffSessions);
  const [totpState, disableTotp] = useMutation(DisableTotp);
  const rows = res.data?.staffSessions ?? [];
  return (
    <Modal opened={member !== null} onClose={onClose} title={t('signIns.title', { username: member?.username ?? '' })} size="lg">
      <Stack>
        {rows.length === 0 ? <Text c="dimmed" size="sm">{t('signIns.none')}</Text> : (
          <Table verticalSpacing="xs" data-testid="staff-sessions">
            <Table.Thead><Table.Tr><Table.Th>{t('signIns.browser')}</Table.Th><Table.Th>{t('signIns.address')}</Table.Th><Table.Th>{t('signIns.signedIn')}</Table.Th><Table.Th>{t('signIns.lastUsed')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.current ? t('signIns.current', { browser: browserName(s.userAgent) }) : browserName(s.userAgent)}</Table.Td>
                  <Table.Td className="mono">{s.address || '—'}</Table.Td>
                  <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                  <Table.Td>{fromNow(s.lastUsedAt ?? s.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          {totpEnabled ? (
            <Button variant="subtle" color="red" loading={totpState.fetching} onClick={async () => {
              if (!member || !window.confirm(t('signIns.totpConfirm', { username: member.username }))) return;
              const r = await disableTotp({ staffID: member.id });
              notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('signIns.totpOff') });
            }}>{t('signIns.turnOffTotp')}</Button>
          ) : <span />}
          <Button color="red" disabled={rows.every((s) => s.current)} loading={endState.fetching} onClick={async () => {
            if (!member) return;
            const r = await endAll({ staffID: member.id });
            notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('signIns.ended', { count: r.data?.endStaffSessions ?? 0 }) });
            refetch({ requestPolicy: 'network-only' });
          }}>{t('signIns.endAll')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
