import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { i18n } from '../../i18n';
import { splitErrors } from '../../lib/errors';
import { formatMoney, parseMoney } from '../../lib/format';
import { methodLabel } from '../customer/paymentMethods';

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
      amount == null ? i18n.t('money:refund.amountInvalid')
        : amount <= 0 ? i18n.t('money:refund.amountPositive')
          : amount > refundable ? i18n.t('money:refund.amountTooHigh', { amount: formatMoney(refundable) }) : null,
    note: v.note.trim() ? null : i18n.t('money:refund.noteMissing'),
  };
}

/** Refunds (part of) a payment, with the reason. */
export function RefundDialog({ payment, onClose }: { payment: RefundTarget | null; onClose: () => void }) {
  const { t } = useTranslation('money');
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
    <Modal opened={payment != null} onClose={close} title={t('refund.title')}>
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
            notifications.show({ color: 'green', title: t('refund.recorded'), message: t('refund.balanceNow', { balance: formatMoney(r.data.refundPayment.balanceAfter) }) });
            close();
          })}
        >
          <Stack>
            <Text size="sm">
              {payment.method
                ? t('refund.summaryMethod', { amount: formatMoney(payment.amount), method: methodLabel(payment.method), reference: payment.reference ? `(${payment.reference})` : '', refundable: formatMoney(refundable) })
                : t('refund.summary', { amount: formatMoney(payment.amount), reference: payment.reference ? `(${payment.reference})` : '', refundable: formatMoney(refundable) })}
            </Text>
            <TextInput label={t('refund.amount')} required inputMode="decimal" placeholder={formatMoney(refundable)} {...form.getInputProps('amount')} data-testid="refund-amount" />
            <TextInput label={t('refund.reason')} required {...form.getInputProps('note')} data-testid="refund-note" />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('cancel')}</Button>
              <Button type="submit" color="orange" loading={state.fetching} data-testid="confirm-refund">{t('refund.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
