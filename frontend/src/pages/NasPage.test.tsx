import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from '../lib/router';
import { ApiTrust, NasPage, groupFingerprint, trustChanges } from './NasPage';
import { MeContext } from '../lib/me';
import { renderUI, stubClient } from '../test/render';

const fp = '5a0c3e7f11223344556677889900aabbccddeeff00112233445566778899aabb';

const base = {
  __typename: 'Nas' as const, coaPort: 3799, requireMessageAuthenticator: true, disconnectMethod: 'API' as const,
  lastSeenAt: null, apiReachable: null, activeSessions: 0, requestsLastHour: null, rejectsLastHour: null,
  apiCaCertificate: null, apiError: null, apiTlsFingerprint: null,
};
const plain = { ...base, id: '1', name: 'plain-router', ipAddress: '10.0.0.1', apiAddress: '10.0.0.1', apiUser: 'linedesk', apiTLS: false, apiPlain: true };
const pinned = {
  ...base, id: '2', name: 'tls-router', ipAddress: '10.0.0.2', apiAddress: '10.0.0.2:8729', apiUser: 'linedesk', apiTLS: true, apiPlain: false,
  apiTlsFingerprint: fp, apiReachable: false,
  apiError: `routeros: TLS with 10.0.0.2:8729: certificate fingerprint ${'ab'.repeat(32)} does not match the pinned ${fp}; the login was not sent`,
};
const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };

function page() {
  const client = stubClient(() => ({ nasDevices: { __typename: 'NasConnection', totalCount: 2, edges: [{ node: plain }, { node: pinned }] } }));
  return renderUI(<MemoryRouter><MeContext.Provider value={admin}><NasPage /></MeContext.Provider></MemoryRouter>, client);
}

describe('router API protection on the routers page', () => {
  it('warns about a router on the plain API, and only about it', async () => {
    page();
    const rows = await screen.findAllByRole('row');
    const plainRow = rows.find((r) => within(r).queryByText('plain-router'))!;
    const tlsRow = rows.find((r) => within(r).queryByText('tls-router'))!;
    expect(within(plainRow).getByTestId('api-plain-warning')).toHaveTextContent('Plain API: password sent unencrypted');
    expect(within(tlsRow).queryByTestId('api-plain-warning')).toBeNull();
    // each name leads to the router's page (its expired-page lines)
    expect(within(plainRow).getByRole('link', { name: 'plain-router' })).toHaveAttribute('href', '/nas/1');
  });

  it('shows the pinned fingerprint and the error naming a mismatch', async () => {
    page();
    const shown = await screen.findByTestId('api-fingerprint');
    expect(shown).toHaveTextContent(groupFingerprint(fp));
    expect(screen.getByTestId('api-error')).toHaveTextContent('does not match the pinned');
  });

  it('says how an unpinned TLS router will be trusted', () => {
    renderUI(<ApiTrust n={{ ...pinned, apiTlsFingerprint: null, apiError: null }} />);
    expect(screen.getByText('certificate pinned on first contact')).toBeInTheDocument();
    renderUI(<ApiTrust n={{ ...pinned, apiTlsFingerprint: null, apiError: null, apiCaCertificate: '-----BEGIN CERTIFICATE-----' }} />);
    expect(screen.getByText('certificate verified by its CA')).toBeInTheDocument();
  });

  it('adds routers on API-SSL unless plain is chosen, with a warning', async () => {
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'Add router' }));
    const tls = await screen.findByRole('switch', { name: 'API over TLS (8729)' });
    expect(tls).toBeChecked();
    fireEvent.change(screen.getByLabelText('RouterOS API user'), { target: { value: 'linedesk' } });
    expect(screen.queryByTestId('plain-api-choice')).toBeNull();
    fireEvent.click(tls);
    expect(await screen.findByTestId('plain-api-choice')).toHaveTextContent('unencrypted');
  });
});

describe('trustChanges', () => {
  it('sends only what changed', () => {
    expect(trustChanges({ apiTlsFingerprint: fp, apiCaCertificate: null }, fp, '')).toEqual({});
    expect(trustChanges({ apiTlsFingerprint: fp, apiCaCertificate: null }, fp.toUpperCase().match(/../g)!.join(':'), '')).toEqual({});
    expect(trustChanges({ apiTlsFingerprint: fp, apiCaCertificate: null }, '', '')).toEqual({ clearApiTlsFingerprint: true });
    expect(trustChanges({ apiTlsFingerprint: null, apiCaCertificate: 'PEM' }, 'ab', '')).toEqual({ apiTlsFingerprint: 'ab', clearApiCaCertificate: true });
  });
});
