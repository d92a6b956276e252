// History: the connections (sessions) and the ledger (payments, renewals, adjustments,
// refunds) with the balance after each.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useFormat } from '../lib/isp';
import { Card, ErrorNotice, Loading } from '../components/ui';

const HistoryDocument = graphql(`
  query History($sessions: Int, $transactions: Int) {
    me {
      sessions(first: $sessions) {
        acctSessionID
        framedIP
        startedAt
        stoppedAt
        sessionTime
        bytesIn
        bytesOut
        open
      }
      transactions(first: $transactions) {
        id
        amount
        balanceAfter
        kind
        method
        reference
        createdAt
      }
    }
  }
`);

export function HistoryPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [{ data, error }] = useQuery({ query: HistoryDocument, variables: { sessions: 30, transactions: 50 } });
  if (!data) return error ? <ErrorNotice error={error} /> : <Loading />;
  const { sessions, transactions } = data.me;
  return (
    <>
      <h1>{t('history.title')}</h1>
      <Card title={t('history.ledger')}>
        {transactions.length ? (
          <ul className="list" data-testid="ledger">
            {transactions.map((tx) => (
              <li key={tx.id} data-kind={tx.kind}>
                <div className="list-main">
                  <span>
                    <strong>{t(`history.kind.${tx.kind}`)}</strong>
                    <span className="block small muted">
                      {[fmt.dateTime(tx.createdAt), tx.method, tx.reference].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                  <span className={`amount ${tx.amount < 0 ? 'amount-out' : 'amount-in'}`}>{fmt.money(tx.amount)}</span>
                </div>
                <span className="small muted">{t('history.balanceAfter', { amount: fmt.money(tx.balanceAfter) })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('history.noTransactions')}</p>
        )}
      </Card>
      <Card title={t('history.sessions')} actions={<Link href="/connections">{t('history.attemptsLink')}</Link>}>
        {sessions.length ? (
          <ul className="list" data-testid="sessions">
            {sessions.map((s) => (
              <li key={s.acctSessionID}>
                <div className="list-main">
                  <span>
                    <strong>{fmt.dateTime(s.startedAt)}</strong>
                    {s.open ? <span className="badge badge-ok">{t('history.sessionOpen')}</span> : null}
                  </span>
                  <span className="small muted nowrap">{s.framedIP}</span>
                </div>
                <span className="small muted">
                  {t('history.sessionLine', { duration: fmt.duration(s.sessionTime), down: fmt.bytes(s.bytesOut), up: fmt.bytes(s.bytesIn) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('history.noSessions')}</p>
        )}
      </Card>
    </>
  );
}
