// The frame of every signed-in page: the ISP's brand on top, the banners (expired,
// suspended/disabled with the reason, ending soon), the page, the ISP's contacts, and the
// navigation (a tab bar at the bottom on a phone, a row under the brand on a wide screen).
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useQuery } from 'urql';
import { useFormat, useIsp } from '../lib/isp';
import { useSubscriberLanguage } from '../lib/language';
import { MeContext, MeDocument, type Me } from '../lib/me';
import { Brand } from './Brand';
import { Contacts } from './Contacts';
import { ErrorNotice, Loading, Notice } from './ui';

const TABS = [
  ['/', 'nav.home'],
  ['/history', 'nav.history'],
  ['/plans', 'nav.plans'],
  ['/pay', 'nav.pay'],
  ['/account', 'nav.account'],
] as const;

/** Whether the tab for `to` is the page at `path` ("/history" also for "/connections"). */
export function isCurrent(path: string, to: string): boolean {
  if (to === '/') return path === '/';
  return path === to || path.startsWith(`${to}/`) || (to === '/history' && path === '/connections');
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const isp = useIsp();
  const [path] = useLocation();
  const [{ data, error }, refetch] = useQuery({ query: MeDocument });
  const me = data?.me;
  useSubscriberLanguage(me?.language);
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand-link">
            <Brand isp={isp} />
          </Link>
        </div>
      </header>
      <nav className="tabbar" aria-label={t('nav.label')}>
        {TABS.map(([to, key]) => (
          <Link key={to} href={to} className="tab" aria-current={isCurrent(path, to) ? 'page' : undefined}>
            {t(key)}
          </Link>
        ))}
      </nav>
      <main id="main" className="page">
        {me ? (
          <MeContext.Provider value={me}>
            <Banners me={me} />
            <Suspense fallback={<Loading />}>
              {children}
            </Suspense>
          </MeContext.Provider>
        ) : error ? (
          <>
            <ErrorNotice error={error} />
            <button type="button" className="btn" onClick={() => refetch({ requestPolicy: 'network-only' })}>
              {t('app.retry')}
            </button>
          </>
        ) : (
          <Loading />
        )}
      </main>
      <footer className="footer">
        <Contacts isp={isp} compact />
      </footer>
    </>
  );
}

export function Banners({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const out = [];
  if (me.restriction) {
    out.push(
      <Notice tone="error" key="restricted" testId="banner-restricted">
        <strong className="block">{t(`banner.restrictedTitle.${me.status}`)}</strong>
        <span className="block">{me.restriction}</span>
        <span className="block small">{t('banner.restrictedNote')}</span>
      </Notice>,
    );
  }
  if (me.connectionStatus === 'EXPIRED' || me.daysLeft < 0) {
    out.push(
      <Notice tone="warn" key="expired" testId="banner-expired">
        <span className="block">{t('banner.expired', { date: fmt.date(me.expiresAt) })}</span>
        <Link href="/pay" className="btn btn-primary btn-small">
          {t('banner.expiredAction')}
        </Link>
      </Notice>,
    );
  } else if (me.daysLeft === 0) {
    out.push(
      <Notice tone="warn" key="soon" testId="banner-soon">
        {t('banner.lastDay', { time: fmt.time(me.expiresAt) })}
      </Notice>,
    );
  } else if (me.daysLeft <= 3 && !me.autoRenew) {
    out.push(
      <Notice tone="info" key="soon" testId="banner-soon">
        {t('banner.soon', { count: me.daysLeft, date: fmt.date(me.expiresAt) })}
      </Notice>,
    );
  }
  return out.length ? <div className="banners">{out}</div> : null;
}
