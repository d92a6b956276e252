// The last connection attempts: accepted or refused, with the server's message as given
// (it writes the plain words, e.g. "wrong password from your router at 10:32").
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useFormat } from '../lib/isp';
import { Card, ErrorNotice, Loading } from '../components/ui';

const AttemptsDocument = graphql(`
  query Attempts($first: Int) {
    me {
      connectionAttempts(first: $first) {
        at
        accepted
        message
      }
    }
  }
`);

export function AttemptsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [{ data, error }] = useQuery({ query: AttemptsDocument, variables: { first: 30 } });
  return (
    <>
      <h1>{t('attempts.title')}</h1>
      <Card>
        <p className="muted">{t('attempts.intro')}</p>
        {!data ? (
          error ? <ErrorNotice error={error} /> : <Loading />
        ) : data.me.connectionAttempts.length ? (
          <ul className="list" data-testid="attempts">
            {data.me.connectionAttempts.map((a, i) => (
              <li key={`${a.at}-${i}`} data-accepted={a.accepted}>
                <div className="list-main">
                  <span className={`badge ${a.accepted ? 'badge-ok' : 'badge-bad'}`}>{a.accepted ? t('attempts.accepted') : t('attempts.refused')}</span>
                  <span className="small muted">{fmt.dateTime(a.at)}</span>
                </div>
                <span>{a.message}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('attempts.empty')}</p>
        )}
      </Card>
    </>
  );
}
