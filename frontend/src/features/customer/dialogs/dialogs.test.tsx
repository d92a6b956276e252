// The customer dialogs alone: what each refuses before asking the server, and what it sends.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { makeFragmentData } from '../../../gql';
import { renderUI } from '../../../test/render';
import { EditDetailsDialog, EditDetailsDialogFragment, detailsInput } from './EditDetailsDialog';
import { PasswordDialog, PasswordDialogFragment } from './PasswordDialog';
import { RecordPaymentDialog, RecordPaymentDialogFragment } from './RecordPaymentDialog';
import { RenewDialog, RenewDialogFragment } from './RenewDialog';
import { ChangeProfileDialog, ChangeProfileDialogFragment } from './ChangeProfileDialog';

/** A client recording the mutations' variables and answering them with `answer`. */
function recordingClient(answer: unknown = null) {
  const sent: Record<string, unknown>[] = [];
  const client = {
    executeQuery: () => never,
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown> }) => {
      sent.push(op.variables);
      return answer ? fromValue({ data: answer, stale: false, hasNext: false, operation: op }) : never;
    },
  } as unknown as Client;
  return { client, sent };
}

const noop = () => {};

describe('RecordPaymentDialog', () => {
  const customer = makeFragmentData({ id: 'C1', username: 'alice', phone: '+254712345678', profile: { id: 'P1', price: 150000 } }, RecordPaymentDialogFragment);

  it('refuses a missing or negative amount, sending nothing', async () => {
    const { client, sent } = recordingClient();
    renderUI(<RecordPaymentDialog opened onClose={noop} customer={customer} />, client);
    fireEvent.click(await screen.findByTestId('confirm-payment'));
    expect(await screen.findByText('Enter an amount, e.g. 1500 or 1500.50')).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('payment-amount'), { target: { value: '-5' } });
    fireEvent.click(screen.getByTestId('confirm-payment'));
    expect(await screen.findByText('The amount must be positive')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('sends the amount in minor units, and cash without a reference', async () => {
    const { client, sent } = recordingClient();
    renderUI(<RecordPaymentDialog opened onClose={noop} customer={customer} />, client);
    fireEvent.change(await screen.findByTestId('payment-amount'), { target: { value: '1,500.50' } });
    fireEvent.click(screen.getByTestId('confirm-payment'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ input: { customerID: 'C1', amount: 150050, method: 'cash', reference: '', note: null } });
  });
});

describe('EditDetailsDialog', () => {
  const customer = makeFragmentData(
    { id: 'C1', username: 'alice', phone: '+254712345678', fullName: 'Alice', email: null, address: null, staticIP: null, macLock: null, autoRenew: false, maxSessions: 1,
      ipv6: { framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '' },
      profile: { id: 'P1', ipv6: { framedPrefix: '', delegatedPrefix: '', framedPool: 'v6-wan', delegatedPool: '', framedPrefixPool: null, delegatedPrefixPool: null } } },
    EditDetailsDialogFragment,
  );

  it('shows the field errors and sends nothing', async () => {
    const { client, sent } = recordingClient();
    renderUI(<EditDetailsDialog opened onClose={noop} customer={customer} />, client);
    fireEvent.change(await screen.findByLabelText('Static IP'), { target: { value: '10.0.0.300' } });
    fireEvent.change(screen.getByLabelText('MAC lock'), { target: { value: 'AA:BB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Not an IPv4 address')).toBeInTheDocument();
    expect(screen.getByText('Not a MAC address (AA:BB:CC:DD:EE:FF)')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('checks the IPv6 fields and shows the plan\'s values as placeholders', async () => {
    const { client, sent } = recordingClient();
    renderUI(<EditDetailsDialog opened onClose={noop} customer={customer} />, client);
    expect(await screen.findByLabelText('IPv6 WAN pool')).toHaveAttribute('placeholder', 'plan: v6-wan');
    fireEvent.change(screen.getByLabelText('Delegated prefix'), { target: { value: '2001:db8:0:1::/56' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Bits set past /56')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('clears what was emptied and normalises the MAC', () => {
    const v = { phone: ' 0712 ', fullName: ' ', email: '', address: 'Main St', staticIp: '', macLock: 'aa-bb-cc-dd-ee-ff', autoRenew: true, maxSessions: 2 };
    expect(detailsInput(v)).toEqual({
      phone: '0712', clearFullName: true, clearEmail: true, address: 'Main St', clearStaticIp: true, macLock: 'AA:BB:CC:DD:EE:FF', autoRenew: true, maxSessions: 2,
    });
  });
});

describe('PasswordDialog', () => {
  const customer = makeFragmentData({ id: 'C1', username: 'alice' }, PasswordDialogFragment);

  it('refuses a short password and generates one when left empty', async () => {
    const { client, sent } = recordingClient({ setCustomerPassword: { __typename: 'PasswordPayload', generatedPassword: 'Gen3rated-pw', warnings: [] } });
    renderUI(<PasswordDialog opened onClose={noop} customer={customer} />, client);
    fireEvent.change(await screen.findByLabelText('New password'), { target: { value: 'short' } });
    expect(screen.getByText('At least 8 characters')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set password' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate password' }));
    expect(await screen.findByTestId('new-password')).toHaveTextContent('Gen3rated-pw');
    expect(sent).toEqual([{ id: 'C1', password: null }]);
  });
});

describe('RenewDialog', () => {
  it('warns when the balance does not cover the price', async () => {
    const customer = makeFragmentData({ id: 'C1', username: 'alice', balance: 100, profile: { id: 'P1', name: 'Home', price: 150000, validityDays: 30 } }, RenewDialogFragment);
    renderUI(<RenewDialog opened onClose={noop} customer={customer} />, recordingClient().client);
    expect(await screen.findByTestId('renew-shortfall')).toHaveTextContent('1,499.00 short');
    expect(screen.getByTestId('confirm-renew')).toBeDisabled();
  });
});

describe('ChangeProfileDialog', () => {
  it('does not offer to change to the plan the customer is on', async () => {
    const customer = makeFragmentData({ id: 'C1', profile: { id: 'P1' } }, ChangeProfileDialogFragment);
    renderUI(<ChangeProfileDialog opened onClose={noop} customer={customer} />, recordingClient().client);
    expect(await screen.findByTestId('confirm-profile')).toBeDisabled();
  });
});
