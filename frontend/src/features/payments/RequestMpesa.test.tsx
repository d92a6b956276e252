// The dashboard's "Request M-Pesa payment": what it refuses before asking the server, and
// what it sends.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { renderUI } from '../../test/render';
import { RequestMpesa, validateMpesaAmount } from './RequestMpesa';

function recordingClient(answer: unknown) {
  const sent: Record<string, unknown>[] = [];
  const client = {
    executeQuery: () => never,
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown> }) => {
      sent.push(op.variables);
      return fromValue({ data: answer, stale: false, hasNext: false, operation: op });
    },
  } as unknown as Client;
  return { client, sent };
}

describe('RequestMpesa', () => {
  it.each([
    ['1500', null],
    ['1500.50', 'M-Pesa takes whole shillings only'],
    ['', 'Enter an amount, e.g. 1500'],
    ['-3', 'Enter an amount, e.g. 1500'],
  ])('amount %j → %j', (input, want) => {
    expect(validateMpesaAmount(input)).toBe(want);
  });

  it('sends nothing for cents, then the push for whole shillings to the phone given', async () => {
    const { client, sent } = recordingClient({ startMobilePayment: { __typename: 'MobilePayment', id: 'M1', status: 'PENDING', phone: '+254712000001', amount: 150000 } });
    renderUI(<RequestMpesa customerId="C1" phone="+254712345678" price={150000} />, client);
    expect(screen.getByTestId('mpesa-amount')).toHaveValue('1500');
    fireEvent.change(screen.getByTestId('mpesa-amount'), { target: { value: '1500.50' } });
    fireEvent.click(screen.getByTestId('mpesa-request'));
    expect(await screen.findByText('M-Pesa takes whole shillings only')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
    fireEvent.change(screen.getByTestId('mpesa-amount'), { target: { value: '1500' } });
    fireEvent.change(screen.getByTestId('mpesa-phone'), { target: { value: '0712000001' } });
    fireEvent.click(screen.getByTestId('mpesa-request'));
    await waitFor(() => expect(sent).toEqual([{ customerID: 'C1', amount: 150000, phone: '0712000001' }]));
  });
});
