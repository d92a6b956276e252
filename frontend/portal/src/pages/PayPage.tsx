// Renew and pay: renew from the balance (disabled, with the shortfall in money, when the
// balance does not cover the price; the server's refusal is shown as given), pay by M-Pesa
// (a prompt on the phone) or by card (Paystack's page) when the ISP has enabled them, redeem
// a voucher, and the ISP's payment instructions (all there is when no gateway is enabled).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useFormat, useIsp } from '../lib/isp';
import { Link } from 'wouter';
import { useMe, useRestriction } from '../lib/me';
import { PaymentInstructions } from '../components/Contacts';
import { MobilePay } from './pay/MobilePay';
import { CardPay } from './pay/CardPay';
import { VoucherForm } from './pay/Voucher';
import { Card, ConfirmActions, ErrorNotice, GuardedButton, Item, Notice } from '../components/ui';
import { TopUpCard } from './TopUpCard';

const RenewMutation = graphql(`
  mutation Renew {
    renew {
      expiresAt
      daysLeft
      balance
      connectionStatus
    }
  }
`);

export function PayPage() {
  const { t } = useTranslation();
  const isp = useIsp();
  const me = useMe();
  const restriction = useRestriction();
  const methods = isp?.payMethods ?? [];
  // What a payment now would need to cover the next renewal.
  const suggested = Math.max(0, me.profile.price - me.balance);
  return (
    <>
      <h1>{t('pay.title')}</h1>
      <RenewCard />
      {!restriction && methods.includes('MPESA') ? <MobilePay suggested={suggested} /> : null}
      {!restriction && methods.includes('PAYSTACK') ? <CardPay suggested={suggested} /> : null}
      {!restriction ? <VoucherForm /> : null}
      <p className="small">
        <Link href="/receipts" data-testid="to-receipts">{t('receipts.link')}</Link>
      </p>
      <TopUpCard />
      <Card title={t('pay.instructionsTitle')}>
        <PaymentInstructions isp={isp} />
        <p className="small muted">{t('pay.afterPaying')}</p>
      </Card>
    </>
  );
}

export function RenewCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const restriction = useRestriction();
  const [confirming, setConfirming] = useState(false);
  const [res, renew] = useMutation(RenewMutation);
  const [renewedUntil, setRenewedUntil] = useState<string | null>(null);
  const price = me.profile.price;
  const shortfall = Math.max(0, price - me.balance);
  const reason = restriction ?? (shortfall > 0 ? t('pay.shortfall', { shortfall: fmt.money(shortfall) }) : null);
  const doRenew = async () => {
    if (reason) return;
    const r = await renew({});
    setConfirming(false);
    if (r.data) setRenewedUntil(r.data.renew.expiresAt);
  };
  return (
    <Card title={t('pay.renewTitle')}>
      <p className="small muted">{t('pay.renewIntro', { plan: me.profile.name, price: fmt.money(price) })}</p>
      <dl className="items">
        <Item label={t('pay.balance')} testId="pay-balance">
          <strong>{fmt.money(me.balance)}</strong>
        </Item>
        <Item label={t('pay.price')}>{fmt.money(price)}</Item>
      </dl>
      {renewedUntil ? (
        <Notice tone="ok" testId="renewed">
          {t('pay.renewed', { date: fmt.date(renewedUntil) })}
        </Notice>
      ) : null}
      <ErrorNotice error={res.error} testId="renew-error" />
      {confirming ? (
        <div className="confirm" data-testid="confirm-renew">
          <p>{t('pay.confirmRenew', { price: fmt.money(price), plan: me.profile.name })}</p>
          <ConfirmActions
            onConfirm={doRenew}
            onCancel={() => setConfirming(false)}
            busy={res.fetching}
            disabled={!!reason}
            labels={{ confirm: t('pay.confirm'), busy: t('pay.renewing'), cancel: t('pay.cancel') }}
            testId="confirm-renew-yes"
          />
        </div>
      ) : (
        <GuardedButton primary reason={reason} testId="renew" reasonTestId="renew-reason"
          onClick={() => {
            setRenewedUntil(null);
            setConfirming(true);
          }}>
          {t('pay.renew')}
        </GuardedButton>
      )}
    </Card>
  );
}
