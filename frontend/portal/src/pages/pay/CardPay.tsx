// Pay by card (Paystack): the server starts a checkout and the browser goes to Paystack's
// page (a redirect: its inline script would break the portal's CSP); Paystack sends the
// subscriber back to the portal, where the payment shows once confirmed.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useMe } from '../../lib/me';
import { useFormat } from '../../lib/isp';
import { Card, ErrorNotice, Field } from '../../components/ui';
import { toMinor } from './amount';

const StartCardPayment = graphql(`
  mutation StartCardPayment($amount: Int!, $email: String) {
    startCardPayment(amount: $amount, email: $email) {
      id
      checkoutURL
    }
  }
`);

/** Where the browser is sent (replaced in tests). */
export const navigate = { to: (url: string) => window.location.assign(url) };

export function CardPay({ suggested }: { suggested: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const fmt = useFormat();
  const [amount, setAmount] = useState(suggested > 0 ? String(suggested / 100) : '');
  const [email, setEmail] = useState(me.email ?? '');
  const [res, start] = useMutation(StartCardPayment);
  const minor = toMinor(amount);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (minor == null) return;
    const r = await start({ amount: minor, email: email.trim() || null });
    const url = r.data?.startCardPayment.checkoutURL;
    if (url && /^https?:\/\//.test(url)) navigate.to(url);
  };
  return (
    <Card title={t('pay.cardTitle')}>
      <form onSubmit={submit} noValidate>
        <Field label={t('pay.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)}
          error={amount && minor == null ? t('pay.amountInvalid') : undefined} data-testid="card-amount" />
        <Field label={t('pay.email')} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)}
          data-testid="card-email" />
        <ErrorNotice error={res.error} testId="card-error" />
        <button type="submit" className="btn btn-primary" data-testid="card-pay" disabled={minor == null || res.fetching}>
          {res.fetching ? t('pay.opening') : t('pay.cardPay', { amount: minor == null ? '' : fmt.money(minor) })}
        </button>
      </form>
    </Card>
  );
}
