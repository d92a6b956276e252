import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { splitErrors } from './errors';
import { isUnauthenticated } from './client';
import { formatBytes, formatDuration, parseMoney, formatSpeed } from './format';
import { generatePassword, normalizeMac } from './validate';
import { previewCSV, problemRows } from '../components/ImportDialog';
import { RECONNECT_WARNING, sessionsInLastDay } from '../features/customer/ReconnectWarning';
import { usageSeries } from '../features/customer/UsageCard';
import { validatePayment } from '../features/customer/dialogs/RecordPaymentDialog';
import { validateProfile } from '../pages/ProfilesPage';
import { nasHealth } from '../features/nas/health';
import dayjs from 'dayjs';
import { emptyIPv6 } from '../features/ipv6/ipv6';

const gqlErr = (message: string, extensions: Record<string, unknown> = {}) => new GraphQLError(message, { extensions });

describe('errors', () => {
  it('puts extensions.field errors at their fields and the rest in general', () => {
    const e = new CombinedError({ graphQLErrors: [gqlErr('taken', { field: 'username' }), gqlErr('boom')] });
    expect(splitErrors(e)).toEqual({ fields: { username: 'taken' }, general: 'boom' });
  });
  it('recognises UNAUTHENTICATED', () => {
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [gqlErr('no', { code: 'UNAUTHENTICATED' })] }))).toBe(true);
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [gqlErr('no', { code: 'FORBIDDEN' })] }))).toBe(false);
  });
});

describe('format', () => {
  it.each([
    // decimal units through Intl: below 1 kB counts in kB next to MB and GB figures
    [0, '0 kB'], [999, '1 kB'], [1500, '1.5 kB'], [1234, '1.23 kB'], [25_000_000, '25 MB'], [25_300_000, '25.3 MB'], [100e9, '100 GB'],
  ])('bytes %d → %s', (n, s) => expect(formatBytes(n).replace(/\u00a0/g, ' ')).toBe(s));
  it.each([[59, '59s'], [61, '1m 1s'], [3600, '1h 0m'], [90061, '1d 1h 1m']])('duration %d → %s', (n, s) => expect(formatDuration(n)).toBe(s));
  it.each([['1500', 150000], ['1,500.5', 150050], ['0.01', 1], ['abc', null], ['1.234', null]])('money %j → %j', (s, n) => expect(parseMoney(s)).toBe(n));
  it('speeds', () => {
    expect(formatSpeed(20000)).toBe('20 Mbit/s');
    expect(formatSpeed(512)).toBe('512 kbit/s');
  });
});

describe('validation', () => {
  it('payment', () => {
    expect(validatePayment({ amount: '1500', method: 'cash', reference: 'R1' })).toEqual({ amount: null, method: null, reference: null });
    expect(validatePayment({ amount: '-5', method: '', reference: ' ' })).toEqual({
      amount: 'The amount must be positive', method: 'How was it paid?', reference: 'Enter the receipt or transaction reference',
    });
    expect(validatePayment({ amount: 'ten', method: 'x', reference: 'y' }).amount).toMatch(/Enter an amount/);
    // The method is one of the server's fixed set, in any case; only cash may go without a reference.
    expect(validatePayment({ amount: '1', method: 'bitcoin', reference: 'y' }).method).toMatch(/one of cash, mpesa/);
    expect(validatePayment({ amount: '1', method: 'MPESA', reference: 'QK1' }).method).toBeNull();
    expect(validatePayment({ amount: '1', method: 'cash', reference: '' }).reference).toBeNull();
    expect(validatePayment({ amount: '1', method: 'mpesa', reference: ' ' }).reference).toMatch(/reference/);
  });
  it('profile', () => {
    const ok = { name: 'Home', description: '', downloadMbps: 20, uploadMbps: 5, dataLimitGB: '', validityDays: 30, price: 1500, pool: '', expiredPool: '', afterCapProfileID: null, portalVisible: false, ipv6: emptyIPv6 };
    expect(Object.values(validateProfile(ok)).every((v) => v === null)).toBe(true);
    const bad = validateProfile({ ...ok, name: ' ', downloadMbps: 0, validityDays: 1.5, price: -1, dataLimitGB: -3 });
    expect(bad.name).toBeTruthy();
    expect(bad.downloadMbps).toBeTruthy();
    expect(bad.validityDays).toBeTruthy();
    expect(bad.price).toBeTruthy();
    expect(bad.dataLimitGB).toBeTruthy();
  });
  it('normalizes MACs and generates distinct passwords', () => {
    expect(normalizeMac('aabb.ccdd.eeff')).toBe('AA:BB:CC:DD:EE:FF');
    const a = generatePassword();
    expect(a).toHaveLength(14);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('CSV import preview', () => {
  it('reads columns and rows, flags unknown and missing columns', () => {
    const p = previewCSV('Username,phone,plan\nalice,0712345678,Home\nbob,,Home\n');
    expect(p.columns).toEqual(['username', 'phone', 'plan']);
    expect(p.unknown).toEqual(['plan']);
    expect(p.missing).toEqual([]);
    expect(p.rows).toHaveLength(2);
    expect(previewCSV('phone\n0712\n').missing).toEqual(['username']);
  });
  it('lists rows with errors first, with usernames from the file', () => {
    const preview = previewCSV('username,phone\nalice,1\nbob,2\ncarol,3\n');
    const rows = problemRows(
      {
        dryRun: true, applied: false, rows: 3, created: 2, updated: 0, unchanged: 0, generatedPasswords: [],
        warnings: [{ row: 2, message: 'weak password' }],
        errors: [{ row: 4, column: 'phone', message: 'not a phone number' }],
      },
      preview,
    );
    expect(rows.map((r) => [r.row, r.username])).toEqual([[4, 'carol'], [2, 'alice']]);
    expect(rows[0].errors).toEqual(['phone: not a phone number']);
    expect(rows[1].warnings).toEqual(['weak password']);
  });
});

describe('usage series', () => {
  it('accumulates the days of the period and ends at the total', () => {
    const start = '2026-11-01T00:00:00Z';
    const pts = usageSeries(start, 3000, [
      { day: '2026-11-03', bytesIn: 1000, bytesOut: 1000 },
      { day: '2026-10-31', bytesIn: 99, bytesOut: 99 }, // before the period
      { day: '2026-11-02', bytesIn: 500, bytesOut: 500 },
    ]);
    expect(pts[0]).toEqual({ t: dayjs(start).valueOf(), used: 0 });
    expect(pts[1].t).toBe(Date.parse('2026-11-02T23:59:59Z'));
    expect(pts.map((p) => p.used)).toEqual([0, 1000, 3000, 3000]);
  });
  it('never goes above the live total', () => {
    const pts = usageSeries('2026-11-01T00:00:00Z', 500, [{ day: '2026-11-01', bytesIn: 400, bytesOut: 400 }]);
    expect(pts.map((p) => p.used)).toEqual([0, 500, 500]);
  });
});

describe('router health', () => {
  const now = dayjs('2026-11-30T12:00:00Z');
  it.each([
    [null, 'Never seen'],
    ['2026-11-30T11:55:00Z', 'Healthy'],
    ['2026-11-30T11:30:00Z', 'Quiet'],
    ['2026-11-30T09:00:00Z', 'Silent'],
  ])('%s → %s', (t, label) => expect(nasHealth(t, now).label).toBe(label));
});

describe('reconnect warning', () => {
  it('counts the sessions of the last 24 hours only', () => {
    const now = dayjs('2026-11-30T12:00:00Z');
    const at = (h: number) => ({ startedAt: now.subtract(h, 'hour').toISOString() });
    const sessions = [at(1), at(2), at(5), at(23), at(25), at(48)];
    expect(sessionsInLastDay(sessions, now)).toBe(4);
    expect(sessionsInLastDay([...sessions, at(3), at(4)], now)).toBeGreaterThanOrEqual(RECONNECT_WARNING);
  });
});
