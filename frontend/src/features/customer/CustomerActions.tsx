import { Alert, Button, Group, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconCash, IconDatabasePlus, IconEdit, IconTicket, IconKey, IconPlayerPause, IconPlayerPlay, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useCan } from '../../lib/roles';

export type CustomerDialog = 'disconnect' | 'profile' | 'password' | 'payment' | 'voucher' | 'topup' | 'renew' | 'suspend' | 'edit' | 'archive';

export const CustomerActionsFragment = graphql(`
  fragment CustomerActions_customer on Customer { id status connectionStatus accessState archivedAt }
`);

const RestoreMutation = graphql(`
  mutation RestoreCustomer($id: ID!) { restoreCustomer(id: $id) { id status connectionStatus accessState archivedAt } }
`);

const ResumeMutation = graphql(`
  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus accessState } }
`);

/** An action that runs at once, without a dialog: restore (archived) and resume (suspended). */
function ImmediateButton({ id, mutation, icon, testId, label, done }: {
  id: string;
  mutation: typeof RestoreMutation | typeof ResumeMutation;
  icon: ReactNode;
  testId: string;
  label: string;
  done: string;
}) {
  const [state, run] = useMutation(mutation);
  return (
    <Button
      variant="light"
      color="green"
      leftSection={icon}
      loading={state.fetching}
      data-testid={testId}
      onClick={async () => {
        const r = await run({ id });
        notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: done });
      }}
    >
      {label}
    </Button>
  );
}

/** The one action on an archived customer: bring it back. */
function RestoreButton({ id }: { id: string }) {
  const { t } = useTranslation('customer');
  return (
    <ImmediateButton id={id} mutation={RestoreMutation} icon={<IconArchiveOff size={16} />} testId="restore" label={t('actions.restore')} done={t('actions.restored')} />
  );
}

function ResumeButton({ id }: { id: string }) {
  const { t } = useTranslation('customer');
  return (
    <ImmediateButton id={id} mutation={ResumeMutation} icon={<IconPlayerPlay size={16} />} testId="resume" label={t('actions.resume')} done={t('actions.resumed')} />
  );
}

/** The writer's actions on a customer: each opens its dialog (resume acts at once). */
export function CustomerActions(props: { customer: FragmentType<typeof CustomerActionsFragment>; onOpen: (d: CustomerDialog) => void }) {
  const c = useFragment(CustomerActionsFragment, props.customer);
  const { t } = useTranslation('customer');
  const open = props.onOpen;
  const online = c.connectionStatus === 'ONLINE';
  const canArchive = useCan('archiveCustomer');
  if (c.archivedAt) {
    return (
      <Group gap="xs" mb="md">
        <Alert color="gray" py={6} data-testid="archived-note">
          {t('actions.archivedNote', { date: formatDate(c.archivedAt) })}
        </Alert>
        {canArchive && <RestoreButton id={c.id} />}
      </Group>
    );
  }
  return (
    <Group gap="xs" mb="md" wrap="wrap">
      <Tooltip label={t('actions.notConnected')} disabled={online}>
        <Button color="red" variant="light" leftSection={<IconPlugConnectedX size={16} />} onClick={() => open('disconnect')} disabled={!online} data-testid="disconnect">
          {t('actions.disconnect')}
        </Button>
      </Tooltip>
      <Button variant="light" leftSection={<IconEdit size={16} />} onClick={() => open('profile')} data-testid="edit-profile">
        {t('actions.editProfile')}
      </Button>
      <Button variant="light" leftSection={<IconCash size={16} />} onClick={() => open('payment')} data-testid="record-payment">
        {t('actions.recordPayment')}
      </Button>
      <Button variant="light" leftSection={<IconTicket size={16} />} onClick={() => open('voucher')} data-testid="redeem-voucher">
        {t('actions.redeemVoucher')}
      </Button>
      <Button variant="light" leftSection={<IconDatabasePlus size={16} />} onClick={() => open('topup')} data-testid="top-up">
        {t('actions.topUp')}
      </Button>
      <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => open('renew')} data-testid="renew">
        {t('actions.renew')}
      </Button>
      {c.status === 'SUSPENDED' ? (
        <ResumeButton id={c.id} />
      ) : (
        <Button variant="light" color="orange" leftSection={<IconPlayerPause size={16} />} onClick={() => open('suspend')} data-testid="suspend">
          {t('actions.suspend')}
        </Button>
      )}
      <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => open('password')} data-testid="reset-password">
        {t('actions.resetPassword')}
      </Button>
      {canArchive && (
        <Button variant="default" color="gray" leftSection={<IconArchive size={16} />} onClick={() => open('archive')} data-testid="archive">
          {t('actions.archive')}
        </Button>
      )}
    </Group>
  );
}
