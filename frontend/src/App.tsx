import { Badge, MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { makeClient } from './lib/client';
import { useToken } from './lib/auth';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Each page is its own chunk: the charts, the CSV parser and above all GraphiQL load only
// when a page needing them is opened.
const PoolsPage = lazy(() => import('./pages/PoolsPage').then((m) => ({ default: m.PoolsPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const CustomersPage = lazy(() => import('./pages/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const NewCustomerPage = lazy(() => import('./pages/NewCustomerPage').then((m) => ({ default: m.NewCustomerPage })));
const CustomerPage = lazy(() => import('./features/customer/CustomerPage').then((m) => ({ default: m.CustomerPage })));
const RadiusLogPage = lazy(() => import('./features/radiuslog/RadiusLogPage').then((m) => ({ default: m.RadiusLogPage })));
const SessionsPage = lazy(() => import('./features/sessions/SessionsPage').then((m) => ({ default: m.SessionsPage })));
const NasPage = lazy(() => import('./pages/NasPage').then((m) => ({ default: m.NasPage })));
const NasDetailPage = lazy(() => import('./pages/NasDetailPage').then((m) => ({ default: m.NasDetailPage })));
const ProfilesPage = lazy(() => import('./pages/ProfilesPage').then((m) => ({ default: m.ProfilesPage })));
const StaffPage = lazy(() => import('./pages/StaffPage').then((m) => ({ default: m.StaffPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const PaymentGatewaysPage = lazy(() => import('./features/payments/PaymentGatewaysPage').then((m) => ({ default: m.PaymentGatewaysPage })));
const UnmatchedPaymentsPage = lazy(() => import('./features/payments/UnmatchedPaymentsPage').then((m) => ({ default: m.UnmatchedPaymentsPage })));
const VouchersPage = lazy(() => import('./pages/VouchersPage').then((m) => ({ default: m.VouchersPage })));
const PaymentsPage = lazy(() => import('./pages/PaymentsPage').then((m) => ({ default: m.PaymentsPage })));
const RevenuePage = lazy(() => import('./pages/RevenuePage').then((m) => ({ default: m.RevenuePage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
const ExplorerPage = lazy(() => import('./pages/ExplorerPage'));

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

export function App() {
  const token = useToken();
  // A new client per login: nothing cached for one staff member shows for the next.
  const client = useMemo(() => makeClient(), [token]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <Provider value={client}>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireAuth>
                  <Shell />
                </RequireAuth>
              }
            >
              <Route index element={<DashboardPage />} />
              <Route path="customers" element={<CustomersPage />} />
              <Route path="customers/new" element={<NewCustomerPage />} />
              <Route path="customers/:id" element={<CustomerPage />} />
              <Route path="sessions" element={<SessionsPage />} />
              <Route path="radius-log" element={<RadiusLogPage />} />
              <Route path="payments" element={<PaymentsPage />} />
              <Route path="revenue" element={<RevenuePage />} />
              <Route path="reports" element={<ReportsPage />} />
              <Route path="vouchers" element={<VouchersPage />} />
              <Route path="nas" element={<NasPage />} />
              <Route path="nas/:id" element={<NasDetailPage />} />
              <Route path="profiles" element={<ProfilesPage />} />
              <Route path="pools" element={<PoolsPage />} />
              <Route path="staff" element={<StaffPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="notifications" element={<NotificationsPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="payments/gateways" element={<PaymentGatewaysPage />} />
              <Route path="payments/unmatched" element={<UnmatchedPaymentsPage />} />
              <Route path="explorer" element={<ExplorerPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Provider>
    </MantineProvider>
  );
}
