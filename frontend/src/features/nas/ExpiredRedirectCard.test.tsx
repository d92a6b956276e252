// The router page's expired-page lines: shown whole in a block, copied whole by the button.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from '../../lib/router';
import { makeFragmentData } from '../../gql';
import { renderUI, stubClient } from '../../test/render';
import { NasDetailPage } from '../../pages/NasDetailPage';
import { ExpiredRedirectCard, ExpiredRedirectCardFragment } from './ExpiredRedirectCard';

const script = [
  '# RouterOS 6 and 7: these commands are the same in both versions.',
  ':foreach p in=[/ip pool find where name="expired"] do={ :foreach r in=[/ip pool get $p ranges] do={ /ip firewall address-list add list=linedesk-expired address=$r } }',
  '/ip firewall nat',
  'add chain=dstnat src-address-list=linedesk-expired protocol=tcp dst-port=80 action=dst-nat to-addresses=203.0.113.10 to-ports=80',
].join('\n');

afterEach(() => vi.unstubAllGlobals());

describe('ExpiredRedirectCard', () => {
  it('shows the script line for line and copies all of it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderUI(
      <MemoryRouter>
        <ExpiredRedirectCard nas={makeFragmentData({ id: 'N1', name: 'core-1', expiredRedirectScript: script }, ExpiredRedirectCardFragment)} />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('expired-redirect-script').textContent).toBe(script);
    fireEvent.click(screen.getByTestId('copy-expired-redirect'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(script));
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });
});

describe('NasDetailPage', () => {
  const nas = {
    __typename: 'Nas', id: 'N1', name: 'core-1', ipAddress: '10.0.0.1', coaPort: 3799, lastSeenAt: null, activeSessions: 4,
    disconnectMethod: 'COA_THEN_API', requireMessageAuthenticator: true, apiAddress: null, apiUser: null, apiTLS: true, apiPlain: false,
    apiTlsFingerprint: null, apiCaCertificate: null, apiError: null, expiredRedirectScript: script,
  };
  const at = (answer: unknown) =>
    renderUI(
      <MemoryRouter initialEntries={['/nas/N1']}>
        <Routes><Route path="/nas/:id" element={<NasDetailPage />} /></Routes>
      </MemoryRouter>,
      stubClient(() => answer),
    );

  it("shows the router with its expired-page lines", async () => {
    at({ node: nas });
    expect(await screen.findByRole('heading', { name: 'core-1' })).toBeInTheDocument();
    expect(screen.getByTestId('expired-redirect-script')).toHaveTextContent('to-addresses=203.0.113.10');
  });

  it('says so when the id names no router', async () => {
    at({ node: null });
    expect(await screen.findByText('No such router.')).toBeInTheDocument();
  });
});
