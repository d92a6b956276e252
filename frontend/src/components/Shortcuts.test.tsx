import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from '../lib/router';
import { Shortcuts } from './Shortcuts';
import { renderUI } from '../test/render';
import { readListState, storedPageSize } from '../features/customers/listState';

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname}</div>;
}

function app() {
  renderUI(
    <MemoryRouter initialEntries={['/']}>
      <Shortcuts />
      <Where />
      <Routes>
        <Route path="/customers" element={<input data-search-input aria-label="Search customers" />} />
        <Route path="*" element={<input aria-label="Other field" />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('keyboard shortcuts', () => {
  it('g c, g p, g r and g d go to their pages; typing in a field is left alone', async () => {
    app();
    for (const [key, path] of [['c', '/customers'], ['p', '/profiles'], ['r', '/nas'], ['d', '/']]) {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key });
      expect(screen.getByTestId('where')).toHaveTextContent(path);
    }
    const other = screen.getByLabelText('Other field');
    fireEvent.keyDown(other, { key: 'g' });
    fireEvent.keyDown(other, { key: 'c' });
    expect(screen.getByTestId('where')).toHaveTextContent(/^\/$/);
  });

  it('/ focuses the search, and ? lists the shortcuts', async () => {
    app();
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: 'c' });
    fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Search customers'));
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(window, { key: '?' });
    expect(await screen.findByText('Keyboard shortcuts')).toBeInTheDocument();
    expect(screen.getByText('Plans (profiles)')).toBeInTheDocument();
  });
});

describe('the customers list state', () => {
  it('reads search, filters, sort and page from the URL', () => {
    expect(readListState(new URLSearchParams('q=otieno&status=ONLINE&sort=PROFILE&dir=ASC&page=3&after=abc'))).toEqual({
      search: 'otieno', status: 'ONLINE', state: null, profileID: null, expiringDays: null, joinedSince: null,
      sortField: 'PROFILE', sortDir: 'ASC', page: 2, after: 'abc',
    });
    expect(readListState(new URLSearchParams('state=SUSPENDED&expiring=7'))).toMatchObject({ state: 'SUSPENDED', expiringDays: 7 });
    // a page without its cursor is the first page
    expect(readListState(new URLSearchParams('page=3'))).toMatchObject({ page: 0, after: null, sortField: 'ACCOUNT_NO', sortDir: 'DESC' });
  });

  it('remembers the page size chosen, 25 when none or not offered', () => {
    localStorage.removeItem('linedesk.pageSize');
    expect(storedPageSize()).toBe(25);
    localStorage.setItem('linedesk.pageSize', '100');
    expect(storedPageSize()).toBe(100);
    localStorage.setItem('linedesk.pageSize', '7');
    expect(storedPageSize()).toBe(25);
  });
});
