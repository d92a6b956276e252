// Receipts and invoices: every payment's receipt and every renewal's invoice, each
// downloadable as PDF.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useFormat } from '../lib/isp';
import { download, INVOICE_PATH, RECEIPT_PATH } from '../lib/download';
import { Card, ErrorNotice, Loading, Notice } from '../components/ui';

const ReceiptsDocument = graphql(`
  query Receipts($n: Int) {
    me {
      transactions(first: $n) {
        id
        amount
        kind
        method
        receiptNo
        createdAt
      }
      invoices(first: $n) {
        id
        number
        plan
        periodStart
        periodEnd
        total
        issuedAt
      }
    }
  }
`);

function DownloadButton({ path, file, testId }: { path: string; file: string; testId: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-small" data-testid={testId}
        onClick={() => download(path, file).then(() => setFailed(false), () => setFailed(true))}>
        {t('receipts.download')}
      </button>
      {failed ? <Notice tone="error">{t('receipts.downloadFailed')}</Notice> : null}
    </>
  );
}

export function ReceiptsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [{ data, error }] = useQuery({ query: ReceiptsDocument, variables: { n: 50 }, requestPolicy: 'cache-and-network' });
  if (!data) return error ? <ErrorNotice error={error} /> : <Loading />;
  const receipts = data.me.transactions.filter((x) => x.receiptNo);
  return (
    <>
      <h1>{t('receipts.title')}</h1>
      <Card title={t('receipts.receiptsTitle')}>
        {receipts.length === 0 ? <p className="muted">{t('receipts.noReceipts')}</p> : null}
        <ul className="list" data-testid="receipts">
          {receipts.map((r) => (
            <li key={r.id} className="list-main" data-testid="receipt">
              <div>
                <strong>{r.receiptNo}</strong> <span>{fmt.money(r.amount)}</span>
                <p className="small muted">{fmt.dateTime(r.createdAt)}{r.method ? ` · ${r.method}` : ''}</p>
              </div>
              <DownloadButton path={RECEIPT_PATH(r.id)} file={`${r.receiptNo}.pdf`} testId="receipt-download" />
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('receipts.invoicesTitle')}>
        {data.me.invoices.length === 0 ? <p className="muted">{t('receipts.noInvoices')}</p> : null}
        <ul className="list" data-testid="invoices">
          {data.me.invoices.map((inv) => (
            <li key={inv.id} className="list-main" data-testid="invoice">
              <div>
                <strong>{inv.number}</strong> <span>{fmt.money(inv.total)}</span>
                <p className="small muted">
                  {t('receipts.period', { plan: inv.plan, from: fmt.date(inv.periodStart), to: fmt.date(inv.periodEnd) })}
                </p>
              </div>
              <DownloadButton path={INVOICE_PATH(inv.id)} file={`${inv.number}.pdf`} testId="invoice-download" />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
