// The customers list's state lives in the URL (search, filters, sort, page and its cursor), so
// the back button walks through it and a link opens the same page; the page size is the
// staff member's choice, remembered in this browser.
import { useState } from 'react';
import { useSearchParams } from '../../lib/router';
import type { AccessState, ConnectionStatus, CustomerOrderField, OrderDirection } from '../../gql/graphql';

export const PAGE_SIZES = [25, 50, 100];
const SIZE_KEY = 'linedesk.pageSize';

/** The remembered page size (25 when none or not one of PAGE_SIZES). */
export function storedPageSize(): number {
  try {
    const n = Number(localStorage.getItem(SIZE_KEY));
    return PAGE_SIZES.includes(n) ? n : 25;
  } catch {
    return 25;
  }
}

export function usePageSize(): [number, (n: number) => void] {
  const [size, setSize] = useState(storedPageSize);
  return [
    size,
    (n: number) => {
      try {
        localStorage.setItem(SIZE_KEY, String(n));
      } catch {
        /* private mode: remembered for this page only */
      }
      setSize(n);
    },
  ];
}

export interface ListState {
  search: string;
  /** The connection-status filter (the dashboard's Online/Offline/Expired figures link to it). */
  status: ConnectionStatus | null;
  /** The access-state filter: what the router does with the customer now. */
  state: AccessState | null;
  profileID: string | null;
  /** Customers whose subscription ends within this many days (the dashboard's "expiring soon"). */
  expiringDays: number | null;
  /** Customers who joined on or after this date (YYYY-MM-DD; the dashboard's "new this month"). */
  joinedSince: string | null;
  sortField: CustomerOrderField;
  sortDir: OrderDirection;
  /** Page number from 0, and the cursor the page starts after (null on the first). */
  page: number;
  after: string | null;
}

/** readListState reads the list's state from URL parameters. */
export function readListState(p: URLSearchParams): ListState {
  const page = Math.max(0, Number(p.get('page') ?? '1') - 1) || 0;
  const after = p.get('after');
  return {
    search: p.get('q') ?? '',
    status: (p.get('status') as ConnectionStatus | null) || null,
    state: (p.get('state') as AccessState | null) || null,
    profileID: p.get('profile') || null,
    expiringDays: Number(p.get('expiring')) > 0 ? Number(p.get('expiring')) : null,
    joinedSince: p.get('joined') || null,
    sortField: (p.get('sort') as CustomerOrderField | null) ?? 'ACCOUNT_NO',
    sortDir: (p.get('dir') as OrderDirection | null) ?? 'DESC',
    page: after ? page : 0,
    after: page > 0 ? after : null,
  };
}

/** The list's state and the changes to it, each a new history entry. */
export function useListState() {
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const change = (set: Record<string, string | null>, keepPage = false) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(set)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!keepPage) {
      p.delete('page');
      p.delete('after');
    }
    setParams(p);
  };
  return {
    state,
    /** Sets a filter or the search (back to the first page). */
    filter: (k: 'q' | 'status' | 'state' | 'profile' | 'expiring' | 'joined', v: string | null) => change({ [k]: v }),
    /** Sorts by f, turning the direction round when already sorted by it. */
    sortBy: (f: CustomerOrderField) =>
      change(state.sortField === f ? { dir: state.sortDir === 'ASC' ? 'DESC' : 'ASC' } : { sort: f, dir: 'ASC' }),
    /** Opens page (from 0) starting after cursor. */
    goTo: (page: number, after: string | null) =>
      change(page > 0 && after ? { page: String(page + 1), after } : { page: null, after: null }, true),
  };
}
