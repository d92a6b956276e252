import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from '../lib/router';
import { renderUI } from '../test/render';
import { AuditActor, actorKind } from './AuditActor';

describe('actorKind', () => {
  it('reads the kind the server wrote', () => {
    expect(actorKind('customer:100234')).toBe('customer');
    expect(actorKind('token:crm')).toBe('token');
    expect(actorKind('system')).toBe('system');
    expect(actorKind('')).toBe('system');
    expect(actorKind('alice')).toBe('staff');
    expect(actorKind('customerservice')).toBe('staff');
  });
});

describe('AuditActor', () => {
  it('shows a subscriber by account number, linked to the customer search', () => {
    renderUI(<MemoryRouter><AuditActor name="customer:100234" /></MemoryRouter>);
    expect(screen.getByText('subscriber')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '100234' })).toHaveAttribute('href', '/customers?q=100234');
    expect(screen.queryByText('customer:100234')).toBeNull();
  });

  it('shows a token by name and staff as they are', () => {
    renderUI(<MemoryRouter><AuditActor name="token:crm" /><AuditActor name="alice" /></MemoryRouter>);
    expect(screen.getByText('API token')).toBeInTheDocument();
    expect(screen.getByText('crm')).toBeInTheDocument();
    expect(screen.getByText('alice')).toBeInTheDocument();
  });
});
