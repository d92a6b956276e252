import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(RenewMutation);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const enough = customer.balance >= customer.profile.price;
  return (
    <Modal opened={opened} onClose={close} title={t('renew.title', { username: customer.username })}>
      <Stack>
        <Text size="sm">
          {t('renew.text', {
            price: formatMoney(customer.profile.price),
            balance: formatMoney(customer.balance),
            count: customer.profile.validityDays,
            plan: customer.profile.name,
          })}
        </Text>
        {!enough && (
          <Alert color="orange" data-testid="renew-shortfall" title={t('renew.short', { amount: formatMoney(customer.profile.price - customer.balance) })}>
            {t('renew.shortText', {
              balance: formatMoney(customer.balance),
              price: formatMoney(customer.profile.price),
              amount: formatMoney(customer.profile.price - customer.balance),
            })}
          </Alert>
        )}
        {error && <Alert color="red" role="alert" data-testid="renew-error">{error}</Alert>}
        <Group justify="flex-end" gap="xs" wrap="nowrap">
          <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
          {!enough && onRecordPayment && (
            <Button variant="light" onClick={onRecordPayment} data-testid="renew-record-payment">{t('payment.confirm')}</Button>
          )}
          <Button
            disabled={!enough}
            loading={state.fetching}
            data-testid="confirm-renew"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error || !r.data) setError(errorMessage(r.error));
              else {
                notifications.show({ color: 'green', title: t('renew.done'), message: t('renew.expires', { date: formatDateTime(r.data.renewCustomer.expiresAt) }) });
                close();
              }
            }}
          >
            {t('renew.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
