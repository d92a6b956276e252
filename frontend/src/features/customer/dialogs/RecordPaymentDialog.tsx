import { Alert, Button, Divider, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { splitErrors } from '../../../lib/errors';
import { formatMoney, parseMoney } from '../../../lib/format';
import { RequestMpesa } from '../../payments/RequestMpesa';

/** The payment methods the server accepts (billing.Methods). */
export const PAYMENT_METHODS = ['cash', 'mpesa', 'paystack', 'bank', 'card', 'voucher', 'other'];

// The methods staff choose from: the manual ones and the enabled gateways' (billing.PaymentMethods).
const PaymentMethodsQuery = graphql(`
  query PaymentMethods { paymentMethods }
`);

export function validatePayment(v: { amount: string; method: string; reference: string }) {
  const amount = parseMoney(v.amount);
  const method = v.method.trim().toLowerCase();
  return {
    amount: amount == null ? 'Enter an amount, e.g. 1500 or 1500.50' : amount <= 0 ? 'The amount must be positive' : null,
    method: !method ? 'How was it paid?' : PAYMENT_METHODS.includes(method) ? null : `Choose one of ${PAYMENT_METHODS.join(', ')}`,
    // Cash may go without a reference: the server makes one.
    reference: v.reference.trim() || method === 'cash' ? null : 'Enter the receipt or transaction reference',
  };
}

export const RecordPaymentDialogFragment = graphql(`
  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }
`);

// The new transaction carries the ledger row and the new balance: the cache puts the row at
// the head of the customer's ledger (features/customer/cacheUpdates.ts).
const PaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) { id balanceAfter ...LedgerRow_transaction customer { id balance } }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof RecordPaymentDialogFragment>;
}

/** Records a payment into the customer's balance. */
export function RecordPaymentDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(RecordPaymentDialogFragment, props.customer);
  const [state, run] = useMutation(PaymentMutation);
  const [methods] = useQuery({ query: PaymentMethodsQuery, pause: !opened });
  const offered = methods.data?.paymentMethods ?? ['cash'];
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { amount: '', method: 'cash', reference: '', note: '' },
    validate: (v) => validatePayment(v),
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Record a payment from ${customer.username}`}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({
            input: { customerID: customer.id, amount: parseMoney(v.amount)!, method: v.method.trim(), reference: v.reference.trim(), note: v.note.trim() || null },
          });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', title: 'Payment recorded', message: `Balance now ${formatMoney(r.data.recordPayment.balanceAfter)}` });
          close();
        })}
      >
        <Stack>
          <TextInput label="Amount" required inputMode="decimal" placeholder={formatMoney(customer.profile.price)} {...form.getInputProps('amount')} data-testid="payment-amount" />
          <Select label="Method" required allowDeselect={false} data={offered} {...form.getInputProps('method')} comboboxProps={{ withinPortal: true }} />
          <TextInput label="Reference" required={form.values.method !== 'cash'}
            description={form.values.method === 'cash' ? 'Optional for cash: left empty, one is made' : 'Unique per method, e.g. the M-Pesa code'}
            {...form.getInputProps('reference')} data-testid="payment-reference" />
          <TextInput label="Note" {...form.getInputProps('note')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-payment">Record payment</Button>
          </Group>
        </Stack>
      </form>
      <Divider my="md" label="or" />
      <RequestMpesa customerId={customer.id} phone={customer.phone} price={customer.profile.price} />
    </Modal>
  );
}
