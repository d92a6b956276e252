import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { createPortalI18n } from '../i18n';
import { describeError } from './errors';

const money = (minor: number) => `KES ${(minor / 100).toFixed(2)}`;

describe('describeError', () => {
  it('translates a keyed refusal with money params and keeps an unkeyed message', () => {
    const error = new CombinedError({
      graphQLErrors: [
        { message: 'the balance KES 5.00 does not cover…', extensions: { code: 'BAD_USER_INPUT', messageKey: 'renew.insufficientBalance', params: { balance: 500, needed: 150000, missing: 149500 } } },
        { message: 'as the server said', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
    const e = describeError(error, { i18n: createPortalI18n('en'), money });
    expect(e?.message).toBe('The balance of KES 5.00 does not cover the price of KES 1500.00: pay KES 1495.00 more first.; as the server said');
    expect(describeError(error)?.message).toContain('the balance KES 5.00 does not cover…');
  });
});
