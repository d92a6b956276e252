import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/errors/en.json';
import { SERVER_ERRORS_NS, serverErrorText } from '../../shared/i18n/serverErrors';

const money = (minor: number) => `KES ${(minor / 100).toFixed(2)}`;

async function instance() {
  const i = i18next.createInstance();
  await i.init({ lng: 'en', resources: { en: { [SERVER_ERRORS_NS]: en } }, ns: [SERVER_ERRORS_NS] });
  return i;
}

describe('serverErrorText', () => {
  it('translates a key with params, formatting …Minor and legacy money params', async () => {
    const i = await instance();
    expect(serverErrorText(i, { messageKey: 'profile.inUse', params: { name: 'Home', count: 3 } }, money)).toBe(
      'Profile Home is used by 3 customers: move them to another profile first.',
    );
    expect(serverErrorText(i, { messageKey: 'refund.tooMuch', params: { left: 1500 } }, money)).toBe(
      'At most KES 15.00 of this payment can still be refunded.',
    );
    expect(serverErrorText(i, { messageKey: 'plan.insufficientBalance', params: { neededMinor: 200, balanceMinor: 50, missingMinor: 150 } }, money)).toContain('KES 1.50');
  });

  it('returns null without a key or for an unknown key', async () => {
    const i = await instance();
    expect(serverErrorText(i, { code: 'BAD_USER_INPUT' }, money)).toBeNull();
    expect(serverErrorText(i, { messageKey: 'no.such' }, money)).toBeNull();
    expect(serverErrorText(i, undefined, money)).toBeNull();
  });
});
