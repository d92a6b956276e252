// The profiles page: the portal column and the "Offered in the subscriber portal" checkbox,
// whose value the create and update mutations carry.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from '../lib/router';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { ProfilesPage } from './ProfilesPage';
import { prefixPoolOptions } from '../features/ipv6/PrefixPoolSelects';
import { MeContext } from '../lib/me';
import { renderUI } from '../test/render';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const row = (id: string, name: string, portalVisible: boolean) => ({
  __typename: 'Profile' as const, id, name, description: null, downloadKbps: 10000, uploadKbps: 5000, dataLimitBytes: null,
  validityDays: 30, price: 150000, pool: null, expiredPool: 'expired', portalVisible, customersCount: 0, afterCapProfile: null,
});
const v6 = {
  framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '',
  framedPrefixPool: { __typename: 'AddressPool' as const, id: 'L64' }, delegatedPrefixPool: null,
};
const profiles = [row('P1', 'Home', true), { ...row('P2', 'Office', false), ipv6: v6 }];
const pools = [
  { __typename: 'AddressPool' as const, id: 'L64', name: 'v6-wan', family: 'IPV6', prefixLength: 64, free: 256 },
  { __typename: 'AddressPool' as const, id: 'L56', name: 'v6-pd', family: 'IPV6', prefixLength: 56, free: 256 },
  { __typename: 'AddressPool' as const, id: 'V4', name: 'pppoe', family: 'IPV4', prefixLength: null, free: 250 },
];

/** Answers the list; records the mutations' variables. */
function page() {
  const sent: { name: string; variables: Record<string, unknown> }[] = [];
  const client = {
    executeQuery: () => fromValue({ data: { profiles: { __typename: 'ProfileConnection', totalCount: 2, edges: profiles.map((node) => ({ node })) }, pools }, stale: false, hasNext: false }),
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown>; query: { definitions: { name?: { value: string } }[] } }) => {
      sent.push({ name: op.query.definitions[0].name?.value ?? '', variables: op.variables });
      return never;
    },
  } as unknown as Client;
  renderUI(<MemoryRouter><MeContext.Provider value={admin}><ProfilesPage /></MeContext.Provider></MemoryRouter>, client);
  return sent;
}

describe('profiles offered in the subscriber portal', () => {
  it('marks the offered plans in the list', async () => {
    page();
    expect(await screen.findByTestId('portal-P1')).toHaveTextContent('offered');
    expect(screen.getByTestId('portal-P2')).not.toHaveTextContent('offered');
  });

  it('edits the flag: the checkbox shows it and the update sends it', async () => {
    const sent = page();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Office' }));
    const box = await screen.findByRole('checkbox', { name: /Offered in the subscriber portal/ });
    expect(box).not.toBeChecked();
    fireEvent.click(box);
    expect(box).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].variables).toMatchObject({ id: 'P2', input: { portalVisible: true, expiredPool: 'expired' } });
  });

  it('creates a plan not offered unless ticked', async () => {
    const sent = page();
    fireEvent.click(await screen.findByRole('button', { name: 'Add profile' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: 'Night' } });
    expect(within(dialog).getByRole('checkbox', { name: /Offered in the subscriber portal/ })).not.toBeChecked();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].variables).toMatchObject({ input: { name: 'Night', portalVisible: false, expiredPool: null } });
  });
});

describe('IPv6 prefix pools of a plan', () => {
  it('offers only IPv6 pools of fitting lengths', () => {
    const label = (name: string, length: number) => `${name}/${length}`;
    expect(prefixPoolOptions(pools, 64, 128, label).map((o) => o.label)).toEqual(['v6-wan/64']);
    expect(prefixPoolOptions(pools, 40, 64, label).map((o) => o.label)).toEqual(['v6-wan/64', 'v6-pd/56']);
  });

  it('keeps the plan’s WAN prefix pool and clears the delegation pool it does not have', async () => {
    const sent = page();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Office' }));
    expect(await screen.findByTestId('plan-framed-prefix-pool')).toHaveValue('v6-wan (/64, 256 free)');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].variables).toMatchObject({ id: 'P2', input: { ipv6: { framedPrefixPoolID: 'L64', clearDelegatedPrefixPool: true } } });
  });

  it('sends no pool for a new plan without one', async () => {
    const sent = page();
    fireEvent.click(await screen.findByRole('button', { name: 'Add profile' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: 'Night' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    const input = (sent[0].variables.input as { ipv6: Record<string, unknown> }).ipv6;
    expect(Object.keys(input).filter((k) => k.includes('PrefixPool'))).toEqual([]);
  });
});
