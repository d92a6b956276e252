// Buy extra data for the current period from the balance (the ISP's price per GB); a
// subscriber slowed down by the data cap gets the full speed back at once.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useFormat } from '../lib/isp';
import { Card, ErrorNotice, Notice } from '../components/ui';

const BuyTopUpMutation = graphql(`
  mutation BuyTopUp($gigabytes: Int!) {
    buyTopUp(gigabytes: $gigabytes) {
      dataBytes
      capLifted
      subscriber { balance connectionStatus usage { bytesIn bytesOut limitBytes } }
    }
  }
`);

export function TopUpCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [gigabytes, setGigabytes] = useState(5);
  const [res, buy] = useMutation(BuyTopUpMutation);
  const [done, setDone] = useState<{ balance: number; lifted: boolean } | null>(null);
  const inputId = useId();
  return (
    <Card title={t('topup.title')}>
      <p className="small muted">{t('topup.intro')}</p>
      <label htmlFor={inputId}>{t('topup.gigabytes')}</label>
      <input
        id={inputId}
        type="number"
        min={1}
        max={1000}
        value={gigabytes}
        data-testid="topup-gb"
        onChange={(e) => setGigabytes(Math.max(1, Math.round(Number(e.currentTarget.value) || 1)))}
      />
      {done ? (
        <Notice tone="ok" testId="topup-done">
          {t(done.lifted ? 'topup.doneLifted' : 'topup.done', { balance: fmt.money(done.balance) })}
        </Notice>
      ) : null}
      <ErrorNotice error={res.error} testId="topup-error" />
      <button
        type="button"
        className="btn btn-primary"
        data-testid="buy-topup"
        disabled={res.fetching}
        onClick={async () => {
          setDone(null);
          const r = await buy({ gigabytes });
          if (r.data) setDone({ balance: r.data.buyTopUp.subscriber.balance, lifted: r.data.buyTopUp.capLifted });
        }}
      >
        {res.fetching ? t('topup.buying') : t('topup.buy')}
      </button>
    </Card>
  );
}
