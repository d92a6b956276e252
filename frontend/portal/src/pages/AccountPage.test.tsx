// Change the password (the server's message about the router shown; "disconnect now" sent),
// set one after a sign-in by code (no current password), the strength hint, e-mail, phone by
// code, automatic renewal.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { gqlError } from '../mock/exchange';
import { SESSION, renderPortal } from '../test/render';

const ROUTER_MSG = 'Your router needs the new password: enter it in its PPPoE settings.';

describe('password', () => {
  it("changes it and shows the server's message; disconnect now is sent when ticked", async () => {
    const { sent } = renderPortal({
      path: '/account',
      handlers: { ChangePassword: () => ({ data: { changePassword: { disconnected: true, message: ROUTER_MSG, subscriber: { connectionStatus: 'OFFLINE' } } } }) },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old-pass-123');
    await user.type(screen.getByLabelText('New password'), 'Blue-Kettle-88');
    await user.click(screen.getByLabelText('Disconnect me now so the new password takes effect at once'));
    await user.click(screen.getByTestId('save-password'));
    expect(await screen.findByTestId('password-message')).toHaveTextContent(ROUTER_MSG);
    expect(screen.getByTestId('password-changed')).toHaveTextContent('Your connection was dropped: enter the new password in your router now.');
    expect(sent('ChangePassword')[0].variables).toEqual({ current: 'old-pass-123', new: 'Blue-Kettle-88', disconnectNow: true });
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });

  it("shows the server's refusal (wrong current password, weak password)", async () => {
    renderPortal({ path: '/account', handlers: { ChangePassword: () => gqlError('password is one of the most common passwords', 'BAD_USER_INPUT', { field: 'new' }) } });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old-pass-123');
    await user.type(screen.getByLabelText('New password'), 'internet');
    await user.click(screen.getByTestId('save-password'));
    expect(await screen.findByTestId('password-error')).toHaveTextContent('password is one of the most common passwords');
  });

  it('hints at the strength while typing', async () => {
    renderPortal({ path: '/account' });
    const user = userEvent.setup();
    const input = await screen.findByLabelText('New password');
    await user.type(input, 'short');
    expect(screen.getByTestId('strength')).toHaveAttribute('data-level', 'weak');
    expect(screen.getByTestId('strength')).toHaveTextContent('Use at least 8 characters.');
    await user.clear(input);
    await user.type(input, 'wanjiru.k-2026');
    expect(screen.getByTestId('strength')).toHaveTextContent('Do not use your username in it.');
    await user.clear(input);
    await user.type(input, 'Blue-Kettle-88-Sun');
    expect(screen.getByTestId('strength')).toHaveAttribute('data-level', 'strong');
  });

  it('after a sign-in by code sets a password without the current one', async () => {
    const { sent } = renderPortal({
      path: '/account',
      session: { ...SESSION, byCode: true },
      handlers: { SetPassword: () => ({ data: { setPassword: { disconnected: false, message: ROUTER_MSG, subscriber: { connectionStatus: 'ONLINE' } } } }) },
    });
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Set a new password' });
    expect(screen.queryByLabelText('Current password')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Suggest a password' }));
    const suggested = (screen.getByLabelText('New password') as HTMLInputElement).value;
    expect(suggested).toMatch(/^[a-zA-Z2-9]{12}$/);
    await user.click(screen.getByTestId('save-password'));
    expect(await screen.findByTestId('password-message')).toHaveTextContent(ROUTER_MSG);
    expect(sent('SetPassword')[0].variables).toEqual({ new: suggested, disconnectNow: false });
    expect(sent('ChangePassword')).toHaveLength(0);
  });
});

describe('contact details and renewal', () => {
  it('changes the phone with a code sent to the new number', async () => {
    const { sent } = renderPortal({
      path: '/account',
      handlers: {
        RequestPhoneChange: () => ({ data: { requestPhoneChange: true } }),
        ConfirmPhoneChange: (v) => ({ data: { confirmPhoneChange: { phone: v.phone } } }),
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New phone number'), '+254722000111');
    await user.click(screen.getByRole('button', { name: 'Send a code to the new number' }));
    await screen.findByText('We sent a 6-digit code to +254722000111. Enter it to confirm the change.');
    await user.type(screen.getByLabelText('6-digit code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Confirm new number' }));
    await screen.findByText('Phone number changed.');
    expect(sent('ConfirmPhoneChange')[0].variables).toEqual({ phone: '+254722000111', code: '654321' });
  });

  it('saves the e-mail and toggles automatic renewal', async () => {
    const { sent } = renderPortal({
      path: '/account',
      handlers: {
        UpdateEmail: (v) => ({ data: { updateEmail: { email: v.email } } }),
        SetAutoRenew: (v) => ({ data: { setAutoRenew: { autoRenew: v.on } } }),
      },
    });
    const user = userEvent.setup();
    const email = await screen.findByLabelText('E-mail');
    await user.clear(email);
    await user.click(screen.getByRole('button', { name: 'Save e-mail' }));
    await screen.findByText('E-mail saved.');
    expect(sent('UpdateEmail')[0].variables).toEqual({ email: '' });
    await user.click(screen.getByTestId('auto-renew'));
    await waitFor(() => expect(sent('SetAutoRenew')[0]?.variables).toEqual({ on: false }));
  });
});
