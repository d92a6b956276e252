import { describe, expect, it } from 'vitest';
import { liveGrowth, usageBaseline } from './UsageCard';
import { pageOf } from '../../pages/CustomersPage';

describe('live usage', () => {
  const s = (id: string, bytesIn: number, bytesOut: number) => ({ id, bytesIn, bytesOut });
  it('counts what each session moved since the total was read, and all of a new one', () => {
    const base = usageBaseline([s('a', 100, 900), s('b', 10, 10)]);
    expect(liveGrowth(base, [s('a', 100, 900), s('b', 10, 10)])).toEqual({ bytesIn: 0, bytesOut: 0 });
    expect(liveGrowth(base, [s('a', 200, 1800), s('b', 10, 10)])).toEqual({ bytesIn: 100, bytesOut: 900 });
    expect(liveGrowth(base, [s('c', 5, 7), s('a', 200, 1800), s('b', 10, 10)])).toEqual({ bytesIn: 105, bytesOut: 907 });
  });
  it('never counts backwards (a counter read before the total)', () => {
    expect(liveGrowth(usageBaseline([s('a', 100, 900)]), [s('a', 50, 50)])).toEqual({ bytesIn: 0, bytesOut: 0 });
  });
});

describe('pageOf (the customers table over merged relay pages)', () => {
  const edges = Array.from({ length: 60 }, (_, i) => ({ cursor: `c${i}`, node: { id: `n${i}` } }));
  it('shows the page after the cursor, and knows what follows', () => {
    expect(pageOf(edges, null, 25)).toMatchObject({ hasMore: true, endCursor: 'c24' });
    expect(pageOf(edges, null, 25).rows[0].id).toBe('n0');
    const p2 = pageOf(edges, 'c24', 25);
    expect(p2.rows.map((r) => r.id)).toEqual(edges.slice(25, 50).map((e) => e.node.id));
    expect(pageOf(edges, 'c49', 25)).toMatchObject({ hasMore: false, endCursor: 'c59' });
  });
  it('starts at the top when the earlier pages are not in the cache', () => {
    expect(pageOf(edges.slice(25), 'c24', 25).rows[0].id).toBe('n25');
  });
});
