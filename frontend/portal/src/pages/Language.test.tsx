// The language chooser: on the account page and on the sign-in page it switches the portal at
// once (the language's strings fetched on demand) and remembers the choice on this device.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createPortalI18n, initialPortalLanguage, loadPortalLanguage, STORAGE_KEY } from '../i18n';
import { ispFixture, meFixture } from '../mock/fixtures';
import { renderPortal } from '../test/render';

describe('language', () => {
  it('switches the account page to French at once, remembers it and saves it for the subscriber', async () => {
    const { sent } = renderPortal({ path: '/account', handlers: { SetLanguage: () => ({ data: { setLanguage: true } }) } });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId('language'), 'fr');
    expect(await screen.findByRole('heading', { level: 1, name: 'Compte' })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation')).getByText('Historique')).toBeInTheDocument();
    expect(localStorage.getItem(STORAGE_KEY)).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByTestId('language')).toHaveValue('fr');
    await waitFor(() => expect(sent('SetLanguage').map((op) => op.variables)).toEqual([{ language: 'fr' }]));
  });

  it("starts in the subscriber's saved language at sign-in", async () => {
    const me = { ...meFixture('active'), language: 'sw' };
    renderPortal({ path: '/account', handlers: { Me: () => ({ data: { me } }) } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Akaunti' })).toBeInTheDocument();
    expect(localStorage.getItem(STORAGE_KEY)).toBe('sw');
  });

  it("uses the installation's language on a device where none was chosen", async () => {
    renderPortal({ path: '/signin', session: null, handlers: { Isp: () => ({ data: { isp: { ...ispFixture(), language: 'fr' } } }) } });
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('switches the sign-in page to Swahili', async () => {
    renderPortal({ path: '/signin', session: null });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId('language'), 'sw');
    expect(await screen.findByRole('heading', { name: 'Ingia' })).toBeInTheDocument();
    expect(localStorage.getItem(STORAGE_KEY)).toBe('sw');
  });

  it('starts in the remembered language; unknown tags fall back to English', async () => {
    localStorage.setItem(STORAGE_KEY, 'id');
    expect(initialPortalLanguage()).toBe('id');
    const i18n = createPortalI18n();
    expect(await loadPortalLanguage(i18n, initialPortalLanguage())).toBe('id');
    expect(i18n.t('nav.pay')).toBe('Bayar');
    expect(await loadPortalLanguage(i18n, 'xx')).toBe('en');
    expect(i18n.t('nav.pay')).toBe('Pay');
  });
});
