// The audit log reads as sentences: names instead of ids, changes as before → after, failed
// sign-ins marked; the filters go to the server as one AuditFilter.
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { AuditPage, changeText, dayBound } from './AuditPage';
import { mockServer } from '../test/server';

const entries = [
  { id: 'A2', createdAt: '2026-12-07T10:05:00Z', actor: 'anonymous', action: 'loginFailed', summary: 'Failed sign-in', target: 'staff clerk', address: '203.0.113.66',
    changes: [{ field: 'Reason', before: null, after: 'wrong password' }, { field: 'Username', before: null, after: 'clerk' }] },
  { id: 'A1', createdAt: '2026-12-07T10:00:00Z', actor: 'alice', action: 'updateCustomer', summary: 'Changed customer', target: '100234 Jane W. Kamau', address: '192.0.2.10',
    changes: [{ field: 'Full name', before: 'Jane Wanjiru', after: 'Jane W. Kamau' }] },
];

function setup() {
  const filters: unknown[] = [];
  const server = mockServer({
    auditTrail: ({ filter }: { filter: unknown }) => {
      filters.push(filter);
      return { totalCount: entries.length, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, entries };
    },
    auditActions: () => [{ action: 'loginFailed', label: 'Failed sign-in' }, { action: 'updateCustomer', label: 'Changed customer' }],
    staffMembers: () => ({ totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false }, edges: [] }),
  });
  render(<Provider value={server.client}><MantineProvider><AuditPage /></MantineProvider></Provider>);
  return filters;
}

describe('the audit log', () => {
  it('shows names and before → after, never raw JSON or ids', async () => {
    setup();
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[1]).toHaveTextContent('100234 Jane W. Kamau');
    expect(rows[1]).toHaveTextContent('Full name: Jane Wanjiru → Jane W. Kamau');
    expect(within(rows[0]).getByText('Failed sign-in')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('203.0.113.66');
    expect(screen.getByTestId('audit-table').textContent).not.toMatch(/[{}"]/);
  });

  it('sends the customer search and the dates as the filter', async () => {
    const filters = setup();
    await screen.findAllByTestId('audit-row');
    fireEvent.change(screen.getByLabelText('Filter by customer'), { target: { value: 'kamau' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-01' } });
    await waitFor(() => expect(filters.at(-1)).toMatchObject({ customer: 'kamau', from: dayBound('2026-12-01') }));
  });
});

describe('helpers', () => {
  it('write a change and bound a day', () => {
    expect(changeText({ field: 'Plan', before: 'Gold', after: 'Silver' })).toBe('Plan: Gold → Silver');
    expect(changeText({ field: 'Plan', before: null, after: 'Silver' })).toBe('Plan: Silver');
    expect(dayBound('2026-12-01')).toBe(new Date(2026, 11, 1).toISOString());
    expect(dayBound('2026-12-01', true)).toBe(new Date(2026, 11, 2).toISOString());
    expect(dayBound('yesterday')).toBeNull();
  });
});
