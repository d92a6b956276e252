// Server errors with extensions.messageKey are shown in the dashboard's language, their
// money and date parameters formatted; unknown keys fall back to the server's message.
import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLanguage } from '../i18n';
import { errorMessage, messageOf, splitErrors } from './errors';
import { setCurrency } from './format';

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
const err = (message: string, extensions: Record<string, unknown> = {}) => new GraphQLError(message, { extensions });

describe('messageKey', () => {
  afterEach(async () => {
    await loadLanguage('en');
    setCurrency('');
  });

  it.each([
    ['voucher.void', undefined, 'This voucher was withdrawn by the ISP and cannot be used'],
    ['voucher.throttled', { minutes: 15 }, 'Too many wrong voucher codes: try again in 15 min'],
    ['voucher.wrongPlan', { plan: "Home & O'Brien" }, "This voucher is for the plan Home & O'Brien: change the customer's plan to it first"],
    ['voucher.redeemed', { date: '2026-12-03' }, /This voucher was already used on (Dec 3, 2026|3 Dec 2026)/],
    ['refund.tooMuch', { left: 150000 }, 'At most KES 1,500.00 of this payment can still be refunded'],
    ['renew.insufficientBalance', { balance: 50000, needed: 200000, missing: 150000 }, 'The balance KES 500.00 does not cover the price KES 2,000.00: pay KES 1,500.00 more first'],
  ])('%s in English', (key, params, want) => {
    setCurrency('KES');
    const got = plain(messageOf(err('server text', { messageKey: key, params })));
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatch(want);
  });

  it('translates into the chosen language, at the field it belongs to', async () => {
    await loadLanguage('fr');
    setCurrency('KES');
    const e = new CombinedError({
      graphQLErrors: [
        err('the current password is wrong', { field: 'currentPassword', messageKey: 'staff.currentPasswordWrong' }),
        err('at most 5 (minor units)', { messageKey: 'refund.tooMuch', params: { left: 150000 } }),
      ],
    });
    const s = splitErrors(e);
    expect(s.fields.currentPassword).toBe('Le mot de passe actuel est incorrect');
    expect(plain(s.general)).toBe('Au plus 1 500,00 KES de ce paiement peut encore être remboursé');
  });

  it('falls back to the server message for a key it does not know, or none', () => {
    expect(messageOf(err('something new', { messageKey: 'brand.newKey' }))).toBe('something new');
    expect(messageOf(err('plain'))).toBe('plain');
    expect(errorMessage(new CombinedError({ graphQLErrors: [err('a', { field: 'x' }), err('b')] }))).toBe('a; b');
  });

  it('says when the server cannot be reached, in the language', async () => {
    await loadLanguage('sw');
    const e = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(splitErrors(e).general).toBe('Imeshindwa kufikia seva: Failed to fetch');
  });
});
