// The RADIUS log's parts: a router whose packets fail authentication is "Wrong secret" with
// its count, on its page with the counts by reason; the log page lists dropped sources and
// login attempts, and builds its filter from the fields.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes } from '../../lib/router';
import { renderUI, stubClient } from '../../test/render';
import { NasDetailPage } from '../../pages/NasDetailPage';
import { RadiusLogPage, logFilter } from './RadiusLogPage';
import { routerHealth } from './RadiusCounts';

const win = (authFailures: number) => ({
  __typename: 'RadiusWindow', accepts: 12, rejects: 1, drops: authFailures, authFailures,
  byReason: authFailures ? [
    { __typename: 'RadiusReasonCount', kind: 'DROP', reason: 'wrong secret (Message-Authenticator mismatch)', reasonCode: 'bad_message_authenticator', count: authFailures },
    { __typename: 'RadiusReasonCount', kind: 'REJECT', reason: 'unknown username', reasonCode: 'UNKNOWN_USER', count: 1 },
  ] : [],
});

const nas = {
  __typename: 'Nas', id: 'N1', name: 'core-1', ipAddress: '10.0.0.1', coaPort: 3799, lastSeenAt: new Date().toISOString(), activeSessions: 4,
  disconnectMethod: 'COA_THEN_API', requireMessageAuthenticator: true, apiAddress: null, apiUser: null, apiTLS: true, apiPlain: false,
  apiTlsFingerprint: null, apiCaCertificate: null, apiError: null, expiredRedirectScript: '',
  radiusCounts: { __typename: 'RadiusCounts', lastHour: win(3), lastDay: win(7) },
};

describe('routerHealth', () => {
  it.each([
    [0, new Date().toISOString(), 'Healthy'],
    [2, new Date().toISOString(), 'Wrong secret'],
    [0, null, 'Never seen'],
  ])('%i failures, last seen %s: %s', (fails, seen, label) => {
    expect(routerHealth(seen, fails).label).toBe(label);
  });
});

describe('NasDetailPage RADIUS counts', () => {
  it('shows a wrong-secret router as such, with its counts by reason', async () => {
    renderUI(
      <MemoryRouter initialEntries={['/nas/N1']}>
        <Routes><Route path="/nas/:id" element={<NasDetailPage />} /></Routes>
      </MemoryRouter>,
      stubClient(() => ({ node: nas })),
    );
    expect(await screen.findByTestId('router-health')).toHaveTextContent('Wrong secret');
    expect(screen.getByTestId('auth-failures')).toHaveTextContent('3 packets failed authentication');
    expect(screen.getByTestId('radius-counts')).toHaveTextContent('wrong secret (Message-Authenticator mismatch)');
    expect(screen.getByTestId('radius-counts')).toHaveTextContent('Dropped 7');
  });
});

describe('RadiusLogPage', () => {
  it('lists the dropped sources and the login attempts with their reasons', async () => {
    renderUI(
      <MemoryRouter>
        <RadiusLogPage />
      </MemoryRouter>,
      stubClient(() => ({
        radiusDrops: [{ __typename: 'RadiusDropSource', source: '10.9.9.9', reason: 'unknown address (no router with it)', reasonCode: 'unknown_client',
          authFailure: false, count: 42, lastSeenAt: new Date().toISOString(), nas: null }],
        nasDevices: { __typename: 'NasConnection', edges: [] },
        radiusLog: {
          __typename: 'AuthEventConnection', pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          edges: [{ __typename: 'AuthEventEdge', node: { __typename: 'AuthEvent', id: 'E1', createdAt: new Date().toISOString(), username: 'ghost',
            callingStationId: 'AA:BB:CC:00:11:22', method: 'pap', result: 'REJECT', reason: 'UNKNOWN_USER', detail: '', customer: null, nas: null } }],
        },
      })),
    );
    expect(await screen.findByTestId('drops-table')).toHaveTextContent('10.9.9.9');
    expect(screen.getByTestId('drops-table')).toHaveTextContent('unknown address');
    expect(screen.getByTestId('radius-log-table')).toHaveTextContent('ghost');
    expect(screen.getByTestId('radius-log-table')).toHaveTextContent('unknown username');
  });

  it('builds the filter from the filled fields only', () => {
    expect(logFilter(' al ', '', null, null)).toEqual({ username: 'al' });
    expect(logFilter('', 'aa:bb', 'N1', 'REJECT')).toEqual({ mac: 'aa:bb', nasID: 'N1', result: 'REJECT' });
  });
});
