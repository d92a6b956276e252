import { CombinedError } from 'urql';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLanguage } from '../i18n';
import { errorMessage, splitErrors } from './errors';

const refused = () =>
  new CombinedError({
    graphQLErrors: [
      { message: 'profile "Home" is used by 3 customers', extensions: { code: 'BAD_USER_INPUT', field: 'id', messageKey: 'profile.inUse', params: { name: 'Home', count: 3 } } },
      { message: 'plain server message', extensions: { code: 'BAD_USER_INPUT' } },
    ],
  });

describe('GraphQL errors with a messageKey', () => {
  afterAll(() => loadLanguage('en'));

  it('are shown in the staff member language, others as the server said', async () => {
    expect(splitErrors(refused()).fields.id).toBe('Profile Home is used by 3 customers: move them to another profile first.');
    await loadLanguage('fr');
    expect(splitErrors(refused()).fields.id).toBe('Le profil Home est utilisé par 3 clients : déplacez-les d\'abord vers un autre profil.');
    expect(errorMessage(refused())).toContain('plain server message');
  });
});
