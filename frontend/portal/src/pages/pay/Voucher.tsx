// Redeem a recharge voucher bought from an agent: the value lands in the balance (or the plan
// is renewed); the server's refusals (used, expired, unknown, too many tries) are shown as given.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { graphql } from '../../gql';
import { MeDocument } from '../../lib/me';
import { useFormat } from '../../lib/isp';
import { Card, ErrorNotice, Field, Notice } from '../../components/ui';

const RedeemVoucher = graphql(`
  mutation RedeemVoucher($code: String!) {
    redeemVoucher(code: $code) {
      id
      amount
      receiptNo
    }
  }
`);

export function VoucherForm() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useClient();
  const [code, setCode] = useState('');
  const [res, redeem] = useMutation(RedeemVoucher);
  const [done, setDone] = useState<number | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const r = await redeem({ code: code.trim() });
    if (r.data) {
      setDone(r.data.redeemVoucher.amount);
      setCode('');
      await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    }
  };
  return (
    <Card title={t('pay.voucherTitle')}>
      <form onSubmit={submit} noValidate>
        <Field label={t('pay.voucherCode')} hint={t('pay.voucherHint')} autoCapitalize="characters" autoComplete="off"
          spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} data-testid="voucher-code" />
        <ErrorNotice error={res.error} testId="voucher-error" />
        <button type="submit" className="btn" data-testid="voucher-redeem" disabled={!code.trim() || res.fetching}>
          {res.fetching ? t('pay.redeeming') : t('pay.redeem')}
        </button>
      </form>
      {done != null ? (
        <Notice tone="ok" testId="voucher-done">
          {t('pay.redeemed', { amount: fmt.money(done) })}
        </Notice>
      ) : null}
      <p className="muted" data-testid="voucher-data-hint">{t('pay.voucherData')}</p>
    </Card>
  );
}
