// A suspended or disabled subscriber sees everything but every action is disabled, with the
// server's reason (`restriction`) next to it; nothing is sent.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../test/render';

const REASON = 'Suspended by staff on 2 Dec: unpaid installation fee.';

describe('read-only when suspended', () => {
  it('home shows the banner with the reason', async () => {
    renderPortal({ scenario: 'suspended' });
    const banner = await screen.findByTestId('banner-restricted');
    expect(banner).toHaveTextContent('Your account is suspended');
    expect(banner).toHaveTextContent(REASON);
    expect(banner).toHaveTextContent('You can see your account, but you cannot make changes.');
    expect(await screen.findByTestId('account-status')).toHaveTextContent('Suspended');
  });

  it('account: every form control is disabled, with the reason', async () => {
    const { sent } = renderPortal({ scenario: 'suspended', path: '/account' });
    await screen.findByRole('heading', { name: 'Account' });
    const controls = screen
      .getAllByRole('textbox')
      .concat(screen.getAllByRole('checkbox'), screen.getAllByRole('button').filter((b) => b.textContent !== 'Sign out' && b.textContent !== 'Suggest a password'));
    expect(controls.length).toBeGreaterThan(6);
    for (const c of controls) expect(c).toBeDisabled();
    expect(screen.getAllByTestId('restricted-note').length).toBeGreaterThanOrEqual(4);
    for (const n of screen.getAllByTestId('restricted-note')) expect(n).toHaveTextContent(REASON);
    // sign-out stays possible
    expect(screen.getByTestId('sign-out')).toBeEnabled();
    fireEvent.submit(screen.getByTestId('password-form'));
    expect(sent('ChangePassword')).toHaveLength(0);
  });

  it('plans: choosing is disabled with the reason', async () => {
    renderPortal({ scenario: 'suspended', path: '/plans' });
    const plans = await screen.findAllByTestId('plan');
    const other = plans.find((p) => p.dataset.plan === 'Home 20M')!;
    expect(within(other).getByRole('button', { name: 'Choose this plan' })).toBeDisabled();
    expect(within(other).getByTestId('restricted-note')).toHaveTextContent(REASON);
  });

  it('pay: renewing is disabled with the reason, payment instructions still shown', async () => {
    renderPortal({ scenario: 'suspended', path: '/pay' });
    const renew = await screen.findByTestId('renew');
    expect(renew).toBeDisabled();
    expect(screen.getByTestId('renew-reason')).toHaveTextContent(REASON);
    expect(renew).toHaveAccessibleDescription(REASON);
    expect(screen.getByTestId('payment-instructions')).toHaveTextContent('M-Pesa Paybill 123456');
  });
});
