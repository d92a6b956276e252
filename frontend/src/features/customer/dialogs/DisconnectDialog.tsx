import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
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
  const [state, run] = useMutation(DisconnectMutation);
  const [result, setResult] = useState<SessionActionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Disconnect ${customer.username}?`}>
      {result ? (
        <Stack>
          <Text size="sm">The router's answer:</Text>
          <OutcomeList actions={result} empty="No open session: nothing to disconnect." />
          <Group justify="flex-end"><Button onClick={close}>Close</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            The router drops the customer's PPPoE session now (RADIUS Disconnect, or the RouterOS API). The customer's
            router will usually dial again at once unless the account is suspended or expired.
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
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
              Disconnect
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
