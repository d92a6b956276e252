// The Pools page: each pool's use with its bar, the shared static addresses, and the admin's
// dialog for a new pool.
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../gql/graphql';
import { MeContext } from '../lib/me';
import { renderUI, stubClient } from '../test/render';
import { PoolsPage, usedPercent } from './PoolsPage';

const answer = {
  pools: [{
    __typename: 'AddressPool', id: 'P1', name: 'pppoe-pool', family: 'IPV4', ranges: '10.50.0.0/24', prefixLength: null,
    size: 254, used: 54, static: 4, free: 200, nas: null, plans: [{ __typename: 'Profile', id: 'PR1', name: 'Home 20' }],
  }],
  staticIpConflicts: [{ __typename: 'StaticIpConflict', address: '10.9.8.7', customer: { __typename: 'Customer', id: 'C2', username: 'bob' }, holder: { __typename: 'Customer', id: 'C1', username: 'alice' } }],
  nasDevices: { __typename: 'NasConnection', edges: [{ __typename: 'NasEdge', node: { __typename: 'Nas', id: 'N1', name: 'core-1' } }] },
};

function at(role: Role) {
  renderUI(
    <MeContext.Provider value={{ id: 'S1', username: 'x', role }}>
      <PoolsPage />
    </MeContext.Provider>,
    stubClient(() => answer),
  );
}

describe('PoolsPage', () => {
  it('shows use, plans and shared static addresses; an admin opens the new-pool dialog', async () => {
    at('ADMIN');
    const row = await screen.findByTestId('pool-pppoe-pool');
    expect(row).toHaveTextContent('54 used (4 static) · 200 free');
    expect(row).toHaveTextContent('Home 20');
    expect(row).toHaveTextContent('Shared');
    expect(screen.getByTestId('static-conflicts')).toHaveTextContent('10.9.8.7: bob shares it with alice');
    fireEvent.click(screen.getByTestId('new-pool'));
    expect(await screen.findByTestId('pool-ranges')).toBeInTheDocument();
  });

  it('gives a viewer no editing', async () => {
    at('VIEWER');
    await screen.findByTestId('pool-pppoe-pool');
    expect(screen.queryByTestId('new-pool')).toBeNull();
  });

  it('works out the share in use', () => {
    expect(usedPercent(0, 0)).toBe(0);
    expect(usedPercent(127, 254)).toBe(50);
  });
});
