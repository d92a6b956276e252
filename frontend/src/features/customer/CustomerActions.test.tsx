import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql';
import { renderUI } from '../../test/render';
import { CustomerActions, CustomerActionsFragment } from './CustomerActions';
import { MeContext } from '../../lib/me';

describe('CustomerActions', () => {
  it.each([
    ['ONLINE', true],
    ['OFFLINE', false],
    ['EXPIRED', false],
  ] as const)('a %s customer: Disconnect enabled %s', async (connectionStatus, enabled) => {
    const c = makeFragmentData({ id: 'C1', status: 'ACTIVE', connectionStatus, accessState: 'OFFLINE', archivedAt: null }, CustomerActionsFragment);
    renderUI(<CustomerActions customer={c} onOpen={() => {}} />);
    const b = await screen.findByTestId('disconnect');
    if (enabled) expect(b).toBeEnabled();
    else expect(b).toBeDisabled();
  });

  it.each([
    ['OPERATOR', true],
    ['VIEWER', false],
  ] as const)('an archived customer offers only Restore, to an %s: %s', async (role, shown) => {
    const c = makeFragmentData({ id: 'C1', status: 'ACTIVE', connectionStatus: 'OFFLINE', accessState: 'ARCHIVED', archivedAt: '2026-11-02T10:00:00Z' }, CustomerActionsFragment);
    renderUI(
      <MeContext.Provider value={{ id: 'S1', username: 'u', role }}>
        <CustomerActions customer={c} onOpen={() => {}} />
      </MeContext.Provider>,
    );
    expect(await screen.findByTestId('archived-note')).toHaveTextContent('Archived on Nov 2, 2026');
    expect(screen.queryByTestId('disconnect')).toBeNull();
    expect(!!screen.queryByTestId('restore')).toBe(shown);
  });

  it('offers Archive to an operator', async () => {
    const c = makeFragmentData({ id: 'C1', status: 'ACTIVE', connectionStatus: 'OFFLINE', accessState: 'OFFLINE', archivedAt: null }, CustomerActionsFragment);
    renderUI(
      <MeContext.Provider value={{ id: 'S1', username: 'u', role: 'OPERATOR' }}>
        <CustomerActions customer={c} onOpen={() => {}} />
      </MeContext.Provider>,
    );
    expect(await screen.findByTestId('archive')).toBeInTheDocument();
  });
});
