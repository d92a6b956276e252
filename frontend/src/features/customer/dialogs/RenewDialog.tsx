import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime, formatMoney } from '../../../lib/format';

export const RenewDialogFragment = graphql(`
  fragment RenewDialog_customer on Customer { id username balance profile { id name price validityDays } }
`);

// The renewed customer comes back with its new period (usage card, expiry) and the renewal's
// ledger row (the newest transaction), which the cache puts at the head of the ledger.
const RenewMutation = graphql(`
  mutation RenewCustomer($id: ID!) {
    renewCustomer(id: $id) {
      id expiresAt balance connectionStatus accessState status
      ...AccountCard_customer ...UsageCard_customer
      transactions(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { edges { node { id ...LedgerRow_transaction } } }
    }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof RenewDialogFragment>;
  /** Opens the payment dialog (shown when the balance is short). */
  onRecordPayment?: () => void;
}

/** Charges the plan's price from the balance for another period. */
export function RenewDialog({ opened, onClose, onRecordPayment, ...props }: Props) {
  const customer = useFragment(RenewDialogFragment, props.customer);
  const [state, run] = useMutation(RenewMutation);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const enough = customer.balance >= customer.profile.price;
  return (
    <Modal opened={opened} onClose={close} title={`Renew ${customer.username}`}>
      <Stack>
        <Text size="sm">
          Charges {formatMoney(customer.profile.price)} from the balance ({formatMoney(customer.balance)}) for {customer.profile.validityDays} more
          days of {customer.profile.name}, and starts a new usage period.
        </Text>
        {!enough && (
          <Alert color="orange" data-testid="renew-shortfall" title={`${formatMoney(customer.profile.price - customer.balance)} short`}>
            The balance ({formatMoney(customer.balance)}) does not cover the price ({formatMoney(customer.profile.price)}): record a
            payment of at least {formatMoney(customer.profile.price - customer.balance)} first.
          </Alert>
        )}
        {error && <Alert color="red" role="alert" data-testid="renew-error">{error}</Alert>}
        <Group justify="flex-end" gap="xs" wrap="nowrap">
          <Button variant="default" onClick={close}>Cancel</Button>
          {!enough && onRecordPayment && (
            <Button variant="light" onClick={onRecordPayment} data-testid="renew-record-payment">Record payment</Button>
          )}
          <Button
            disabled={!enough}
            loading={state.fetching}
            data-testid="confirm-renew"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error || !r.data) setError(errorMessage(r.error));
              else {
                notifications.show({ color: 'green', title: 'Renewed', message: `Expires ${formatDateTime(r.data.renewCustomer.expiresAt)}` });
                close();
              }
            }}
          >
            Renew now
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
