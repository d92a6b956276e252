// Renew from the balance: disabled with the shortfall in money when the balance does not
// cover the price; the server's refusal shown as given; a renewal shows the new expiry.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { gqlError } from '../mock/exchange';
import { isoDaysFromNow } from '../mock/fixtures';
import { renderPortal } from '../test/render';

describe('renew', () => {
  it('is disabled with the shortfall in money when the balance does not cover the price', async () => {
    // balance KES 500.00, price KES 1,500.00
    renderPortal({ scenario: 'poor', path: '/pay' });
    const renew = await screen.findByTestId('renew');
    expect(renew).toBeDisabled();
    expect(screen.getByTestId('renew-reason')).toHaveTextContent('Your balance is KES 1,000.00 short of the price. Pay first, then renew.');
    expect(screen.getByTestId('pay-balance')).toHaveTextContent('KES 500.00');
    expect(screen.getByTestId('payment-instructions')).toHaveTextContent('M-Pesa Paybill 123456');
  });

  it("shows the server's error as given", async () => {
    renderPortal({ path: '/pay', handlers: { Renew: () => gqlError('renewal refused: the plan Home 10M is no longer sold', 'BAD_USER_INPUT') } });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('renew'));
    await user.click(screen.getByTestId('confirm-renew-yes'));
    expect(await screen.findByTestId('renew-error')).toHaveTextContent('renewal refused: the plan Home 10M is no longer sold');
  });

  it('asks first, then renews and shows the new expiry', async () => {
    const until = isoDaysFromNow(42);
    const { sent } = renderPortal({
      path: '/pay',
      handlers: { Renew: () => ({ data: { renew: { expiresAt: until, daysLeft: 42, balance: 50000, connectionStatus: 'OFFLINE' } } }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('renew'));
    expect(screen.getByTestId('confirm-renew')).toHaveTextContent('Take KES 1,500.00 from your balance and renew Home 10M?');
    expect(sent('Renew')).toHaveLength(0);
    await user.click(screen.getByTestId('confirm-renew-yes'));
    expect(await screen.findByTestId('renewed')).toHaveTextContent(/^Renewed\. Your plan now runs until .+2\d{3}\.$/);
    expect(sent('Renew')).toHaveLength(1);
  });
});
