// The portal's routes under /portal/. Only the shell, the sign-in page and the client are in
// the first download; every other page is its own chunk, loaded when opened.
import { lazy, useEffect, useMemo, type ReactNode } from 'react';
import { Redirect, Route, Router, Switch, useLocation, useSearch } from 'wouter';
import { Provider, type Exchange } from 'urql';
import { useSession } from './lib/auth';
import { makeClient } from './lib/client';
import { IspProvider } from './lib/isp';
import { Shell } from './components/Shell';
import { SignInPage } from './pages/SignInPage';
import { NotFoundPage } from './pages/NotFoundPage';

const page = <T,>(load: () => Promise<T>, pick: (m: T) => React.ComponentType) =>
  lazy(() => load().then((m) => ({ default: pick(m) })));

const HomePage = page(() => import('./pages/HomePage'), (m) => m.HomePage);
const HistoryPage = page(() => import('./pages/HistoryPage'), (m) => m.HistoryPage);
const AttemptsPage = page(() => import('./pages/AttemptsPage'), (m) => m.AttemptsPage);
const AccountPage = page(() => import('./pages/AccountPage'), (m) => m.AccountPage);
const PlansPage = page(() => import('./pages/PlansPage'), (m) => m.PlansPage);
const PayPage = page(() => import('./pages/PayPage'), (m) => m.PayPage);
const ReceiptsPage = page(() => import('./pages/ReceiptsPage'), (m) => m.ReceiptsPage);

export const BASENAME = '/portal';

function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const [path] = useLocation();
  const search = useSearch();
  if (!session) {
    const next = path + (search ? `?${search}` : '');
    return <Redirect to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}

function SignedInPages() {
  return (
    <Switch>
      <Route path="/" component={HomePage} />
      <Route path="/history" component={HistoryPage} />
      <Route path="/connections" component={AttemptsPage} />
      <Route path="/account" component={AccountPage} />
      <Route path="/plans" component={PlansPage} />
      <Route path="/pay" component={PayPage} />
      <Route path="/receipts" component={ReceiptsPage} />
      <Route component={NotFoundPage} />
    </Switch>
  );
}

/** The expired page is its own HTML page (expired.html, no React): leave the app for it. */
function ToExpiredPage() {
  useEffect(() => {
    window.location.replace(`${BASENAME}/expired.html`);
  }, []);
  return null;
}

export function App({ transport }: { transport?: Exchange }) {
  const session = useSession();
  const token = session?.token ?? null;
  // The ISP's details need no token: their client lives as long as the page.
  const publicClient = useMemo(() => makeClient(transport, { anonymous: true }), [transport]);
  // A new client per sign-in: nothing cached for one subscriber shows for the next.
  const client = useMemo(() => makeClient(transport), [token, transport]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Provider value={publicClient}>
      <IspProvider>
        <Provider value={client}>
          <Router base={BASENAME}>
            <Switch>
              <Route path="/signin" component={SignInPage} />
              <Route path="/expired" component={ToExpiredPage} />
              <Route>
                <RequireSession>
                  <Shell>
                    <SignedInPages />
                  </Shell>
                </RequireSession>
              </Route>
            </Switch>
          </Router>
        </Provider>
      </IspProvider>
    </Provider>
  );
}
