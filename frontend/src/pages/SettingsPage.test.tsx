import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SettingsPage, displayOrder } from './SettingsPage';
import { MeContext } from '../lib/me';
import { renderUI, stubClient } from '../test/render';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const setting = (key: string, value: string | null, secret = false, isSet = false) => ({
  __typename: 'SettingValue' as const, key, value, secret, isSet, description: `About ${key}`,
});
const settings = [
  setting('sms_gateway_url', 'https://sms.example/send?key={{key}}&to={{phone}}&text={{message}}', false, true),
  setting('sms_gateway_method', 'GET'),
  setting('smtp_address', ''),
  setting('smtp_password', null, true),
  setting('sms_gateway_key', null, true, true),
];

function page() {
  renderUI(<MeContext.Provider value={admin}><SettingsPage /></MeContext.Provider>, stubClient(() => ({ settings })));
}

describe('the SMS gateway key on the settings page', () => {
  it('is a password field right after the gateway URL, empty, saying to use {{key}}', async () => {
    page();
    const key = await screen.findByLabelText(/SMS gateway key/);
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveValue('');
    expect(key).toHaveAccessibleDescription(/Write \{\{key\}\} in the SMS gateway URL/);
    const inputs = Array.from(document.querySelectorAll('input, textarea'));
    const url = screen.getByLabelText('SMS gateway URL');
    expect(inputs.indexOf(key)).toBe(inputs.indexOf(url) + 1);
  });

  it('warns that a new URL clears the stored key unless it is entered again', async () => {
    page();
    const url = await screen.findByLabelText('SMS gateway URL');
    expect(screen.queryByTestId('sms_gateway_key-cleared')).toBeNull();
    fireEvent.change(url, { target: { value: 'https://other.example/send?key={{key}}&to={{phone}}' } });
    expect(screen.getByTestId('sms_gateway_key-cleared')).toHaveTextContent('clears it unless you enter it again');
    fireEvent.change(screen.getByLabelText(/SMS gateway key/), { target: { value: 'new-key' } });
    expect(screen.queryByTestId('sms_gateway_key-cleared')).toBeNull();
  });
});

describe('displayOrder', () => {
  it('puts each secret right after its address and keeps the rest in order', () => {
    expect(displayOrder(settings).map((s) => s.key)).toEqual([
      'sms_gateway_url', 'sms_gateway_key', 'sms_gateway_method', 'smtp_address', 'smtp_password',
    ]);
    expect(displayOrder([setting('sms_gateway_key', null, true), setting('currency', 'KES')]).map((s) => s.key)).toEqual(['sms_gateway_key', 'currency']);
  });
});
