import { Alert, Button, Divider, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { splitErrors } from '../../../lib/errors';
import { formatDateTime, formatMoney, getCurrency, parseMoney } from '../../../lib/format';
import { currencyExponent } from '../../../lib/currency';
import { RequestMpesa } from '../../payments/RequestMpesa';

/** The payment methods the server accepts (billing.Methods). */
export const PAYMENT_METHODS = ['cash', 'mpesa', 'paystack', 'bank', 'card', 'voucher', 'other'];

// The methods staff choose from: the manual ones and the enabled gateways' (billing.PaymentMethods).
const PaymentMethodsQuery = graphql(`
  query PaymentMethods { paymentMethods }
`);

function amountHint(): string {
  const d = currencyExponent(getCurrency());
  return d === 0 ? 'Enter an amount in whole units, e.g. 1500' : `Enter an amount, e.g. 1500 or 1500.${'5'.padEnd(d, '0')}`;
}

export function validatePayment(v: { amount: string; method: string; reference: string }) {
  const amount = parseMoney(v.amount);
  const method = v.method.trim().toLowerCase();
  return {
    amount: amount == null ? amountHint() : amount <= 0 ? 'The amount must be positive' : null,
    method: !method ? 'How was it paid?' : PAYMENT_METHODS.includes(method) ? null : `Choose one of ${PAYMENT_METHODS.join(', ')}`,
    // Cash may go without a reference: the server makes one.
    reference: v.reference.trim() || method === 'cash' ? null : 'Enter the receipt or transaction reference',
  };
}

/**
 * What staff are told after recordPayment: a payment delivered again says when it was first
 * recorded; otherwise the balance now, after any renewal the payment paid for.
 */
export function paymentNotice(t: { alreadyRecorded: boolean; createdAt: string; balanceAfter: number; customer: { balance: number; expiresAt: string } }) {
  if (t.alreadyRecorded) {
    return { color: 'yellow', title: 'Already recorded', message: `This payment was already recorded on ${formatDateTime(t.createdAt)}; nothing was added.` };
  }
  const renewed = t.customer.balance < t.balanceAfter;
  return {
    color: 'green',
    title: renewed ? 'Payment recorded and plan renewed' : 'Payment recorded',
    message: renewed
      ? `Renewed until ${formatDateTime(t.customer.expiresAt)}; balance now ${formatMoney(t.customer.balance)}`
      : `Balance now ${formatMoney(t.customer.balance)}`,
  };
}

export const RecordPaymentDialogFragment = graphql(`
  fragment RecordPaymentDialog_customer on Customer { id username phone profile { id price } }
`);

// The new transaction carries the ledger row and the new balance: the cache puts the row at
// the head of the customer's ledger (features/customer/cacheUpdates.ts).
const PaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      id balanceAfter alreadyRecorded createdAt ...LedgerRow_transaction
      customer { id balance expiresAt connectionStatus accessState status }
    }
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
          notifications.show(paymentNotice(r.data.recordPayment));
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
