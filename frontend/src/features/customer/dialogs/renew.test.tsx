// Renewing without the balance for it, and what a payment says after it is recorded.
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Client } from 'urql';
import { never } from 'wonka';
import { makeFragmentData } from '../../../gql';
import { renderUI } from '../../../test/render';
import { RenewDialog, RenewDialogFragment } from './RenewDialog';
import { paymentNotice } from './RecordPaymentDialog';
import { setCurrency } from '../../../lib/format';

const client = { executeQuery: () => never, executeMutation: vi.fn(() => never), executeSubscription: () => never } as unknown as Client;
const customer = (balance: number) =>
  makeFragmentData({ id: 'C1', username: 'alice', balance, profile: { id: 'P1', name: 'Home 10M', price: 150000, validityDays: 30 } }, RenewDialogFragment);

describe('RenewDialog', () => {
  it('at balance 0: Renew now is disabled, the shortfall is in money, and Record payment opens the payment', async () => {
    setCurrency('KES');
    const onRecordPayment = vi.fn();
    renderUI(<RenewDialog opened onClose={() => {}} customer={customer(0)} onRecordPayment={onRecordPayment} />, client);
    expect(await screen.findByTestId('confirm-renew')).toBeDisabled();
    const short = screen.getByTestId('renew-shortfall');
    expect(short).toHaveTextContent('KES 1,500.00 short');
    expect(short.textContent).not.toMatch(/150000/);
    fireEvent.click(screen.getByTestId('renew-record-payment'));
    expect(onRecordPayment).toHaveBeenCalledOnce();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('with enough balance: Renew now is enabled and no shortfall is shown', async () => {
    setCurrency('UGX');
    renderUI(<RenewDialog opened onClose={() => {}} customer={customer(200000)} onRecordPayment={() => {}} />, client);
    expect(await screen.findByTestId('confirm-renew')).toBeEnabled();
    expect(screen.queryByTestId('renew-shortfall')).toBeNull();
    expect(screen.getByText(/Charges UGX 150,000 from the balance \(UGX 200,000\)/)).toBeInTheDocument();
    setCurrency('');
  });
});

describe('paymentNotice', () => {
  const base = { createdAt: '2026-12-01T09:30:00Z', balanceAfter: 150000, customer: { balance: 150000, expiresAt: '2027-01-06T09:00:00Z' } };
  it('says a payment delivered again was already recorded, and when', () => {
    const n = paymentNotice({ ...base, alreadyRecorded: true });
    expect(n.title).toBe('Already recorded');
    expect(n.message).toMatch(/already recorded on Dec 1, 2026/);
  });
  it('shows the balance after the renewal the payment paid for', () => {
    const n = paymentNotice({ ...base, alreadyRecorded: false, customer: { balance: 0, expiresAt: '2027-01-06T09:00:00Z' } });
    expect(n.title).toBe('Payment recorded and plan renewed');
    expect(n.message).toMatch(/balance now 0\.00$/);
  });
  it('shows the balance when nothing was renewed', () => {
    expect(paymentNotice({ ...base, alreadyRecorded: false }).message).toBe('Balance now 1,500.00');
  });
});
