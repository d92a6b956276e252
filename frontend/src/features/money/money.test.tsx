// The money dialogs alone: what each refuses before asking the server, and what it sends.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { never } from 'wonka';
import { makeFragmentData } from '../../gql';
import { renderUI } from '../../test/render';
import { RedeemVoucherDialog, RedeemVoucherDialogFragment, validateCode } from '../customer/dialogs/RedeemVoucherDialog';
import { batchDataBytes, validateBatch } from './CreateBatchDialog';
import { RefundDialog, validateRefund } from './RefundDialog';

function recordingClient() {
  const sent: Record<string, unknown>[] = [];
  const client = {
    executeQuery: () => never,
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown> }) => {
      sent.push(op.variables);
      return never;
    },
  } as unknown as Client;
  return { client, sent };
}

const noop = () => {};
const payment = { id: 'T1', amount: 300000, refundable: 100000, method: 'mpesa', reference: 'QK1' };

describe('RefundDialog', () => {
  it('refuses more than what is left of the payment, and a refund without a reason', async () => {
    const { client, sent } = recordingClient();
    renderUI(<RefundDialog payment={payment} onClose={noop} />, client);
    fireEvent.change(await screen.findByTestId('refund-amount'), { target: { value: '1000.01' } });
    fireEvent.click(screen.getByTestId('confirm-refund'));
    expect(await screen.findByText('At most 1,000.00 can be refunded')).toBeInTheDocument();
    expect(screen.getByText('Say why the payment is refunded')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('sends the amount in minor units with the reason', async () => {
    const { client, sent } = recordingClient();
    renderUI(<RefundDialog payment={payment} onClose={noop} />, client);
    fireEvent.change(await screen.findByTestId('refund-amount'), { target: { value: '250.50' } });
    fireEvent.change(screen.getByTestId('refund-note'), { target: { value: ' double payment ' } });
    fireEvent.click(screen.getByTestId('confirm-refund'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ transactionID: 'T1', amount: 25050, note: 'double payment' });
  });

  it('validateRefund', () => {
    expect(validateRefund({ amount: '10', note: 'x' }, 1000)).toEqual({ amount: null, note: null });
    expect(validateRefund({ amount: '0', note: 'x' }, 1000).amount).toBe('The amount must be positive');
    expect(validateRefund({ amount: 'abc', note: 'x' }, 1000).amount).toMatch(/Enter an amount/);
  });
});

describe('RedeemVoucherDialog', () => {
  const customer = makeFragmentData({ id: 'C1', username: 'alice' }, RedeemVoucherDialogFragment);

  it('refuses a code of the wrong length, and sends a typed code as it is', async () => {
    const { client, sent } = recordingClient();
    renderUI(<RedeemVoucherDialog opened onClose={noop} customer={customer} />, client);
    fireEvent.change(await screen.findByTestId('voucher-code'), { target: { value: 'ABCD-EFGH' } });
    fireEvent.click(screen.getByTestId('confirm-voucher'));
    expect(await screen.findByText(/has 16 letters and digits/)).toBeInTheDocument();
    expect(sent).toEqual([]);
    fireEvent.change(screen.getByTestId('voucher-code'), { target: { value: ' abcd efgh-jkmn pqrs ' } });
    fireEvent.click(screen.getByTestId('confirm-voucher'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ customerID: 'C1', code: 'abcd efgh-jkmn pqrs' });
  });

  it('validateCode forgives dashes and spaces', () => {
    expect(validateCode('ABCD-EFGH-JKMN-PQRS')).toBeNull();
    expect(validateCode('')).toBe('Enter the code on the card');
  });
});

describe('validateBatch', () => {
  const ok = { count: 10, kind: 'amount', amount: '500', profileID: null, expires: '2027-01-31', agent: '' };
  it('accepts a good batch and names each problem', () => {
    expect(validateBatch(ok, '2026-12-07')).toEqual({ count: null, amount: null, profileID: null, expires: null, dataGB: null });
    expect(validateBatch({ ...ok, count: 1001 }, '2026-12-07').count).toBe('From 1 to 1000 vouchers');
    expect(validateBatch({ ...ok, amount: '' }, '2026-12-07').amount).toMatch(/value of each voucher/);
    expect(validateBatch({ ...ok, kind: 'plan', amount: '' }, '2026-12-07')).toEqual({ count: null, amount: null, profileID: 'Choose the plan', expires: null, dataGB: null });
    expect(validateBatch({ ...ok, dataGB: -1 }, '2026-12-07').dataGB).toBe('Empty, or a size in GB');
    expect(batchDataBytes(1.5)).toBe(1500000000);
    expect(batchDataBytes('')).toBeNull();
    expect(validateBatch({ ...ok, expires: '2026-12-07' }, '2026-12-07').expires).toBe('Choose a day after today');
  });
});
