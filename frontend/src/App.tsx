import { Badge, MantineProvider, createTheme } from '@mantine/core';
import { lazy, Suspense, useMemo, type ComponentType } from 'react';
import { Provider } from 'urql';
import { makeClient } from './lib/client';
import { useToken } from './lib/auth';
import { useLater } from './lib/later';
import { Navigate, Route, Routes, useLocation } from './lib/router';
import { loadEnglish } from './i18n';
import { Shell } from './components/Shell';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * A page as its own chunk, rendered once the English strings the first load left out have
 * arrived too (fetched alongside). The charts, the CSV parser, the forms and above all
 * GraphiQL load only when a page needing them is opened.
 */
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [component] = await Promise.all([load(), loadEnglish()]);
    return { default: component };
  });
}

// The toasts' container: nothing to show on the first paint, so it loads after (a toast shown
// before it is there appears when it is).
const Notifications = lazy(() => import('@mantine/notifications').then((m) => ({ default: m.Notifications })));
const LoginPage = page(() => import('./pages/LoginPage').then((m) => m.LoginPage));
const PoolsPage = page(() => import('./pages/PoolsPage').then((m) => m.PoolsPage));
// The dashboard page needs only the English bundled with the first load.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const CustomersPage = page(() => import('./pages/CustomersPage').then((m) => m.CustomersPage));
const NewCustomerPage = page(() => import('./pages/NewCustomerPage').then((m) => m.NewCustomerPage));
const CustomerPage = page(() => import('./features/customer/CustomerPage').then((m) => m.CustomerPage));
const RadiusLogPage = page(() => import('./features/radiuslog/RadiusLogPage').then((m) => m.RadiusLogPage));
const SessionsPage = page(() => import('./features/sessions/SessionsPage').then((m) => m.SessionsPage));
const NasPage = page(() => import('./pages/NasPage').then((m) => m.NasPage));
const NasDetailPage = page(() => import('./pages/NasDetailPage').then((m) => m.NasDetailPage));
const ProfilesPage = page(() => import('./pages/ProfilesPage').then((m) => m.ProfilesPage));
const StaffPage = page(() => import('./pages/StaffPage').then((m) => m.StaffPage));
const AuditPage = page(() => import('./pages/AuditPage').then((m) => m.AuditPage));
const NotificationsPage = page(() => import('./pages/NotificationsPage').then((m) => m.NotificationsPage));
const SettingsPage = page(() => import('./pages/SettingsPage').then((m) => m.SettingsPage));
const PaymentGatewaysPage = page(() => import('./features/payments/PaymentGatewaysPage').then((m) => m.PaymentGatewaysPage));
const UnmatchedPaymentsPage = page(() => import('./features/payments/UnmatchedPaymentsPage').then((m) => m.UnmatchedPaymentsPage));
const VouchersPage = page(() => import('./pages/VouchersPage').then((m) => m.VouchersPage));
const PaymentsPage = page(() => import('./pages/PaymentsPage').then((m) => m.PaymentsPage));
const RevenuePage = page(() => import('./pages/RevenuePage').then((m) => m.RevenuePage));
const ReportsPage = page(() => import('./pages/ReportsPage').then((m) => m.ReportsPage));
const AccountPage = page(() => import('./pages/AccountPage').then((m) => m.AccountPage));
const ExplorerPage = page(() => import('./pages/ExplorerPage').then((m) => m.default));

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // badges carry short states: never cut them to an ellipsis in narrow table cells
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } }),
  },
});

function RequireAuth({ children }: { children: React.ReactNode }) {
  const token = useToken();
  const loc = useLocation();
  if (!token) {
    const next = loc.pathname + loc.search;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}

/** The signed-in pages, inside the shell; the first path that matches wins. */
function Pages() {
  return (
    <Routes>
      <Route path="/" element={<DashboardPage />} />
      <Route path="/customers" element={<CustomersPage />} />
      <Route path="/customers/new" element={<NewCustomerPage />} />
      <Route path="/customers/:id" element={<CustomerPage />} />
      <Route path="/sessions" element={<SessionsPage />} />
      <Route path="/radius-log" element={<RadiusLogPage />} />
      <Route path="/payments" element={<PaymentsPage />} />
      <Route path="/revenue" element={<RevenuePage />} />
      <Route path="/reports" element={<ReportsPage />} />
      <Route path="/vouchers" element={<VouchersPage />} />
      <Route path="/nas" element={<NasPage />} />
      <Route path="/nas/:id" element={<NasDetailPage />} />
      <Route path="/profiles" element={<ProfilesPage />} />
      <Route path="/pools" element={<PoolsPage />} />
      <Route path="/staff" element={<StaffPage />} />
      <Route path="/audit" element={<AuditPage />} />
      <Route path="/notifications" element={<NotificationsPage />} />
      <Route path="/settings" element={<SettingsPage />} />
      <Route path="/payments/gateways" element={<PaymentGatewaysPage />} />
      <Route path="/payments/unmatched" element={<UnmatchedPaymentsPage />} />
      <Route path="/explorer" element={<ExplorerPage />} />
      <Route path="/account" element={<AccountPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export function App() {
  const token = useToken();
  // A new client per login: nothing cached for one staff member shows for the next.
  const client = useMemo(() => makeClient(), [token]); // eslint-disable-line react-hooks/exhaustive-deps
  const later = useLater();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {later && (
        <Suspense fallback={null}>
          <Notifications position="top-right" />
        </Suspense>
      )}
      <Provider value={client}>
        <Routes>
          <Route
            path="/login"
            element={
              <Suspense fallback={null}>
                <LoginPage />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <RequireAuth>
                <Shell>
                  <Pages />
                </Shell>
              </RequireAuth>
            }
          />
        </Routes>
      </Provider>
    </MantineProvider>
  );
}
