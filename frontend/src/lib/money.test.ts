import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formatMoney, moneyToMajor, moneyToMinor, parseMoney, sessionDuration } from './format';
import { CURRENCY_CODES, currencyExponent } from './currency';

describe('money in the currency’s own minor unit', () => {
  it.each([
    [150000, 'KES', 'KES 1,500.00'],
    [150050, 'KES', 'KES 1,500.50'],
    [5, 'KES', 'KES 0.05'],
    [-2000, 'KES', '-KES 20.00'],
    [5000, 'UGX', 'UGX 5,000'],
    [150000, 'UGX', 'UGX 150,000'],
    [1250, 'KWD', 'KWD 1.250'],
    [1234567, 'BHD', 'BHD 1,234.567'],
    [150000, '', '1,500.00'],
  ])('%d %s → %s (as the server formats it, through Intl)', (minor, cur, want) =>
    expect(formatMoney(minor, cur).replace(/[\u00a0\u202f]/g, ' ')).toBe(want));

  it.each([
    ['1500', 'KES', 150000], ['1,500.5', 'KES', 150050], ['1.234', 'KES', null],
    ['1500', 'UGX', 1500], ['1500.5', 'UGX', null], ['1.25', 'KWD', 1250], ['1.2345', 'KWD', null], ['abc', 'KES', null],
  ])('parses %j in %s as %j', (s, cur, want) => expect(parseMoney(s, cur)).toBe(want));

  it('converts between what staff type and minor units', () => {
    expect(moneyToMinor(1500.5, 'KES')).toBe(150050);
    expect(moneyToMinor(1500, 'UGX')).toBe(1500);
    expect(moneyToMajor(1250, 'KWD')).toBe(1.25);
  });

  it('knows the exponents of the ISO 4217 list', () => {
    expect(currencyExponent('UGX')).toBe(0);
    expect(currencyExponent('KES')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(CURRENCY_CODES).toContain('TZS');
    expect(CURRENCY_CODES).not.toContain('XXX');
  });
});

describe('sessionDuration', () => {
  const now = dayjs('2026-12-07T12:00:18Z');
  it('counts an open session until now, even before the first interim update', () => {
    expect(sessionDuration({ open: true, sessionTime: 0, startedAt: '2026-12-07T12:00:00Z' }, now)).toBe(18);
  });
  it('takes a closed session’s time from the router, or from start to stop', () => {
    expect(sessionDuration({ open: false, sessionTime: 300, startedAt: '2026-12-07T11:00:00Z', stoppedAt: '2026-12-07T11:06:00Z' }, now)).toBe(300);
    expect(sessionDuration({ open: false, sessionTime: 0, startedAt: '2026-12-07T11:00:00Z', stoppedAt: '2026-12-07T11:01:30Z' }, now)).toBe(90);
  });
});
