// The settings page's "Subscriber portal & branding" group: its own heading, the plan-change
// chooser, the logo read from a file (previewed, refused over 100 kB before anything is sent),
// the colour, and what saving sends.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { SettingsPage } from '../../pages/SettingsPage';
import { MeContext } from '../../lib/me';
import { renderUI } from '../../test/render';
import { MAX_LOGO_BYTES, logoProblem } from './PortalInputs';
import { settingTitle } from './SettingField';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const setting = (key: string, value: string) => ({
  __typename: 'SettingValue' as const, key, value, secret: false, isSet: value !== '', description: `About ${key}`,
  group: key === 'currency' ? 'general' : 'portal',
});
const settings = [
  setting('currency', 'KES'),
  setting('public_url', ''), setting('portal_token_days', '30'), setting('portal_plan_change', 'next_renewal'),
  setting('isp_name', ''), setting('isp_logo', ''), setting('isp_color', ''), setting('support_phone', ''),
  setting('support_email', ''), setting('support_whatsapp', ''), setting('payment_instructions', ''),
];

function page() {
  const sent: Record<string, unknown>[] = [];
  const client = {
    executeQuery: () => fromValue({ data: { settings }, stale: false, hasNext: false }),
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown> }) => {
      sent.push(op.variables);
      return never;
    },
  } as unknown as Client;
  renderUI(<MeContext.Provider value={admin}><SettingsPage /></MeContext.Provider>, client);
  return sent;
}

/** The group's section: from its heading to the next heading. */
async function portalGroup() {
  const h = await screen.findByRole('heading', { name: 'Subscriber portal & branding' });
  return h.parentElement as HTMLElement;
}

describe('the subscriber portal & branding settings', () => {
  it('are one group, in their order, with readable names', async () => {
    page();
    const g = await portalGroup();
    for (const label of ['Public URL', 'Portal token days', 'ISP name', 'Support WhatsApp', 'Payment instructions']) {
      expect(within(g).getByText(label)).toBeInTheDocument();
    }
    expect(within(g).queryByText('Currency')).toBeNull();
    expect(within(g).getByLabelText('Payment instructions').tagName).toBe('TEXTAREA');
  });

  it('refuses a logo over 100 kB with a clear message, sending nothing', async () => {
    const sent = page();
    const g = await portalGroup();
    const big = new File([new Uint8Array(80 * 1024)], 'big.png', { type: 'image/png' });
    fireEvent.change(within(g).getByTestId('isp-logo-file'), { target: { files: [big] } });
    expect(await within(g).findByText(/may be at most 100 kB/)).toBeInTheDocument();
    expect(within(g).queryByTestId('isp-logo-preview')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    expect(sent).toEqual([]);
  });

  it('previews a small logo and saves it as a data URL with the chosen rule and colour', async () => {
    const sent = page();
    const g = await portalGroup();
    const small = new File([new Uint8Array([137, 80, 78, 71])], 'logo.png', { type: 'image/png' });
    fireEvent.change(within(g).getByTestId('isp-logo-file'), { target: { files: [small] } });
    expect(await within(g).findByTestId('isp-logo-preview')).toHaveAttribute('src', 'data:image/png;base64,iVBORw==');
    fireEvent.click(within(g).getByTestId('portal-plan-change'));
    fireEvent.click(await screen.findByRole('option', { name: /prorated charge or credit/, hidden: true }));
    fireEvent.change(within(g).getByTestId('isp-color'), { target: { value: '#0b7285' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].input).toEqual(expect.arrayContaining([
      { key: 'isp_logo', value: 'data:image/png;base64,iVBORw==' },
      { key: 'isp_color', value: '#0b7285' },
      { key: 'portal_plan_change', value: 'prorate' },
    ]));
    expect(sent[0].input).toHaveLength(3);
  });
});

describe('logoProblem', () => {
  it('takes images up to 100 kB as stored', () => {
    expect(logoProblem('data:image/png;base64,' + 'A'.repeat(MAX_LOGO_BYTES - 22), 'image/png')).toBeNull();
    expect(logoProblem('data:image/png;base64,' + 'A'.repeat(MAX_LOGO_BYTES), 'image/png')).toMatch(/at most 100 kB/);
    expect(logoProblem('data:application/pdf;base64,AAAA', 'application/pdf')).toMatch(/PNG, JPEG, GIF, WebP or SVG/);
  });
  it('names the new settings readably', () => {
    expect(settingTitle('isp_logo')).toBe('ISP logo');
    expect(settingTitle('support_whatsapp')).toBe('Support WhatsApp');
    expect(settingTitle('coa_spread_seconds')).toBe('CoA spread seconds');
  });
});
