// The customer page's portal card: when the subscriber last used the portal, and ending the
// portal sessions (confirm first, then the count the server answered).
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { makeFragmentData } from '../../gql';
import { renderUI } from '../../test/render';
import { PortalCard, PortalCardFragment, endedMessage } from './PortalCard';

/** A client recording the mutations' variables and answering them with `answer`. */
function recordingClient(answer: unknown) {
  const sent: Record<string, unknown>[] = [];
  const client = {
    executeQuery: () => never,
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown> }) => {
      sent.push(op.variables);
      return fromValue({ data: answer, stale: false, hasNext: false, operation: op });
    },
  } as unknown as Client;
  return { client, sent };
}

const customer = (portalLastUsedAt: string | null) =>
  makeFragmentData({ id: 'C1', username: 'alice', portalLastUsedAt }, PortalCardFragment);

describe('PortalCard', () => {
  it('says "never" for a customer who never used the portal', () => {
    renderUI(<PortalCard customer={customer(null)} canEnd={false} />);
    expect(screen.getByTestId('portal-last-used')).toHaveTextContent('Portal: never used');
  });

  it('shows the last use as a relative time', () => {
    renderUI(<PortalCard customer={customer(new Date(Date.now() - 3 * 3600_000).toISOString())} canEnd={false} />);
    expect(screen.getByTestId('portal-last-used')).toHaveTextContent('Portal: last used 3 hours ago');
  });

  it('offers the button to writers only', () => {
    renderUI(<PortalCard customer={customer(null)} canEnd={false} />);
    expect(screen.queryByTestId('end-portal-sessions')).toBeNull();
  });

  it('asks before ending, sends the customer, and shows how many were ended', async () => {
    const { client, sent } = recordingClient({ endPortalSessions: 2 });
    renderUI(<PortalCard customer={customer(null)} canEnd />, client);
    fireEvent.click(screen.getByTestId('end-portal-sessions'));
    expect(await screen.findByText(/signed out of the subscriber portal on every phone/)).toBeInTheDocument();
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByTestId('confirm-end-portal-sessions'));
    await waitFor(() => expect(sent).toEqual([{ customerID: 'C1' }]));
    expect(await screen.findByTestId('portal-sessions-ended')).toHaveTextContent('Ended 2 portal sessions.');
  });
});

describe('endedMessage', () => {
  it('counts in words', () => {
    expect(endedMessage(0)).toBe('No portal session was open.');
    expect(endedMessage(1)).toBe('Ended 1 portal session.');
    expect(endedMessage(5)).toBe('Ended 5 portal sessions.');
  });
});
