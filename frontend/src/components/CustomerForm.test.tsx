import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CustomerForm, emptyCustomer, validateCustomer } from './CustomerForm';
import { renderUI, stubClient } from '../test/render';

const profiles = [{ value: 'p1', label: 'Home 10M' }];

describe('validateCustomer', () => {
  it('accepts a complete customer', () => {
    expect(validateCustomer({ ...emptyCustomer, username: 'alice', phone: '0712345678', profileID: 'p1' })).toEqual({});
  });
  it.each([
    [{ username: '' }, 'username', 'Username is required'],
    [{ username: 'Alice' }, 'username', 'Use lower-case letters only'],
    [{ username: 'al' }, 'username', 'At least 3 characters'],
    [{ username: 'al ice' }, 'username', 'Only a–z, 0–9 and . _ @ -'],
    [{ username: 'a'.repeat(65) }, 'username', 'At most 64 characters'],
    [{ phone: '' }, 'phone', 'Phone is required'],
    [{ phone: '12ab' }, 'phone', 'Enter a phone number, e.g. +254712345678 or 0712345678'],
    [{ email: 'nope' }, 'email', 'Not an e-mail address'],
    [{ staticIP: '10.0.0.256' }, 'staticIP', 'Not an IPv4 address'],
    [{ staticIP: '10.0.0' }, 'staticIP', 'Not an IPv4 address'],
    [{ macLock: 'AA:BB:CC' }, 'macLock', 'Not a MAC address (AA:BB:CC:DD:EE:FF)'],
    [{ password: 'short' }, 'password', 'At least 8 characters (or leave empty to generate one)'],
    [{ profileID: '' }, 'profileID', 'Choose a profile'],
  ])('%j → %s: %s', (patch, field, msg) => {
    const v = { ...emptyCustomer, username: 'alice', phone: '+254712345678', profileID: 'p1', ...patch };
    expect(validateCustomer(v)).toEqual({ [field]: msg });
  });
  it('accepts MACs written in other styles', () => {
    for (const mac of ['aa-bb-cc-dd-ee-ff', 'aabb.ccdd.eeff', 'AA:BB:CC:DD:EE:FF']) {
      expect(validateCustomer({ ...emptyCustomer, username: 'alice', phone: '0712345678', profileID: 'p1', macLock: mac })).toEqual({});
    }
  });
});

describe('CustomerForm', () => {
  it('shows every client-side error at its field and does not submit', async () => {
    const onSubmit = vi.fn();
    renderUI(<CustomerForm profiles={profiles} onSubmit={onSubmit} checkAvailability={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create customer' }));
    expect(await screen.findByText('Username is required')).toBeInTheDocument();
    expect(screen.getByText('Phone is required')).toBeInTheDocument();
    expect(screen.getByText('Choose a profile')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('lower-cases the username as it is typed', () => {
    renderUI(<CustomerForm profiles={profiles} onSubmit={vi.fn()} checkAvailability={false} />);
    const input = screen.getByTestId('username');
    fireEvent.change(input, { target: { value: 'Alice.K' } });
    expect(input).toHaveValue('alice.k');
  });

  it('generates a strong password on request', () => {
    renderUI(<CustomerForm profiles={profiles} onSubmit={vi.fn()} checkAvailability={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Generate a strong password' }));
    const pw = (screen.getByTestId('password') as HTMLInputElement).value;
    expect(pw).toMatch(/^[A-Za-z2-9]{14}$/);
    expect(pw).not.toMatch(/[01lIoO]/);
  });

  it('shows the server field errors at the fields', async () => {
    renderUI(
      <CustomerForm
        profiles={profiles}
        onSubmit={vi.fn()}
        checkAvailability={false}
        serverErrors={{ phone: 'phone number is already used by 100004', staticIp: 'address in use' }}
        generalError="Could not create the customer"
      />,
    );
    expect(await screen.findByText('phone number is already used by 100004')).toBeInTheDocument();
    expect(screen.getByText('address in use')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not create the customer');
  });

  it('tells when the username is taken, as you type', async () => {
    const client = stubClient((v) => ({ usernameAvailable: v.username !== 'alice' }));
    renderUI(<CustomerForm profiles={profiles} onSubmit={vi.fn()} />, client);
    fireEvent.change(screen.getByTestId('username'), { target: { value: 'alice' } });
    expect(await screen.findByText('This username is taken', {}, { timeout: 10000 })).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('username'), { target: { value: 'alice2' } });
    expect(await screen.findByText('Available', {}, { timeout: 10000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('This username is taken')).toBeNull());
  });

  it('submits trimmed values with a normalized MAC', async () => {
    const onSubmit = vi.fn();
    renderUI(<CustomerForm profiles={profiles} onSubmit={onSubmit} checkAvailability={false} />);
    fireEvent.change(screen.getByTestId('username'), { target: { value: 'bob ' } });
    fireEvent.change(screen.getByTestId('username'), { target: { value: 'bob' } });
    fireEvent.change(screen.getByTestId('phone'), { target: { value: '0712 345 678' } });
    fireEvent.change(screen.getByLabelText('MAC lock', { exact: false }), { target: { value: 'aa-bb-cc-dd-ee-ff' } });
    // pick the profile through the Select's combobox
    fireEvent.click(screen.getByTestId('profile'));
    fireEvent.click(await screen.findByRole('option', { name: 'Home 10M' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create customer' }));
    });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ username: 'bob', phone: '0712 345 678', profileID: 'p1', macLock: 'AA:BB:CC:DD:EE:FF' });
  });
});
