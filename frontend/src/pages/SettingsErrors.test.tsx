// The settings page: sections, choosers, and a refused save shown where the user is.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Client } from 'urql';
import { CombinedError } from 'urql';
import { fromValue } from 'wonka';
import { SettingsPage } from './SettingsPage';
import { MeContext } from '../lib/me';
import { renderUI } from '../test/render';
import { sectionOf } from '../features/settings/groups';
import { choicesOf, FALLBACK_TIME_ZONES, timeZones } from '../features/settings/choices';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const setting = (key: string, value: string, group: string) => ({
  __typename: 'SettingValue' as const, key, value, secret: false, isSet: false, description: `About ${key}`, group,
});
const settings = [
  setting('currency', 'KES', 'general'),
  setting('time_zone', 'Africa/Nairobi', 'general'),
  setting('phone_region', 'KE', 'general'),
  setting('interim_interval_seconds', '300', 'radius'),
  setting('reminder_days', '7,3,1', 'reminders'),
  setting('webhook_url', '', 'delivery'),
  setting('session_retention_days', '365', 'retention'),
  setting('some_new_thing', 'x', 'brand_new_group'),
];

function page() {
  const client = {
    executeQuery: () => fromValue({ data: { settings }, stale: false, hasNext: false }),
    executeSubscription: () => fromValue({}),
    executeMutation: vi.fn((op: unknown) =>
      fromValue({
        operation: op,
        error: new CombinedError({
          graphQLErrors: [{ message: 'setting reminder_days: must be a comma-separated list of days from 1 to 90, e.g. 7,3,1', extensions: { field: 'reminder_days', code: 'BAD_USER_INPUT' } }],
        }),
      }),
    ),
  } as unknown as Client;
  renderUI(<MeContext.Provider value={admin}><SettingsPage /></MeContext.Provider>, client);
  return client;
}

describe('the settings page', () => {
  it('groups settings in sections by the server’s group, unknown groups under Other', async () => {
    page();
    await screen.findByTestId('settings-general');
    const titles = Array.from(document.querySelectorAll('section h2')).map((h) => h.textContent);
    expect(titles).toEqual(['General', 'RADIUS', 'Reminders & messages', 'Delivery (SMS, e-mail, webhook)', 'Retention', 'Other']);
    expect(screen.getByTestId('settings-other')).toHaveTextContent('Some new thing');
    expect(sectionOf('portal')).toBe('portal');
    expect(sectionOf(undefined)).toBe('other');
  });

  it('shows a refused value at the Save button and scrolls to and focuses the field', async () => {
    const scrolled: string[] = [];
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
      scrolled.push(this.id);
    };
    const client = page();
    const days = await screen.findByLabelText('Reminder days');
    fireEvent.change(days, { target: { value: '7,3,abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const summary = await screen.findByTestId('settings-errors');
    expect(summary).toHaveTextContent('Reminder days: must be a comma-separated list');
    // the summary sits right before the Save button
    const save = screen.getByRole('button', { name: 'Save settings' });
    expect(summary.compareDocumentPosition(save) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(days));
    expect(scrolled).toContain('setting-reminder_days');
    expect(client.executeMutation).toHaveBeenCalledOnce();
  }, 90_000);

  it('offers choosers for currency, time zone and phone region', async () => {
    page();
    expect(await screen.findByTestId('setting-currency-select')).toHaveValue('KES — Kenyan Shilling');
    expect(screen.getByTestId('setting-phone_region-select')).toHaveValue('KE — Kenya');
    expect(screen.getByTestId('setting-time_zone-select')).toHaveValue('Africa/Nairobi');
    expect(choicesOf('currency')!.map((c) => c.value)).toContain('UGX');
    expect(choicesOf('phone_region')!.map((c) => c.value)).toContain('TZ');
    expect(choicesOf('reminder_days')).toBeNull();
  });

  it('lists the browser’s time zones, or the fallback list', () => {
    expect(timeZones()).toContain('Africa/Kampala');
    const original = (Intl as unknown as { supportedValuesOf?: unknown }).supportedValuesOf;
    (Intl as unknown as { supportedValuesOf?: unknown }).supportedValuesOf = undefined;
    try {
      expect(timeZones()).toEqual(FALLBACK_TIME_ZONES);
      expect(timeZones('Pacific/Fiji')[0]).toBe('Pacific/Fiji');
    } finally {
      (Intl as unknown as { supportedValuesOf?: unknown }).supportedValuesOf = original;
    }
  });
});
