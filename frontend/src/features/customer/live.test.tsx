// The normalised cache end to end: the customers list and the customer page share one cache
// over a mocked server; pushed subscription results and mutation answers must change every
// view that shows the record, without asking the server again.
import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from '../../lib/router';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { CustomersPage } from '../../pages/CustomersPage';
import { CustomerPage } from './CustomerPage';
import { MeContext } from '../../lib/me';
import { connection, customer, profile, session } from '../../test/fixtures';
import { mockServer, type MockServer } from '../../test/server';

const admin = { id: 'ST1', username: 'admin', role: 'ADMIN' as const };

function setup(c = customer()) {
  const server = mockServer({
    customer: ({ id }: { id: string }) => (id === c.id ? c : null),
    customers: () => connection([c]),
    profiles: () => connection([profile]),
  });
  return { c, server };
}

/** The customers list and the customer page side by side, on one client. */
function renderBoth(server: MockServer) {
  return render(
    <Provider value={server.client}>
      <MantineProvider>
        <MeContext.Provider value={admin}>
          <MemoryRouter initialEntries={['/customers/C1']}>
            <Routes>
              <Route path="/customers/:id" element={<><CustomersPage /><CustomerPage /></>} />
            </Routes>
          </MemoryRouter>
        </MeContext.Provider>
      </MantineProvider>
    </Provider>,
  );
}

const row = () => document.querySelector('[data-testid=customers-table] tr[data-username="alice"]') as HTMLElement;
const header = () => screen.getByRole('heading', { name: 'alice' }).closest('header, div') as HTMLElement;

async function ready(server: MockServer) {
  await screen.findByRole('heading', { name: 'alice' });
  await waitFor(() => expect(row()).toBeTruthy());
  await waitFor(() => expect(server.open('sessionUpdated')).toBeGreaterThan(0));
}

describe('a pushed session', () => {
  it('turns the customers list row and the customer page Online, then Offline, without asking the server', async () => {
    const { server } = setup();
    renderBoth(server);
    await ready(server);
    expect(within(row()).getByText('Offline')).toBeInTheDocument();
    expect(within(screen.getByTestId('current-session')).getByText('Not connected.')).toBeInTheDocument();
    const sentBefore = server.sent.length;

    const s = session({ bytesOut: 2_000_000 });
    act(() => server.push('sessionUpdated', s));
    await waitFor(() => expect(row().querySelector('[data-access-state=ONLINE]')).toBeTruthy());
    expect(document.querySelectorAll('[data-access-state=ONLINE]').length).toBe(2); // the row and the page's header
    expect(screen.getByTestId('session-ip')).toHaveTextContent('100.64.0.10');
    expect(screen.getByTestId('session-bytes-out')).toHaveTextContent('2 MB');
    expect(screen.getByRole('tab', { name: /Connection history \(1\)/ })).toBeInTheDocument();
    expect(within(screen.getByTestId('sessions-table')).getByText('open')).toBeInTheDocument();
    // the usage card counts what the live session moved since the usage was read
    expect(screen.getByTestId('usage-total')).toHaveTextContent('2 MB of 100 GB');

    // an Interim-Update: the counters grow in place
    act(() => server.push('sessionUpdated', { ...s, bytesOut: 7_000_000 }));
    await waitFor(() => expect(screen.getByTestId('session-bytes-out')).toHaveTextContent('7 MB'));
    expect(screen.getByTestId('usage-total')).toHaveTextContent('7 MB of 100 GB');

    // the Accounting-Stop
    act(() => server.push('sessionUpdated', { ...s, bytesOut: 8_000_000, open: false, stoppedAt: new Date().toISOString(), terminateCause: 'User-Request' }));
    await waitFor(() => expect(row().querySelector('[data-access-state=OFFLINE]')).toBeTruthy());
    expect(document.querySelectorAll('[data-access-state=ONLINE]').length).toBe(0);
    expect(within(screen.getByTestId('current-session')).getByText('Not connected.')).toBeInTheDocument();
    expect(within(screen.getByTestId('sessions-table')).getByText('User-Request')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /Connection history \(1\)/ })).toBeInTheDocument();
    expect(screen.getByTestId('usage-total')).toHaveTextContent('8 MB of 100 GB');

    expect(server.sent.slice(sentBefore)).toEqual([]);
  });

  it('keeps an expired customer Expired', async () => {
    const { server } = setup(customer({ expiresAt: '2026-01-01T00:00:00Z', connectionStatus: 'EXPIRED', accessState: 'EXPIRED' }));
    renderBoth(server);
    await ready(server);
    act(() => server.push('sessionUpdated', session()));
    await screen.findByTestId('session-ip');
    expect(row().querySelector('[data-access-state=EXPIRED]')).toBeTruthy();
  });
});

describe('a pushed customer', () => {
  it('updates its row and its page', async () => {
    const { server } = setup();
    renderBoth(server);
    await ready(server);
    await waitFor(() => expect(server.open('connectionStatusChanged')).toBeGreaterThan(0));
    const sentBefore = server.sent.length;
    act(() =>
      server.push('connectionStatusChanged', { ...customer(), status: 'SUSPENDED', connectionStatus: 'ONLINE' }),
    );
    // one state: the router refuses a suspended customer, connected or not
    await waitFor(() => expect(row().querySelector('[data-access-state=SUSPENDED]')).toBeTruthy());
    expect(header()).toBeTruthy();
    expect(document.querySelectorAll('[data-access-state=SUSPENDED]').length).toBe(2);
    expect(document.querySelectorAll('[data-access-state=ONLINE]').length).toBe(0);
    expect(screen.getByTestId('resume')).toBeInTheDocument();
    // only the authentication attempts, which no subscription carries, are asked again
    await waitFor(() => expect(server.sent.slice(sentBefore)).toEqual(['RefreshCustomerAuthEvents']));
  });
});

describe('recording a payment', () => {
  it('puts the transaction at the head of the ledger and updates the balance without a refetch', async () => {
    const c = customer();
    const server = mockServer({
      customer: () => c,
      customers: () => connection([c]),
      profiles: () => connection([profile]),
      paymentMethods: () => ['cash', 'mpesa'],
      recordPayment: ({ input }: { input: { amount: number; method: string; reference: string } }) => {
        c.balance += input.amount;
        const t = {
          id: 'T9', amount: input.amount, balanceAfter: c.balance, kind: 'PAYMENT', method: input.method, reference: input.reference,
          note: null, alreadyRecorded: false, actor: 'admin', createdAt: new Date().toISOString(), customer: c,
          receiptNo: 'R-000009', receiptURL: '/receipts/T9.pdf', refundable: input.amount,
        };
        c.transactionList.unshift(t);
        return t;
      },
    });
    renderBoth(server);
    await ready(server);
    expect(screen.getByRole('tab', { name: /Ledger \(0\)/ })).toBeInTheDocument();
    const sentBefore = server.sent.length;
    fireEvent.click(screen.getByTestId('record-payment'));
    fireEvent.change(await screen.findByTestId('payment-amount'), { target: { value: '1500' } });
    fireEvent.change(screen.getByTestId('payment-reference'), { target: { value: 'R-1' } });
    fireEvent.click(screen.getByTestId('confirm-payment'));
    await waitFor(() => expect(screen.getByTestId('balance')).toHaveTextContent('1,500.00'));
    fireEvent.click(screen.getByRole('tab', { name: /Ledger \(1\)/ }));
    const ledger = await screen.findByTestId('ledger-table');
    expect(within(ledger).getByText('R-1')).toBeInTheDocument();
    expect(within(ledger).getByText('R-000009')).toBeInTheDocument();
    expect(within(ledger).getByRole('button', { name: 'Download receipt R-000009' })).toBeInTheDocument();
    // the dialog asks which methods to offer; the customer and its ledger are not fetched again
    expect(server.sent.slice(sentBefore).filter((n) => n !== 'PaymentMethods')).toEqual(['RecordPayment']);
  });
});
