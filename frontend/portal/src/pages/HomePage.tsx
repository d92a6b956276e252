// Home: the plan and its speeds, account and connection status in plain words, expiry with
// days left, balance, usage this period against the cap, daily use, and the current session
// with live counters (the sessionUpdated subscription).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { HomeQuery, SessionUpdatedSubscription } from '../gql/graphql';
import { useFormat } from '../lib/isp';
import { useMe, type Me } from '../lib/me';
import { Card, ErrorNotice, Item, Loading } from '../components/ui';
import { DailyChart, UsageBar } from '../components/Usage';

export const DAILY_DAYS = 14;

const HomeDocument = graphql(`
  query Home($days: Int) {
    me {
      usage {
        periodStart
        bytesIn
        bytesOut
        limitBytes
      }
      dailyUsage(days: $days) {
        day
        bytesIn
        bytesOut
      }
      currentSession {
        acctSessionID
        framedIP
        startedAt
        updatedAt
        stoppedAt
        sessionTime
        bytesIn
        bytesOut
        open
      }
    }
  }
`);

const SessionUpdatedDocument = graphql(`
  subscription SessionUpdated {
    sessionUpdated {
      acctSessionID
      framedIP
      startedAt
      updatedAt
      stoppedAt
      sessionTime
      bytesIn
      bytesOut
      open
    }
  }
`);

type Session = NonNullable<HomeQuery['me']['currentSession']>;

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [{ data, error }, refetch] = useQuery({ query: HomeDocument, variables: { days: DAILY_DAYS } });
  // The live session: the last event for an open session replaces the loaded one; a stopped
  // session refetches (usage and the next session).
  const [live, setLive] = useState<Session | null>(null);
  useSubscription({ query: SessionUpdatedDocument }, (_prev: SessionUpdatedSubscription | undefined, ev) => {
    const s = ev.sessionUpdated;
    if (s.open) setLive(s);
    else {
      setLive(null);
      refetch({ requestPolicy: 'network-only' });
    }
    return ev;
  });
  const loaded = data?.me.currentSession ?? null;
  const session = live ?? loaded;

  return (
    <>
      <h1 className="sr-only">{t('home.title')}</h1>
      <Summary me={me} />
      <Card title={t('home.usageTitle')}>
        {data ? <UsageBar usage={data.me.usage} /> : error ? <ErrorNotice error={error} /> : <Loading />}
      </Card>
      <Card title={t('home.sessionTitle')} actions={session?.open ? <span className="live">{t('home.live')}</span> : undefined}>
        {data || live ? <CurrentSession session={session?.open ? session : null} /> : error ? null : <Loading />}
      </Card>
      <Card title={t('home.dailyTitle', { count: DAILY_DAYS })}>{data ? <DailyChart days={data.me.dailyUsage} /> : <Loading />}</Card>
    </>
  );
}

function Summary({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const days = me.daysLeft;
  const left = days < 0 ? t('home.expiredAgo', { count: -days }) : days === 0 ? t('home.lastDay') : t('home.daysLeft', { count: days });
  return (
    <Card
      title={t('home.hello', { name: me.fullName || me.username })}
      className="summary"
    >
      <p className="muted small">{t('home.accountNo', { accountNo: me.accountNo })}</p>
      <dl className="items">
        <Item label={t('home.plan')} testId="plan">
          <strong>{me.profile.name}</strong>
          <span className="block small">
            {t('home.speeds', { down: fmt.speed(me.profile.downloadKbps), up: fmt.speed(me.profile.uploadKbps) })}
          </span>
          {me.pendingProfile ? <span className="block small">{t('home.pending', { plan: me.pendingProfile.name })}</span> : null}
        </Item>
        <Item label={t('home.connection')} testId="connection-status">
          <span className={`dot dot-${me.connectionStatus.toLowerCase()}`} aria-hidden="true" />
          {t(`status.connection.${me.connectionStatus}`)}
        </Item>
        <Item label={t('home.accountStatus')} testId="account-status">
          {t(`status.account.${me.status}`)}
        </Item>
        <Item label={t('home.expires')} testId="expires">
          {fmt.date(me.expiresAt)} <span className={days < 0 ? 'text-danger' : days <= 3 ? 'text-warn' : 'muted'}>({left})</span>
          <span className="block small muted">{me.autoRenew ? t('home.autoRenewOn') : t('home.autoRenewOff')}</span>
        </Item>
        <Item label={t('home.balance')} testId="balance">
          <strong>{fmt.money(me.balance)}</strong>
        </Item>
      </dl>
      <p className="actions">
        <Link className="btn btn-primary" href="/pay">
          {t('home.renewOrPay')}
        </Link>
        <Link className="btn" href="/plans">
          {t('home.changePlan')}
        </Link>
      </p>
    </Card>
  );
}

/** Ticks every `ms` so durations since a moment stay current. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

function CurrentSession({ session }: { session: Session | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow(30000);
  if (!session) {
    return (
      <div data-testid="current-session">
        <p>{t('home.noSession')}</p>
        <Link href="/connections">{t('home.whyNot')}</Link>
      </div>
    );
  }
  const uptime = Math.max(session.sessionTime, Math.floor((now - Date.parse(session.startedAt)) / 1000));
  return (
    <dl className="items" data-testid="current-session">
      <Item label={t('home.ip')} testId="session-ip">
        {session.framedIP ?? '—'}
      </Item>
      <Item label={t('home.uptime')} testId="session-uptime">
        {fmt.duration(uptime)}
        <span className="block small muted">{t('home.since', { time: fmt.dateTime(session.startedAt) })}</span>
      </Item>
      <Item label={t('home.downloaded')} testId="session-down">
        {fmt.bytes(session.bytesOut)}
      </Item>
      <Item label={t('home.uploaded')} testId="session-up">
        {fmt.bytes(session.bytesIn)}
      </Item>
    </dl>
  );
}
