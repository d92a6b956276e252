import { fireEvent, screen, within } from '@testing-library/react';
import { MemoryRouter } from '../../lib/router';
import { describe, expect, it } from 'vitest';
import { SessionsPage, sessionFilter, uniqueCustomers } from './SessionsPage';
import { MeContext, type Me } from '../../lib/me';
import { renderUI, stubClient } from '../../test/render';

const started = new Date(Date.now() - 3 * 3600_000 - 5 * 60_000).toISOString();
const session = (id: string, user: string, down: number) => ({
  __typename: 'Session', id, acctSessionID: `8100000${id}`, framedIP: `100.64.0.${id}`, callingStationID: 'aa:bb:cc:00:00:0' + id,
  startedAt: started, bytesIn: 1_000_000, bytesOut: down,
  customer: { __typename: 'Customer', id: `C${id}`, username: user, fullName: null, profile: { __typename: 'Profile', id: 'P1', name: 'Home 10' } },
  nas: { __typename: 'Nas', id: 'N1', name: 'core-1' },
});

function page(me: Me, seen: Record<string, unknown>[] = []) {
  const client = stubClient((v) => {
    seen.push(v);
    return {
      sessions: { __typename: 'SessionConnection', totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null },
        edges: [{ node: session('1', 'alice', 12_500_000_000) }, { node: session('2', 'bob', 3_000_000) }] },
      nasDevices: { edges: [{ node: { id: 'N1', name: 'core-1' } }] },
      profiles: { edges: [{ node: { id: 'P1', name: 'Home 10' } }] },
    };
  });
  return renderUI(<MemoryRouter><MeContext.Provider value={me}><SessionsPage /></MeContext.Provider></MemoryRouter>, client);
}

describe('online sessions page', () => {
  it('lists every open session with plan, router, IP, MAC, uptime and decimal counters', async () => {
    page({ id: 'S1', username: 'op', role: 'OPERATOR' });
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(2);
    const alice = rows[0];
    for (const text of ['alice', 'Home 10', 'core-1', '100.64.0.1', 'aa:bb:cc:00:00:01', '12.5 GB']) {
      expect(within(alice).getByText(text)).toBeInTheDocument();
    }
    expect(within(alice).getByTestId('session-uptime')).toHaveTextContent('3h 5m');
    expect(screen.getByTestId('sessions-count')).toHaveTextContent('2 of 2 open');
  });

  it('asks for open sessions only, sorted by download first', async () => {
    const seen: Record<string, unknown>[] = [];
    page({ id: 'S1', username: 'op', role: 'OPERATOR' }, seen);
    await screen.findAllByTestId('session-row');
    expect(seen).toContainEqual(expect.objectContaining({ where: { open: true }, orderBy: { field: 'BYTES_OUT', direction: 'DESC' } }));
  });

  it('lets an operator choose sessions to disconnect, and a viewer not', async () => {
    const { unmount } = page({ id: 'S1', username: 'op', role: 'OPERATOR' });
    const button = await screen.findByTestId('disconnect-selected');
    expect(button).toBeDisabled();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select alice' }));
    expect(button).toHaveTextContent('Disconnect selected (1)');
    expect(button).toBeEnabled();
    unmount();
    page({ id: 'S2', username: 'v', role: 'VIEWER' });
    await screen.findAllByTestId('session-row');
    expect(screen.queryByTestId('disconnect-selected')).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});

describe('sessionFilter and uniqueCustomers', () => {
  it('filters open sessions by router and plan', () => {
    expect(sessionFilter(null, null)).toEqual({ open: true });
    expect(sessionFilter('N1', 'P2')).toEqual({ open: true, nasID: 'N1', hasCustomerWith: [{ profileID: 'P2' }] });
  });
  it('disconnects a customer with two sessions once, and skips sessions of unknown users', () => {
    const a = { id: 'C1', username: 'alice' };
    expect(uniqueCustomers([{ customer: a }, { customer: a }, { customer: null }, { customer: { id: 'C2', username: 'bob' } }]))
      .toEqual([a, { id: 'C2', username: 'bob' }]);
  });
});
