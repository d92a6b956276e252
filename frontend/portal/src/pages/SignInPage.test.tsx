// Sign-in both ways: PPPoE username + password, and an SMS code to the phone (the same neutral
// message whether or not the phone belongs to an account); throttling said clearly; the ISP's
// branding and contacts on the page without a token.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getSession } from '../lib/auth';
import { gqlError } from '../mock/exchange';
import { renderPortal } from '../test/render';
import { safeNext } from './SignInPage';

const session = (byCode: boolean) => ({ token: byCode ? 'code-token' : 'pw-token', expiresAt: new Date(Date.now() + 864e5).toISOString(), byCode });

describe('sign-in with username and password', () => {
  it('signs in, keeps the token in localStorage by default, and shows home', async () => {
    const { sent } = renderPortal({
      path: '/',
      session: null,
      handlers: { PortalLogin: () => ({ data: { portalLogin: session(false) } }) },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'Wanjiru.K');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Hello, Wanjiru Kamau');
    expect(sent('PortalLogin')[0].variables).toEqual({ username: 'wanjiru.k', password: 'correct horse' });
    expect(getSession()?.token).toBe('pw-token');
    expect(localStorage.getItem('linedesk.portal.session')).toContain('pw-token');
    expect(sessionStorage.getItem('linedesk.portal.session')).toBeNull();
    expect(window.location.href).not.toContain('pw-token');
  });

  it('keeps the token only for the tab when "keep me signed in" is unticked', async () => {
    renderPortal({ session: null, handlers: { PortalLogin: () => ({ data: { portalLogin: session(false) } }) } });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'wanjiru.k');
    await user.type(screen.getByLabelText('Password'), 'pw-12345678');
    await user.click(screen.getByLabelText('Keep me signed in on this phone'));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Hello, Wanjiru Kamau');
    expect(sessionStorage.getItem('linedesk.portal.session')).toContain('pw-token');
    expect(localStorage.getItem('linedesk.portal.session')).toBeNull();
  });

  it("shows the server's refusal of a wrong password and stays signed out", async () => {
    renderPortal({ session: null, handlers: { PortalLogin: () => gqlError('wrong username or password', 'UNAUTHENTICATED') } });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'wanjiru.k');
    await user.type(screen.getByLabelText('Password'), 'nope-nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('signin-error')).toHaveTextContent('wrong username or password');
    expect(getSession()).toBeNull();
  });

  it('says plainly when there were too many tries (TOO_MANY_REQUESTS)', async () => {
    renderPortal({ session: null, handlers: { PortalLogin: () => gqlError('too many sign-in attempts; try again in 5 minutes', 'TOO_MANY_REQUESTS') } });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'wanjiru.k');
    await user.type(screen.getByLabelText('Password'), 'guess-1234');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const err = await screen.findByTestId('signin-error');
    expect(err).toHaveTextContent('Too many tries. Please wait a few minutes, then try again.');
    expect(err).toHaveTextContent('try again in 5 minutes');
    expect(err).toHaveAttribute('role', 'alert');
  });

  it("shows the ISP's name, logo, colour and contacts without a token", async () => {
    renderPortal({
      session: null,
      handlers: {
        Isp: () => ({
          data: {
            isp: {
              name: 'Kilimani Fibre', logo: 'data:image/png;base64,iVBORw0KGgo=', color: '#ffd43b', supportPhone: '+254 700 123 456',
              supportEmail: 'help@kilimani.example', supportWhatsapp: '254700123456', paymentInstructions: 'Paybill 123456', currency: 'KES', timeZone: 'Africa/Nairobi',
            },
          },
        }),
      },
    });
    const brand = screen.getByTestId('brand');
    await within(brand).findByText('Kilimani Fibre');
    expect(brand.querySelector('img')).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(document.documentElement.style.getPropertyValue('--brand')).toBe('#ffd43b');
    expect(document.documentElement.style.getPropertyValue('--brand-ink')).toBe('#111'); // dark text on yellow
    expect(screen.getByRole('link', { name: 'Call +254 700 123 456' })).toHaveAttribute('href', 'tel:+254700123456');
    expect(screen.getByRole('link', { name: 'E-mail help@kilimani.example' })).toHaveAttribute('href', 'mailto:help@kilimani.example');
    expect(screen.getByRole('link', { name: 'WhatsApp' })).toHaveAttribute('href', 'https://wa.me/254700123456');
    expect(document.title).toBe('Kilimani Fibre: My internet account');
  });
});

describe('sign-in with a code', () => {
  async function requestCode(user: ReturnType<typeof userEvent.setup>, phone: string) {
    await user.click(await screen.findByTestId('switch-mode'));
    await user.type(screen.getByLabelText('Phone number'), phone);
    await user.click(screen.getByRole('button', { name: 'Send code' }));
  }

  it('gives the same neutral message for any phone, then signs in by code and offers to set a password', async () => {
    const { sent } = renderPortal({
      session: null,
      handlers: {
        PortalRequestCode: () => ({ data: { portalRequestCode: true } }),
        PortalVerifyCode: () => ({ data: { portalVerifyCode: session(true) } }),
      },
    });
    const user = userEvent.setup();
    await requestCode(user, '0712 345 678');
    expect(await screen.findByTestId('code-sent')).toHaveTextContent(
      'If this phone number belongs to an account, we have sent a 6-digit code to it.',
    );
    expect(sent('PortalRequestCode')[0].variables).toEqual({ phone: '0712 345 678' });
    await user.type(screen.getByLabelText('6-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in with the code' }));
    // a sign-in by code lands on the account page, with "set a new password" (no current one)
    await screen.findByRole('heading', { name: 'Set a new password' });
    expect(screen.queryByLabelText('Current password')).toBeNull();
    expect(sent('PortalVerifyCode')[0].variables).toEqual({ phone: '0712 345 678', code: '123456' });
    expect(getSession()).toMatchObject({ token: 'code-token', byCode: true });
  });

  it('shows the identical message for an unknown phone (the server answers true either way)', async () => {
    renderPortal({ session: null, handlers: { PortalRequestCode: () => ({ data: { portalRequestCode: true } }) } });
    const user = userEvent.setup();
    await requestCode(user, '+254799999999');
    const msg = await screen.findByTestId('code-sent');
    expect(msg.textContent).toBe('If this phone number belongs to an account, we have sent a 6-digit code to it. It is valid for 10 minutes.');
  });

  it('refuses a code that is not 6 digits before asking the server', async () => {
    const { sent } = renderPortal({ session: null, handlers: { PortalRequestCode: () => ({ data: { portalRequestCode: true } }) } });
    const user = userEvent.setup();
    await requestCode(user, '0712345678');
    await screen.findByTestId('code-sent');
    await user.type(screen.getByLabelText('6-digit code'), '12a4');
    fireEvent.submit(screen.getByTestId('code-form'));
    expect(await screen.findByText('Enter the 6 digits from the SMS.')).toBeInTheDocument();
    expect(sent('PortalVerifyCode')).toHaveLength(0);
  });

  it('shows throttling of code requests and a wrong code', async () => {
    let n = 0;
    renderPortal({
      session: null,
      handlers: {
        PortalRequestCode: () => (n++ === 0 ? { data: { portalRequestCode: true } } : gqlError('too many codes for this phone', 'TOO_MANY_REQUESTS')),
        PortalVerifyCode: () => gqlError('the code is wrong or has expired', 'BAD_USER_INPUT'),
      },
    });
    const user = userEvent.setup();
    await requestCode(user, '0712345678');
    await screen.findByTestId('code-sent');
    await user.type(screen.getByLabelText('6-digit code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Sign in with the code' }));
    expect(await screen.findByTestId('code-error')).toHaveTextContent('the code is wrong or has expired');
    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    await waitFor(() => expect(screen.getByTestId('code-error')).toHaveTextContent('Too many tries'));
    expect(getSession()).toBeNull();
  });
});

describe('safeNext', () => {
  it.each([
    ['/pay', '/pay'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    [null, '/'],
  ])('%s → %s', (next, want) => expect(safeNext(next, '/')).toBe(want));
});
