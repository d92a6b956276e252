// Home with a mocked `me`: plan and speeds, status in plain words, expiry with days left,
// balance in the ISP's currency, usage against the cap, daily chart, the current session with
// live counters from sessionUpdated; the expired banner; UNAUTHENTICATED returns to sign-in.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSession } from '../lib/auth';
import { gqlError, type Answer } from '../mock/exchange';
import { homeFixture, meFixture } from '../mock/fixtures';
import { renderPortal } from '../test/render';

describe('home', () => {
  it('shows plan, status, expiry, balance, usage against the cap and the current session', async () => {
    renderPortal();
    await screen.findByText('Hello, Wanjiru Kamau');
    expect(screen.getByText('Account 100042')).toBeInTheDocument();
    const plan = screen.getByTestId('plan');
    expect(plan).toHaveTextContent('Home 10M');
    expect(plan).toHaveTextContent('Download 10 Mb/s · Upload 2.5 Mb/s');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Online: your router is connected');
    expect(screen.getByTestId('account-status')).toHaveTextContent('Active');
    expect(screen.getByTestId('expires')).toHaveTextContent('(12 days left)');
    expect(screen.getByTestId('balance')).toHaveTextContent('KES 2,000.00');
    // 4.8 GB up + 38.4 GB down of a 100 GB cap
    expect(await screen.findByTestId('usage-used')).toHaveTextContent('43.2 GB of 100 GB');
    expect(screen.getByTestId('usage-left')).toHaveTextContent('56.8 GB left');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '43');
    expect(screen.getByTestId('usage')).toHaveTextContent('Downloaded 38.4 GB · Uploaded 4.8 GB');
    const chart = screen.getByTestId('daily-chart');
    expect(chart.querySelectorAll('rect')).toHaveLength(14);
    expect(within(chart).getByRole('img').getAttribute('aria-label')).toMatch(/^Data used per day, from/);
    expect(screen.getByTestId('session-ip')).toHaveTextContent('10.10.4.27');
    expect(screen.getByTestId('session-down')).toHaveTextContent('1.24 GB');
    expect(screen.getByTestId('session-uptime')).toHaveTextContent('2 hr 14 min');
  });

  it('says "no data cap" for a plan without one', async () => {
    const home = homeFixture();
    renderPortal({ handlers: { Home: () => ({ data: { me: { ...home, usage: { ...home.usage, limitBytes: null } } } }) } });
    expect(await screen.findByTestId('usage-used')).toHaveTextContent('43.2 GB used (no data cap)');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('updates the live counters from the sessionUpdated subscription', async () => {
    let push: (a: Answer) => void = () => {};
    const s = homeFixture().currentSession!;
    renderPortal({
      subscriptions: {
        SessionUpdated: (p) => {
          push = p;
          return () => {};
        },
      },
    });
    expect(await screen.findByTestId('session-down')).toHaveTextContent('1.24 GB');
    await waitFor(() => expect(push).not.toBe(undefined));
    push({ data: { sessionUpdated: { ...s, bytesOut: 2_500_000_000, bytesIn: 120_000_000 } } });
    await waitFor(() => expect(screen.getByTestId('session-down')).toHaveTextContent('2.5 GB'));
    expect(screen.getByTestId('session-up')).toHaveTextContent('120 MB');
    expect(screen.getByText('Live')).toBeInTheDocument();
  });

  it('shows a clear banner with the way to renew when expired', async () => {
    renderPortal({ scenario: 'expired' });
    const banner = await screen.findByTestId('banner-expired');
    expect(banner).toHaveTextContent(/Your subscription ended on .+\. Renew or pay to get back online\./);
    expect(within(banner).getByRole('link', { name: 'Renew or pay' })).toHaveAttribute('href', '/portal/pay');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Expired: renew to get back online');
    expect(screen.getByTestId('expires')).toHaveTextContent('(ended 3 days ago)');
  });

  it('shows no current session when the router is offline', async () => {
    renderPortal({ scenario: 'poor' });
    const cs = await screen.findByTestId('current-session');
    expect(cs).toHaveTextContent('Your router is not connected right now.');
    expect(within(cs).getByRole('link', { name: 'See the last connection attempts' })).toHaveAttribute('href', '/portal/connections');
  });

  it('returns to sign-in, saying why, when the token is refused (UNAUTHENTICATED)', async () => {
    renderPortal({ handlers: { Me: () => gqlError('sign in again', 'UNAUTHENTICATED') } });
    await screen.findByRole('button', { name: 'Sign in' });
    expect(getSession()).toBeNull();
    expect(screen.getByText(/You were signed out/)).toBeInTheDocument();
    expect(window.location.pathname).toBe('/portal/signin');
  });

  it('sends a signed-out visitor to sign-in and back to the page asked for', async () => {
    renderPortal({ path: '/plans', session: null });
    await screen.findByRole('button', { name: 'Sign in' });
    expect(window.location.pathname + window.location.search).toBe('/portal/signin?next=%2Fplans');
  });

  it('formats in the ISP currency: UGX has no minor unit', async () => {
    renderPortal({
      handlers: {
        Isp: () => ({ data: { isp: { name: 'Kampala Net', logo: null, color: null, supportPhone: null, supportEmail: null, supportWhatsapp: null, paymentInstructions: null, currency: 'UGX', timeZone: 'Africa/Kampala' } } }),
        Me: () => ({ data: { me: { ...meFixture(), balance: 75000 } } }),
      },
    });
    await waitFor(() => expect(screen.getByTestId('balance')).toHaveTextContent('UGX 75,000'));
    expect(screen.getByTestId('balance').textContent).not.toContain('.');
  });
});
