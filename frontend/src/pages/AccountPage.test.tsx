// My account over a mocked server with the real schema and cache: changing one's own password
// (field errors from the server where they belong), TOTP enrolment (QR code, key, first code,
// recovery codes shown once), and one's sign-ins.
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { MemoryRouter } from '../lib/router';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { AccountPage } from './AccountPage';
import { browserName } from '../features/account/SessionsCard';
import { groupSecret } from '../features/account/TotpCard';
import { serverLanguage } from '../features/account/language';
import { MeContext } from '../lib/me';
import { mockServer } from '../test/server';

const me = { id: 'S1', username: 'alice', role: 'OPERATOR' as const };
const qr = 'data:image/png;base64,iVBORw0KGgo=';
const sessions = [
  { id: 'T1', createdAt: '2026-12-07T08:00:00Z', lastUsedAt: '2026-12-07T09:00:00Z', address: '192.0.2.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', current: true },
  { id: 'T2', createdAt: '2026-12-06T08:00:00Z', lastUsedAt: null, address: '198.51.100.4', userAgent: '', current: false },
];

function setup(over: Record<string, unknown> = {}) {
  const calls: Record<string, unknown[]> = {};
  const record = (name: string, v: unknown) => (calls[name] ??= []).push(v);
  let totp = false;
  const server = mockServer({
    mySecurity: () => ({ totpEnabled: totp, totpEnabledAt: totp ? '2026-12-07T10:00:00Z' : null, recoveryCodesLeft: totp ? 10 : 0 }),
    mySessions: () => sessions,
    enrollTotp: () => ({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', otpauthURL: 'otpauth://totp/linedesk:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DP', qrCode: qr }),
    confirmTotp: ({ code }: { code: string }) => {
      record('confirmTotp', code);
      if (code !== '123456') throw new GraphQLError('the code does not match', { extensions: { code: 'BAD_USER_INPUT', field: 'code' } });
      totp = true;
      return { recoveryCodes: Array.from({ length: 10 }, (_, i) => `abcde-fgh${i}k`) };
    },
    changeOwnPassword: (v: { currentPassword: string; newPassword: string }) => {
      record('changeOwnPassword', v);
      if (v.currentPassword !== 'old-password-1') throw new GraphQLError('the current password is wrong', { extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } });
      return true;
    },
    endSession: ({ id }: { id: string }) => (record('endSession', id), true),
    ...over,
  });
  render(
    <Provider value={server.client}>
      <MantineProvider>
        <MeContext.Provider value={me}>
          <MemoryRouter initialEntries={['/account']}><AccountPage /></MemoryRouter>
        </MeContext.Provider>
      </MantineProvider>
    </Provider>,
  );
  return calls;
}

describe('changing one\'s own password', () => {
  it('shows the server\'s refusal at the current-password field, then changes it', async () => {
    const calls = setup();
    const form = await screen.findByTestId('password-form');
    fireEvent.change(within(form).getByLabelText('Current password'), { target: { value: 'wrong-one-123' } });
    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'brand-new-pass-1' } });
    fireEvent.change(within(form).getByLabelText('New password again'), { target: { value: 'brand-new-pass-1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('the current password is wrong')).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Current password'), { target: { value: 'old-password-1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(calls.changeOwnPassword).toHaveLength(2));
    expect(calls.changeOwnPassword[1]).toEqual({ currentPassword: 'old-password-1', newPassword: 'brand-new-pass-1' });
    await waitFor(() => expect(within(form).getByLabelText('Current password')).toHaveValue(''));
  });

  it('checks the repeat and the length before asking the server', async () => {
    const calls = setup();
    const form = await screen.findByTestId('password-form');
    fireEvent.change(within(form).getByLabelText('Current password'), { target: { value: 'old-password-1' } });
    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'short' } });
    fireEvent.change(within(form).getByLabelText('New password again'), { target: { value: 'other' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('At least 10 characters')).toBeInTheDocument();
    expect(within(form).getByText('The passwords differ')).toBeInTheDocument();
    expect(calls.changeOwnPassword).toBeUndefined();
  });
});

describe('two-factor enrolment', () => {
  it('shows the QR code and the key, refuses a wrong code, then shows ten recovery codes once', async () => {
    const calls = setup();
    expect(await screen.findByTestId('totp-state')).toHaveTextContent('Off');
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    const img = await screen.findByAltText('QR code to scan with an authenticator app');
    expect(img).toHaveAttribute('src', qr);
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    fireEvent.change(screen.getByLabelText('Code'), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the code does not match');
    fireEvent.change(screen.getByLabelText('Code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByTestId('recovery-codes');
    expect(within(codes).getAllByText(/^abcde-/)).toHaveLength(10);
    expect(calls.confirmTotp).toEqual(['654321', '123456']);
    await waitFor(() => expect(screen.getByTestId('totp-state')).toHaveTextContent('On'));
    fireEvent.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
  });
});

describe('sign-ins', () => {
  it('lists them with the browser and address, marks this one, and ends another', async () => {
    const calls = setup();
    const table = await screen.findByTestId('my-sessions');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Chrome on Linux');
    expect(rows[1]).toHaveTextContent('this one');
    expect(within(rows[1]).queryByRole('button')).toBeNull();
    expect(rows[2]).toHaveTextContent('198.51.100.4');
    fireEvent.click(within(rows[2]).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(calls.endSession).toEqual(['T2']));
  });
});

describe('helpers', () => {
  it('groups a key in fours and names browsers', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(browserName('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0')).toBe('Edge on Windows');
    expect(browserName('')).toBe('Unknown browser');
  });
});

describe('the language', () => {
  const languages: string[] = [];
  const record = (l: string) => languages.push(l);
  it('switches the dashboard at once, remembers it in this browser and saves it on the server', async () => {
    setup({ setOwnLanguage: ({ language }: { language: string }) => (record(language), { id: 'S1', username: 'alice', role: 'OPERATOR', language }) });
    const select = await screen.findByTestId('language-select');
    expect(select).toHaveValue('en');
    fireEvent.change(select, { target: { value: 'fr' } });
    expect(await screen.findByRole('heading', { name: 'Mot de passe' })).toBeInTheDocument();
    expect(localStorage.getItem('linedesk.language')).toBe('fr');
    fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'en' } });
    expect(await screen.findByRole('heading', { name: 'Password' })).toBeInTheDocument();
    await waitFor(() => expect(languages).toEqual(['fr', 'en']));
  });

  it("is the staff member's own, else the installation's, once the server has said", () => {
    expect(serverLanguage(undefined, 'sw')).toBeNull();
    expect(serverLanguage(null, undefined)).toBeNull();
    expect(serverLanguage(null, 'sw')).toBe('sw');
    expect(serverLanguage('fr', 'sw')).toBe('fr');
    expect(serverLanguage('fr', undefined)).toBe('fr');
  });
});
