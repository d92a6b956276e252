import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { MobilePaymentStatus } from '../../gql/graphql';
import { i18n } from '../../i18n';
import { splitErrors } from '../../lib/errors';
import { formatMoney, parseMoney } from '../../lib/format';

const StartMutation = graphql(`
  mutation StartMobilePayment($customerID: ID!, $amount: Int!, $phone: String) {
    startMobilePayment(customerID: $customerID, amount: $amount, phone: $phone) { id status phone amount }
  }
`);

// Polled while PENDING: the server settles it from the callback or with stkpushquery.
const StatusQuery = graphql(`
  query MobilePaymentStatus($id: ID!) {
    mobilePayment(id: $id) { id status resultDesc receipt transaction { id balanceAfter customer { id balance } } }
  }
`);

const statusColor: Record<MobilePaymentStatus, string> = { PENDING: 'yellow', PAID: 'green', FAILED: 'red', CANCELLED: 'gray' };

/** Whole shillings only: M-Pesa takes no cents. */
export function validateMpesaAmount(s: string): string | null {
  const amount = parseMoney(s);
  if (amount == null || amount <= 0) return i18n.t('payments:mpesa.amountInvalid');
  return amount % 100 === 0 ? null : i18n.t('payments:mpesa.wholeShillings');
}

function PaymentStatus({ id }: { id: string }) {
  const { t } = useTranslation('payments');
  const [res, refetch] = useQuery({ query: StatusQuery, variables: { id }, requestPolicy: 'network-only' });
  const mp = res.data?.mobilePayment;
  useEffect(() => {
    if (mp && mp.status !== 'PENDING') return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 3000);
    return () => clearInterval(timer);
  }, [mp, refetch]);
  if (!mp) return null;
  return (
    <Group gap="xs" data-testid="mpesa-status">
      <Badge color={statusColor[mp.status]} variant="light">{t(`mpesa.status.${mp.status}`)}</Badge>
      {mp.status === 'PENDING' && <Text size="sm" c="dimmed">{t('mpesa.waiting')}</Text>}
      {mp.status === 'PAID' && <Text size="sm">{mp.receipt ? t('mpesa.paidReceipt', { receipt: mp.receipt, balance: formatMoney(mp.transaction?.customer.balance) }) : t('mpesa.paid', { balance: formatMoney(mp.transaction?.customer.balance) })}</Text>}
      {(mp.status === 'FAILED' || mp.status === 'CANCELLED') && <Text size="sm" c="dimmed">{mp.resultDesc}</Text>}
    </Group>
  );
}

/** Sends an M-Pesa STK push to the customer's phone from the payment dialog and follows it. */
export function RequestMpesa({ customerId, phone, price }: { customerId: string; phone: string; price: number }) {
  const { t } = useTranslation('payments');
  const [state, start] = useMutation(StartMutation);
  const [amount, setAmount] = useState(price > 0 && price % 100 === 0 ? String(price / 100) : '');
  const [to, setTo] = useState(phone);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const send = async () => {
    const bad = validateMpesaAmount(amount);
    setError(bad);
    if (bad) return;
    const r = await start({ customerID: customerId, amount: parseMoney(amount)!, phone: to.trim() || null });
    if (r.error || !r.data) {
      const s = splitErrors(r.error);
      setError(s.general ?? Object.values(s.fields).join('; '));
      return;
    }
    setStarted(r.data.startMobilePayment.id);
  };
  return (
    <Stack gap="xs">
      <Text fw={500}>{t('mpesa.title')}</Text>
      <Text size="xs" c="dimmed">{t('mpesa.intro')}</Text>
      <Group align="flex-end" wrap="nowrap">
        <TextInput label={t('mpesa.phone')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="mpesa-phone" />
        <TextInput label={t('mpesa.amount')} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} w={120} data-testid="mpesa-amount" />
        <Button onClick={send} loading={state.fetching} data-testid="mpesa-request">{t('mpesa.send')}</Button>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {started && <PaymentStatus id={started} />}
    </Stack>
  );
}
