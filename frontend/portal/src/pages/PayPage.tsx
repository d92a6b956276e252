// Renew and pay: renew from the balance (disabled, with the shortfall in money, when the
// balance does not cover the price; the server's refusal is shown as given), and the ISP's
// payment instructions (the payments issue adds gateways).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useFormat, useIsp } from '../lib/isp';
import { useMe, useRestriction } from '../lib/me';
import { PaymentInstructions } from '../components/Contacts';
import { Card, ConfirmActions, ErrorNotice, Item, Notice, RestrictedNote } from '../components/ui';
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
  return (
    <>
      <h1>{t('pay.title')}</h1>
      <RenewCard />
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
  const noteId = useId();
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
        <button
          type="button"
          className="btn btn-primary"
          data-testid="renew"
          disabled={!!reason}
          aria-describedby={reason ? noteId : undefined}
          onClick={() => {
            setRenewedUntil(null);
            setConfirming(true);
          }}
        >
          {t('pay.renew')}
        </button>
      )}
      <RestrictedNote reason={reason} id={noteId} testId="renew-reason" />
    </Card>
  );
}
