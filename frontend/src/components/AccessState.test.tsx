import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccessState } from '../gql/graphql';
import { AccessBadge, accessDetail, accessStateOptions } from './AccessState';
import { renderUI } from '../test/render';
import { pushedAccessState } from '../features/customer/cacheUpdates';

describe('AccessBadge', () => {
  it.each([
    ['ONLINE', 'Online', 'paid until 2026-12-31'],
    ['OFFLINE', 'Offline', 'paid until 2026-12-31'],
    ['EXPIRED', 'Expired', 'since 2026-12-31'],
    ['SUSPENDED', 'Suspended', 'refused until resumed'],
    ['DISABLED', 'Disabled', 'refused: disabled by staff'],
    ['CAPPED', 'Capped', 'data limit reached'],
    ['ARCHIVED', 'Archived', 'on 2026-11-02'],
  ] as const)('%s reads %s with the detail "%s" beside it', (state, label, detail) => {
    renderUI(<AccessBadge customer={{ accessState: state, expiresAt: '2026-12-31T12:00:00Z', archivedAt: '2026-11-02T12:00:00Z' }} />);
    const badge = screen.getByRole('status', { name: `State: ${label}` });
    expect(badge).toHaveAttribute('data-access-state', state);
    expect(screen.getByTestId('access-detail')).toHaveTextContent(detail);
  });

  it('says a suspended customer is still connected', () => {
    expect(accessDetail({ accessState: 'SUSPENDED', connectionStatus: 'ONLINE' })).toBe('refused until resumed · still connected');
  });

  it('offers a filter for every state', () => {
    expect(accessStateOptions().map((o) => o.value).sort()).toEqual(['ARCHIVED', 'CAPPED', 'DISABLED', 'EXPIRED', 'OFFLINE', 'ONLINE', 'SUSPENDED']);
  });
});

describe('pushedAccessState', () => {
  it.each([
    [{ status: 'SUSPENDED', connectionStatus: 'ONLINE' }, 'ONLINE', 'SUSPENDED'],
    [{ status: 'DISABLED', connectionStatus: 'OFFLINE' }, 'OFFLINE', 'DISABLED'],
    [{ status: 'ACTIVE', connectionStatus: 'EXPIRED' }, 'CAPPED', 'EXPIRED'],
    [{ status: 'ACTIVE', connectionStatus: 'ONLINE' }, 'SUSPENDED', 'ONLINE'],
    [{ status: 'ACTIVE', connectionStatus: 'ONLINE' }, 'CAPPED', 'CAPPED'],
    [{ status: 'SUSPENDED', connectionStatus: 'OFFLINE' }, 'ARCHIVED', 'ARCHIVED'],
    [{ status: 'ACTIVE', connectionStatus: 'OFFLINE' }, 'ONLINE', 'OFFLINE'],
  ] as const)('%o held %s becomes %s', (c, held, want) => {
    expect(pushedAccessState({ id: 'C1', ...c }, held)).toBe(want as AccessState);
  });
});
