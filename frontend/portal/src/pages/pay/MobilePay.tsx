// Pay by M-Pesa: a payment prompt (STK push) on the subscriber's phone, followed until M-Pesa
// answers (PAID, FAILED or CANCELLED); once paid, the balance is read again.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { graphql } from '../../gql';
import type { MobilePaymentStatus } from '../../gql/graphql';
import { MeDocument, useMe } from '../../lib/me';
import { useFormat } from '../../lib/isp';
import { Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { toMinor } from './amount';

const StartMobilePayment = graphql(`
  mutation StartMobilePayment($amount: Int!, $phone: String) {
    startMobilePayment(amount: $amount, phone: $phone) {
      id
      status
      amount
    }
  }
`);

export const MobilePaymentDocument = graphql(`
  query MobilePayment($id: ID!) {
    mobilePayment(id: $id) {
      id
      status
      amount
      receipt
      resultDesc
    }
  }
`);

/** How often a pending payment is asked about. */
export const POLL_MS = 3000;

export function MobilePay({ suggested }: { suggested: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const fmt = useFormat();
  const client = useClient();
  const [amount, setAmount] = useState(suggested > 0 ? String(suggested / 100) : '');
  const [phone, setPhone] = useState(me.phone);
  const [res, start] = useMutation(StartMobilePayment);
  const [pending, setPending] = useState<{ id: string; amount: number } | null>(null);
  const [outcome, setOutcome] = useState<{ status: MobilePaymentStatus; amount: number; detail?: string | null } | null>(null);
  const minor = toMinor(amount);

  useEffect(() => {
    if (!pending) return;
    let stop = false;
    const timer = setInterval(async () => {
      const r = await client.query(MobilePaymentDocument, { id: pending.id }, { requestPolicy: 'network-only' }).toPromise();
      const p = r.data?.mobilePayment;
      if (stop || !p || p.status === 'PENDING') return;
      setPending(null);
      setOutcome({ status: p.status, amount: p.amount, detail: p.resultDesc });
      if (p.status === 'PAID') await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    }, POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [pending, client]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (minor == null) return;
    setOutcome(null);
    const r = await start({ amount: minor, phone: phone.trim() || null });
    if (r.data) setPending({ id: r.data.startMobilePayment.id, amount: r.data.startMobilePayment.amount });
  };

  return (
    <Card title={t('pay.mpesaTitle')}>
      <form onSubmit={submit} noValidate>
        <Field label={t('pay.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)}
          error={amount && minor == null ? t('pay.amountInvalid') : undefined} data-testid="mpesa-amount" />
        <Field label={t('pay.phone')} hint={t('pay.phoneHint')} type="tel" autoComplete="tel" value={phone}
          onChange={(e) => setPhone(e.target.value)} data-testid="mpesa-phone" />
        <ErrorNotice error={res.error} testId="mpesa-error" />
        <button type="submit" className="btn btn-primary" data-testid="mpesa-pay" disabled={minor == null || res.fetching || !!pending}>
          {pending ? t('pay.waiting') : t('pay.mpesaPay', { amount: minor == null ? '' : fmt.money(minor) })}
        </button>
      </form>
      {pending ? (
        <Notice testId="mpesa-pending">{t('pay.mpesaPending', { phone })}</Notice>
      ) : null}
      {outcome ? (
        <Notice tone={outcome.status === 'PAID' ? 'ok' : 'error'} testId="mpesa-status">
          {outcome.status === 'PAID'
            ? t('pay.mpesaPaid', { amount: fmt.money(outcome.amount) })
            : t('pay.mpesaFailed', { reason: outcome.detail || t(`pay.status.${outcome.status}`) })}
        </Notice>
      ) : null}
    </Card>
  );
}
