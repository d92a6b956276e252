import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from '../lib/router';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundPage } from '../pages/NotFoundPage';
import { i18n, loadLanguage } from '.';

describe('dashboard i18n', () => {
  afterEach(async () => {
    await loadLanguage('en');
  });

  it('renders English by default and falls back to English for an unknown language', async () => {
    expect(await loadLanguage('xx')).toBe('en');
    render(
      <MantineProvider>
        <MemoryRouter>
          <NotFoundPage />
        </MemoryRouter>
      </MantineProvider>,
    );
    expect(screen.getByText('Page not found')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('linedesk.language')).toBe('en');
  });

  it('loads another language on demand', async () => {
    expect(await loadLanguage('fr')).toBe('fr');
    expect(i18n.language).toBe('fr');
    expect(i18n.t('notFound.title')).not.toBe('Page not found');
  });
});
