import { Badge, MantineProvider, createTheme, Loader, Center } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { makeClient } from './lib/client';
import { useToken } from './lib/auth';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { DashboardPage } from './pages/DashboardPage';
import { CustomersPage } from './pages/CustomersPage';
import { NewCustomerPage } from './pages/NewCustomerPage';
import { CustomerPage } from './pages/CustomerPage';
import { NasPage } from './pages/NasPage';
import { ProfilesPage } from './pages/ProfilesPage';
import { StaffPage } from './pages/StaffPage';
import { AuditPage } from './pages/AuditPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { SettingsPage } from './pages/SettingsPage';
import { NotFoundPage } from './pages/NotFoundPage';

// GraphiQL is large: load it only when the explorer is opened.
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
              <Route path="nas" element={<NasPage />} />
              <Route path="profiles" element={<ProfilesPage />} />
              <Route path="staff" element={<StaffPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="notifications" element={<NotificationsPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route
                path="explorer"
                element={
                  <Suspense
                    fallback={
                      <Center h={300}>
                        <Loader />
                      </Center>
                    }
                  >
                    <ExplorerPage />
                  </Suspense>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Provider>
    </MantineProvider>
  );
}
