import { Alert, Button, Divider, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { i18n } from '../../../i18n';
import { splitErrors } from '../../../lib/errors';
import { formatDateTime, formatMoney, getCurrency, parseMoney } from '../../../lib/format';
import { currencyExponent } from '../../../lib/currency';
import { RequestMpesa } from '../../payments/RequestMpesa';
import { PAYMENT_METHODS, methodOptions } from '../paymentMethods';

export { PAYMENT_METHODS };

// The methods staff choose from: the manual ones and the enabled gateways' (billing.PaymentMethods).
const PaymentMethodsQuery = graphql(`
  query PaymentMethods { paymentMethods }
`);

function amountHint(): string {
  const d = currencyExponent(getCurrency());
  return d === 0 ? i18n.t('customer:payment.amountWhole') : i18n.t('customer:payment.amountHint', { example: `1500.${'5'.padEnd(d, '0')}` });
}

export function validatePayment(v: { amount: string; method: string; reference: string }) {
  const amount = parseMoney(v.amount);
  const method = v.method.trim().toLowerCase();
  return {
    amount: amount == null ? amountHint() : amount <= 0 ? i18n.t('customer:payment.positive') : null,
    method: !method
      ? i18n.t('customer:payment.methodMissing')
      : PAYMENT_METHODS.includes(method)
        ? null
        : i18n.t('customer:payment.methodChoose', { methods: PAYMENT_METHODS.join(', ') }),
    // Cash may go without a reference: the server makes one.
    reference: v.reference.trim() || method === 'cash' ? null : i18n.t('customer:payment.referenceMissing'),
  };
}

/**
 * What staff are told after recordPayment: a payment delivered again says when it was first
 * recorded; otherwise the balance now, after any renewal the payment paid for.
 */
export function paymentNotice(t: { alreadyRecorded: boolean; createdAt: string; balanceAfter: number; customer: { balance: number; expiresAt: string } }) {
  if (t.alreadyRecorded) {
    return {
      color: 'yellow',
      title: i18n.t('customer:payment.already'),
      message: i18n.t('customer:payment.alreadyText', { date: formatDateTime(t.createdAt) }),
    };
  }
  const renewed = t.customer.balance < t.balanceAfter;
  return {
    color: 'green',
    title: renewed ? i18n.t('customer:payment.recordedRenewed') : i18n.t('customer:payment.recorded'),
    message: renewed
      ? i18n.t('customer:payment.renewedUntil', { date: formatDateTime(t.customer.expiresAt), balance: formatMoney(t.customer.balance) })
      : i18n.t('customer:payment.balanceNow', { balance: formatMoney(t.customer.balance) }),
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
  const { t } = useTranslation('customer');
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
    <Modal opened={opened} onClose={close} title={t('payment.title', { username: customer.username })}>
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
          <TextInput label={t('payment.amount')} required inputMode="decimal" placeholder={formatMoney(customer.profile.price)} {...form.getInputProps('amount')} data-testid="payment-amount" />
          <Select label={t('payment.method')} required allowDeselect={false} data={methodOptions(offered)} {...form.getInputProps('method')} comboboxProps={{ withinPortal: true }} />
          <TextInput label={t('payment.reference')} required={form.values.method !== 'cash'}
            description={form.values.method === 'cash' ? t('payment.referenceCash') : t('payment.referenceOther')}
            {...form.getInputProps('reference')} data-testid="payment-reference" />
          <TextInput label={t('payment.note')} {...form.getInputProps('note')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-payment">{t('payment.confirm')}</Button>
          </Group>
        </Stack>
      </form>
      <Divider my="md" label={t('payment.or')} />
      <RequestMpesa customerId={customer.id} phone={customer.phone} price={customer.profile.price} />
    </Modal>
  );
}
