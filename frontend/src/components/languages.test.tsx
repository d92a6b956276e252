// The shell's pages read in the chosen language: the sign-in page and the RADIUS log in
// Swahili and French show their words and none of the English ones.
import { renderHook, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from '../lib/router';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, loadLanguage } from '../i18n';
import { serverLanguage, useServerLanguage } from '../features/account/language';
import en from '../i18n/locales/en/common.json';
import { LoginPage } from '../pages/LoginPage';
import { RadiusLogPage } from '../features/radiuslog/RadiusLogPage';
import { renderUI, stubClient } from '../test/render';

/** The English words of `strings` that show in the page (and differ in the language). */
function englishLeft(strings: Record<string, string>, lang: Record<string, string>): string[] {
  const text = document.body.textContent ?? '';
  return Object.entries(strings).filter(([k, v]) => v !== lang[k] && text.includes(v)).map(([, v]) => v);
}

describe('pages in another language', () => {
  afterEach(async () => {
    await loadLanguage('en');
  });

  it.each([
    ['sw', 'Ingia', 'Jina la mtumiaji'],
    ['fr', 'Se connecter', 'Identifiant'],
  ])('the sign-in page in %s', async (lang, button, label) => {
    await loadLanguage(lang);
    const strings = (await import(`../i18n/locales/${lang}/common.json`)).default as typeof en;
    renderUI(<MemoryRouter><LoginPage /></MemoryRouter>);
    expect(screen.getByRole('button', { name: button })).toBeInTheDocument();
    expect(screen.getByLabelText(label)).toBeInTheDocument();
    expect(englishLeft(en.login, strings.login)).toEqual([]);
  });

  it('the RADIUS log in Swahili', async () => {
    await loadLanguage('sw');
    const client = stubClient(() => ({
      radiusLog: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] },
      radiusDrops: [],
      nasDevices: { edges: [] },
    }));
    renderUI(<MemoryRouter><RadiusLogPage /></MemoryRouter>, client);
    expect(await screen.findByText('Hakuna pakiti iliyotupwa.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Kumbukumbu za RADIUS' })).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/Dropped packets|No packet was dropped|Username/);
  });

  it("follows the staff member's language, else the installation's", async () => {
    expect(serverLanguage(null, 'sw')).toBe('sw');
    expect(serverLanguage('fr', 'sw')).toBe('fr');
    expect(serverLanguage(undefined, undefined)).toBeNull();
    renderHook(() => useServerLanguage(null, 'pt'));
    await waitFor(() => expect(i18n.language).toBe('pt'));
  });
});
