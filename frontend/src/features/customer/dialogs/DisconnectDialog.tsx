import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { OutcomeList, type SessionActionView } from '../../../components/Outcome';
import { errorMessage } from '../../../lib/errors';

export const DisconnectDialogFragment = graphql(`
  fragment DisconnectDialog_customer on Customer { id username }
`);

// The sessions' end arrives by subscription (the router's Accounting-Stop).
const DisconnectMutation = graphql(`
  mutation DisconnectCustomer($id: ID!) {
    disconnectCustomer(id: $id) {
      customer { id connectionStatus accessState }
      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }
    }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof DisconnectDialogFragment>;
}

/** Asks the router to drop the customer's sessions and shows the router's answer for each. */
export function DisconnectDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(DisconnectDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(DisconnectMutation);
  const [result, setResult] = useState<SessionActionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('disconnect.title', { username: customer.username })}>
      {result ? (
        <Stack>
          <Text size="sm">{t('disconnect.answer')}</Text>
          <OutcomeList actions={result} empty={t('disconnect.none')} />
          <Group justify="flex-end"><Button onClick={close}>{t('misc.close')}</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            {t('disconnect.text')}
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button
              color="red"
              loading={state.fetching}
              data-testid="confirm-disconnect"
              onClick={async () => {
                const r = await run({ id: customer.id });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else setResult(r.data.disconnectCustomer.sessions);
              }}
            >
              {t('actions.disconnect')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
