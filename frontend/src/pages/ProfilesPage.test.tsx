// The profiles page: the portal column and the "Offered in the subscriber portal" checkbox,
// whose value the create and update mutations carry.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { ProfilesPage } from './ProfilesPage';
import { MeContext } from '../lib/me';
import { renderUI } from '../test/render';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const row = (id: string, name: string, portalVisible: boolean) => ({
  __typename: 'Profile' as const, id, name, description: null, downloadKbps: 10000, uploadKbps: 5000, dataLimitBytes: null,
  validityDays: 30, price: 150000, pool: null, expiredPool: 'expired', portalVisible, customersCount: 0, afterCapProfile: null,
});
const profiles = [row('P1', 'Home', true), row('P2', 'Office', false)];

/** Answers the list; records the mutations' variables. */
function page() {
  const sent: { name: string; variables: Record<string, unknown> }[] = [];
  const client = {
    executeQuery: () => fromValue({ data: { profiles: { __typename: 'ProfileConnection', totalCount: 2, edges: profiles.map((node) => ({ node })) } }, stale: false, hasNext: false }),
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
