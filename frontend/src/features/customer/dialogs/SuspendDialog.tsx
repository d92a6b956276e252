import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { errorMessage } from '../../../lib/errors';

export const SuspendDialogFragment = graphql(`
  fragment SuspendDialog_customer on Customer { id username }
`);

const SuspendMutation = graphql(`
  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus accessState } }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof SuspendDialogFragment>;
}

/** Suspends the account: refused at the next login, open sessions disconnected. */
export function SuspendDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(SuspendDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(SuspendMutation);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('suspend.title', { username: customer.username })}>
      <Stack>
        <Text size="sm">{t('suspend.text')}</Text>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('misc.cancel')}</Button>
          <Button
            color="orange"
            loading={state.fetching}
            data-testid="confirm-suspend"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error) setError(errorMessage(r.error));
              else {
                notifications.show({ color: 'orange', message: t('suspend.done', { username: customer.username }) });
                onClose();
              }
            }}
          >
            {t('actions.suspend')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
