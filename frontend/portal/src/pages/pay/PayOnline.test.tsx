// Paying online from the Pay page: M-Pesa followed until paid (then the balance is read
// again), Paystack by redirect, a voucher redeemed, and only the instructions without gateways.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gqlError } from '../../mock/exchange';
import { ispFixture } from '../../mock/fixtures';
import { renderPortal } from '../../test/render';
import { navigate } from './CardPay';
import { toMinor } from './amount';

const withMethods = (...payMethods: string[]) => ({ Isp: () => ({ data: { isp: { ...ispFixture(), payMethods } } }) });

afterEach(() => vi.useRealTimers());

describe('amounts', () => {
  it.each([
    ['500', 50000], ['1,500.50', 150050], [' 20.5 ', 2050], ['0', null], ['-5', null], ['5.123', null], ['abc', null], ['', null],
  ])('%j is %j minor units', (typed, want) => expect(toMinor(typed)).toBe(want));
});

describe('pay online', () => {
  it('shows only the instructions (and the voucher form) when no gateway is enabled', async () => {
    renderPortal({ path: '/pay' });
    await screen.findByTestId('payment-instructions', {}, { timeout: 10000 }); // the first to load the page's chunk
    expect(screen.queryByTestId('mpesa-pay')).toBeNull();
    expect(screen.queryByTestId('card-pay')).toBeNull();
    expect(screen.getByTestId('voucher-redeem')).toBeInTheDocument();
  });

  it('sends an M-Pesa prompt and follows it until paid, then reads the balance again', async () => {
    let polls = 0;
    const { sent } = renderPortal({
      path: '/pay',
      scenario: 'poor',
      handlers: {
        ...withMethods('MPESA'),
        StartMobilePayment: (v) => ({ data: { startMobilePayment: { id: '7', status: 'PENDING', amount: v.amount } } }),
        MobilePayment: () => {
          polls++;
          const status = polls < 2 ? 'PENDING' : 'PAID';
          return { data: { mobilePayment: { id: '7', status, amount: 100000, receipt: 'QK1', resultDesc: null } } };
        },
      },
    });
    const user = userEvent.setup();
    const amount = await screen.findByTestId('mpesa-amount');
    expect(amount).toHaveValue('1000'); // the shortfall to the next renewal: price 1,500 − balance 500
    await user.click(screen.getByTestId('mpesa-pay'));
    expect(sent('StartMobilePayment')[0].variables).toEqual({ amount: 100000, phone: '+254712345678' });
    expect(await screen.findByTestId('mpesa-pending')).toHaveTextContent('enter your M-Pesa PIN');
    const meBefore = sent('Me').length;
    expect(await screen.findByTestId('mpesa-status', {}, { timeout: 25000 })).toHaveTextContent('Paid KES 1,000.00');
    await waitFor(() => expect(sent('Me').length).toBeGreaterThan(meBefore));
  }, 40000);

  it('shows why an M-Pesa payment failed', async () => {
    renderPortal({
      path: '/pay',
      scenario: 'poor',
      handlers: {
        ...withMethods('MPESA'),
        StartMobilePayment: () => gqlError('M-Pesa amounts are whole shillings', 'BAD_USER_INPUT'),
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('mpesa-pay'));
    expect(await screen.findByTestId('mpesa-error')).toHaveTextContent('M-Pesa amounts are whole shillings');
  });

  it("goes to Paystack's page for a card payment", async () => {
    const to = vi.spyOn(navigate, 'to').mockImplementation(() => {});
    renderPortal({
      path: '/pay',
      scenario: 'poor',
      handlers: { ...withMethods('PAYSTACK'), StartCardPayment: () => ({ data: { startCardPayment: { id: '8', checkoutURL: 'https://checkout.paystack.com/abc' } } }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('card-pay'));
    await waitFor(() => expect(to).toHaveBeenCalledWith('https://checkout.paystack.com/abc'));
    expect(screen.queryByTestId('mpesa-pay')).toBeNull();
  });

  it('redeems a voucher and shows what it added', async () => {
    const { sent } = renderPortal({
      path: '/pay',
      handlers: { RedeemVoucher: () => ({ data: { redeemVoucher: { id: '9', amount: 50000, receiptNo: 'R-000009' } } }) },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('voucher-code'), 'abcd-efgh-jkmn-pqrs');
    await user.click(screen.getByTestId('voucher-redeem'));
    expect(await screen.findByTestId('voucher-done')).toHaveTextContent('Voucher redeemed: KES 500.00 added.');
    expect(sent('RedeemVoucher')[0].variables).toEqual({ code: 'abcd-efgh-jkmn-pqrs' });
  });
});
