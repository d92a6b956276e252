import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { splitErrors } from '../../lib/errors';
import { formatMoney, parseMoney } from '../../lib/format';

// The refund comes back with the customer's new balance; the cache puts it at the head of the
// customer's ledger and refreshes the payment's refundable amount (lib/cache.ts).
const RefundMutation = graphql(`
  mutation RefundPayment($transactionID: ID!, $amount: Int!, $note: String!) {
    refundPayment(transactionID: $transactionID, amount: $amount, note: $note) {
      id amount balanceAfter kind method note createdAt customer { id balance }
    }
  }
`);

export interface RefundTarget {
  id: string;
  amount: number;
  refundable: number;
  method?: string | null;
  reference?: string | null;
}

export function validateRefund(v: { amount: string; note: string }, refundable: number) {
  const amount = parseMoney(v.amount);
  return {
    amount:
      amount == null ? 'Enter an amount, e.g. 500 or 500.50'
        : amount <= 0 ? 'The amount must be positive'
          : amount > refundable ? `At most ${formatMoney(refundable)} can be refunded` : null,
    note: v.note.trim() ? null : 'Say why the payment is refunded',
  };
}

/** Refunds (part of) a payment, with the reason. */
export function RefundDialog({ payment, onClose }: { payment: RefundTarget | null; onClose: () => void }) {
  const [state, run] = useMutation(RefundMutation);
  const [error, setError] = useState<string | null>(null);
  const refundable = payment?.refundable ?? 0;
  const form = useForm({ initialValues: { amount: '', note: '' }, validate: (v) => validateRefund(v, refundable) });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={payment != null} onClose={close} title="Refund a payment">
      {payment && (
        <form
          noValidate
          onSubmit={form.onSubmit(async (v) => {
            setError(null);
            const r = await run({ transactionID: payment.id, amount: parseMoney(v.amount)!, note: v.note.trim() });
            if (r.error || !r.data) {
              const s = splitErrors(r.error);
              form.setErrors(s.fields);
              setError(s.general);
              return;
            }
            notifications.show({ color: 'green', title: 'Refund recorded', message: `Balance now ${formatMoney(r.data.refundPayment.balanceAfter)}` });
            close();
          })}
        >
          <Stack>
            <Text size="sm">
              Payment of {formatMoney(payment.amount)} {payment.method ? `by ${payment.method}` : ''} {payment.reference ? `(${payment.reference})` : ''};
              {' '}{formatMoney(refundable)} can still be refunded.
            </Text>
            <TextInput label="Amount" required inputMode="decimal" placeholder={formatMoney(refundable)} {...form.getInputProps('amount')} data-testid="refund-amount" />
            <TextInput label="Reason" required {...form.getInputProps('note')} data-testid="refund-note" />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" color="orange" loading={state.fetching} data-testid="confirm-refund">Refund</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
