// The money pages over the mocked server (the real schema, the real cache).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { MemoryRouter } from '../lib/router';
import { describe, expect, it } from 'vitest';
import { MeContext } from '../lib/me';
import { connection } from '../test/fixtures';
import { renderUI } from '../test/render';
import { mockServer } from '../test/server';
import { PaymentsPage, toFilter } from './PaymentsPage';
import { RevenuePage, revenueCSV } from './RevenuePage';
import { VouchersPage } from './VouchersPage';

const admin = { id: 'S1', username: 'admin', role: 'ADMIN' as const };
const viewer = { id: 'S2', username: 'vera', role: 'VIEWER' as const };

function batch(id: string, over: Record<string, unknown> = {}) {
  return {
    id, count: 10, amount: 50000, expiresAt: '2027-01-31T20:59:59Z', agent: 'Kibera shop', createdAt: '2026-12-01T08:00:00Z',
    createdBy: 'admin', voidedAt: null, profile: null, ...over,
  };
}

describe('VouchersPage', () => {
  it('lists batches with their counts and shows a new batch’s codes once, on a printable sheet', async () => {
    const batches = [{ issued: 10, sold: 10, redeemed: 3, available: 7, expired: 0, void: 0, batch: batch('B1') }];
    const server = mockServer({
      voucherBatches: () => batches,
      profiles: () => connection([]),
      createVoucherBatch: ({ input }: { input: { count: number; amount: number } }) => {
        const b = batch('B2', { count: input.count, amount: input.amount, agent: null });
        batches.unshift({ issued: input.count, sold: input.count, redeemed: 0, available: input.count, expired: 0, void: 0, batch: b });
        return { batch: b, codes: ['ABCD-EFGH-JKMN-PQRS', 'BCDE-FGHJ-KMNP-QRST'], sheetPDF: btoa('%PDF-1.3 sheet') };
      },
    });
    renderUI(<MeContext.Provider value={admin}><VouchersPage /></MeContext.Provider>, server.client);
    const table = await screen.findByTestId('voucher-batches');
    expect(within(table).getByText('Kibera shop')).toBeInTheDocument();
    expect(within(table).getByTestId('batch-redeemed')).toHaveTextContent('3');
    fireEvent.click(screen.getByTestId('new-batch'));
    fireEvent.change(await screen.findByTestId('batch-count'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('batch-amount'), { target: { value: '250' } });
    fireEvent.change(screen.getByTestId('batch-expires'), { target: { value: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10) } });
    fireEvent.click(screen.getByTestId('confirm-batch'));
    const sheet = await screen.findByTestId('voucher-sheet');
    expect(within(sheet).getAllByTestId('voucher-code-card').map((e) => e.textContent)).toEqual(['ABCD-EFGH-JKMN-PQRS', 'BCDE-FGHJ-KMNP-QRST']);
    expect(within(sheet).getAllByText('250.00')).toHaveLength(2);
    expect(screen.getByTestId('sheet-pdf')).toHaveTextContent('Download the PDF sheet');
    // the list is the server's again: the new batch appears
    await waitFor(() => expect(server.sent.filter((n) => n === 'VoucherBatches').length).toBeGreaterThanOrEqual(2));
  });

  it('shows the server’s refusal of the expiry at the expiry field', async () => {
    const server = mockServer({
      voucherBatches: () => [],
      profiles: () => connection([]),
      createVoucherBatch: () => {
        throw new GraphQLError('vouchers may be valid for at most five years', { extensions: { code: 'BAD_USER_INPUT', field: 'expiresAt' } });
      },
    });
    renderUI(<MeContext.Provider value={admin}><VouchersPage /></MeContext.Provider>, server.client);
    fireEvent.click(await screen.findByTestId('new-batch'));
    fireEvent.change(await screen.findByTestId('batch-amount'), { target: { value: '250' } });
    fireEvent.change(screen.getByTestId('batch-expires'), { target: { value: '2099-01-31' } });
    fireEvent.click(screen.getByTestId('confirm-batch'));
    expect(await screen.findByText('vouchers may be valid for at most five years')).toBeInTheDocument();
    expect(screen.queryByTestId('voucher-sheet')).toBeNull();
  });

  it('offers neither a new batch nor voiding to a viewer', async () => {
    const server = mockServer({ voucherBatches: () => [{ issued: 1, sold: 1, redeemed: 0, available: 1, expired: 0, void: 0, batch: batch('B1') }] });
    renderUI(<MeContext.Provider value={viewer}><VouchersPage /></MeContext.Provider>, server.client);
    await screen.findByTestId('voucher-batches');
    expect(screen.queryByTestId('new-batch')).toBeNull();
    expect(screen.queryByTestId('void-batch')).toBeNull();
  });
});

const customerRef = { id: 'C1', accountNo: '100001', username: 'alice', fullName: 'Alice A' };
function tx(id: string, over: Record<string, unknown> = {}) {
  return {
    id, createdAt: '2026-12-02T09:00:00Z', kind: 'PAYMENT', amount: 150000, balanceAfter: 150000, method: 'mpesa', reference: `R${id}`,
    note: null, actor: 'mpesa', refundable: 150000, customer: customerRef, ...over,
  };
}

describe('PaymentsPage', () => {
  it('lists payments, filters them on the server and offers refunds only where something is left', async () => {
    const filters: unknown[] = [];
    const server = mockServer({
      payments: ({ filter }: { filter: unknown }) => {
        filters.push(filter);
        return connection([tx('T1'), tx('T2', { refundable: 0 }), tx('T3', { kind: 'REFUND', amount: -500, refundable: 0 })]);
      },
      staffMembers: () => connection([]),
    });
    renderUI(<MemoryRouter><MeContext.Provider value={admin}><PaymentsPage /></MeContext.Provider></MemoryRouter>, server.client);
    const table = await screen.findByTestId('payments-table');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getAllByTestId('refund')).toHaveLength(1);
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2026-12-01' } });
    await waitFor(() => expect(filters.at(-1)).toMatchObject({ from: new Date('2026-12-01T00:00:00').toISOString() }));
  });

  it('toFilter reads whole days, `to` inclusive, and the source', () => {
    const f = toFilter({ from: '2026-12-01', to: '2026-12-31', method: 'cash', staffID: null, gateway: 'yes', kind: 'REFUND' });
    expect(f).toEqual({
      from: new Date('2026-12-01T00:00:00').toISOString(), to: new Date('2027-01-01T00:00:00').toISOString(),
      method: 'cash', staffID: null, gateway: true, kind: 'REFUND',
    });
    expect(toFilter({ from: '', to: '', method: null, staffID: null, gateway: 'no', kind: null }).gateway).toBe(false);
  });
});

const amounts = (payments: number, refunds: number) => ({ payments, refunds, net: payments - refunds });
const report = {
  total: amounts(11500, 500),
  periods: [
    { start: '2026-12-01', amounts: amounts(2000, 0), byMethod: [{ method: 'mpesa', amounts: amounts(2000, 0) }] },
    { start: '2026-12-02', amounts: amounts(9500, 500), byMethod: [{ method: 'cash', amounts: amounts(3000, 500) }, { method: 'paystack', amounts: amounts(6500, 0) }] },
  ],
  byMethod: [{ method: 'paystack', amounts: amounts(6500, 0) }, { method: 'cash', amounts: amounts(3000, 500) }, { method: 'mpesa', amounts: amounts(2000, 0) }],
  byPlan: [{ profileID: 'P1', plan: 'Home 10M', renewals: 2, amount: 3000 }],
};

describe('RevenuePage', () => {
  it('shows the totals and the plans, and exports one CSV row per period and method', async () => {
    const server = mockServer({ revenue: () => report });
    renderUI(<RevenuePage />, server.client);
    expect(await screen.findByTestId('revenue-net')).toHaveTextContent('110.00');
    expect(within(screen.getByTestId('revenue-plans')).getByText('Home 10M')).toBeInTheDocument();
    expect(revenueCSV(report as never)).toBe(
      'period,method,payments,refunds,net\n2026-12-01,mpesa,20.00,0.00,20.00\n2026-12-02,cash,30.00,5.00,25.00\n' +
        '2026-12-02,paystack,65.00,0.00,65.00\ntotal,,115.00,5.00,110.00\n',
    );
  });
});
