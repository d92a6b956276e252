// Money in the currency's own minor unit (the server's ISO 4217 table, not CLDR's), dates in
// the installation's time zone, decimal byte units, speeds, durations; language choice.
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatLocale, makeFormatter } from './format';
import { pickLanguage } from './setup';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const fmt = (currency: string, timeZone = 'Africa/Nairobi', locale = 'en') => makeFormatter({ locale, currency, timeZone });

describe('money', () => {
  it.each([
    ['KES', 150000, 'KES 1,500.00'],
    ['KES', 5, 'KES 0.05'],
    ['KES', -40000, '-KES 400.00'],
    ['UGX', 5000, 'UGX 5,000'],
    ['UGX', 1500000, 'UGX 1,500,000'],
    ['KWD', 1234, 'KWD 1.234'],
    ['KWD', 1500, 'KWD 1.500'],
    // ISO 4217 says 3 digits for IQD, CLDR (Intl's default) says 0: the server's table wins
    ['IQD', 1234, 'IQD 1.234'],
    ['TZS', 250000, 'TZS 2,500.00'],
  ])('%s %i is %s', (currency, minor, want) => {
    expect(plain(fmt(currency).money(minor))).toBe(want);
  });

  it('keeps the exponents of the server', () => {
    expect([currencyDigits('KES'), currencyDigits('ugx'), currencyDigits('KWD'), currencyDigits('JPY')]).toEqual([2, 0, 3, 0]);
  });

  it('follows the language: German separators', () => {
    expect(plain(fmt('KES', 'UTC', 'de').money(150000))).toBe('1.500,00 KES');
  });

  it('shows an unknown currency code with the number', () => {
    expect(plain(fmt('XX1').money(150000))).toBe('XX1 1,500.00');
  });
});

describe('dates in the installation time zone', () => {
  const late = '2026-12-02T22:30:00Z'; // 3 Dec 01:30 in Nairobi, still 2 Dec in UTC and New York
  it('uses the time zone for the day and the time', () => {
    expect(plain(fmt('KES', 'Africa/Nairobi', 'en-GB').date(late))).toBe('3 Dec 2026');
    expect(plain(fmt('KES', 'Africa/Nairobi', 'en-GB').dateTime(late))).toBe('3 Dec 2026, 01:30');
    expect(plain(fmt('KES', 'UTC', 'en-GB').date(late))).toBe('2 Dec 2026');
    expect(plain(fmt('USD', 'America/New_York', 'en-US').dateTime(late))).toBe('Dec 2, 2026, 05:30 PM');
    expect(plain(fmt('KES', 'Africa/Nairobi', 'en-GB').time(late))).toBe('01:30');
  });

  it('falls back to UTC for an unknown zone rather than failing', () => {
    const f = fmt('KES', 'Mars/Olympus', 'en-GB');
    expect(f.timeZone).toBe('UTC');
    expect(plain(f.date(late))).toBe('2 Dec 2026');
  });

  it('shows a calendar day without shifting it', () => {
    expect(plain(fmt('KES', 'Pacific/Kiritimati', 'en-GB').day('2026-12-03'))).toBe('3 Dec');
    expect(plain(fmt('KES', 'Pacific/Pago_Pago', 'en-GB').day('2026-12-03'))).toBe('3 Dec');
  });
});

describe('sizes, speeds, durations', () => {
  const f = fmt('KES');
  it.each([
    [0, '0 kB'],
    [999, '1 kB'],
    [1500, '1.5 kB'],
    [850_000_000, '850 MB'],
    [43_200_000_000, '43.2 GB'],
    [1_240_000_000, '1.24 GB'],
    [100e9, '100 GB'],
    [2.5e12, '2.5 TB'],
  ])('%i bytes is %s (decimal units)', (n, want) => expect(plain(f.bytes(n))).toBe(want));

  it('speeds', () => {
    expect(plain(f.speed(10000))).toBe('10 Mb/s');
    expect(plain(f.speed(2500))).toBe('2.5 Mb/s');
    expect(plain(f.speed(512))).toBe('512 kb/s');
  });

  it('durations: the two largest units', () => {
    expect(plain(f.duration(40))).toBe('40 sec');
    expect(plain(f.duration(8040))).toBe('2 hr 14 min');
    expect(plain(f.duration(2 * 86400 + 3 * 3600 + 5 * 60))).toBe('2 days 3 hr');
    expect(plain(f.duration(86400 + 120))).toBe('1 day');
  });
});

describe('languages', () => {
  it('picks the best bundled language for the browser', () => {
    expect(pickLanguage(['en', 'sw'], ['sw-KE', 'en'])).toBe('sw');
    expect(pickLanguage(['en', 'sw'], ['fr-FR'])).toBe('en');
    expect(pickLanguage(['en'], [])).toBe('en');
  });

  it("formats with the browser's regional tag of the UI language", () => {
    expect(formatLocale('en', ['en-KE', 'sw'])).toBe('en-KE');
    expect(formatLocale('en', ['fr-FR'])).toBe('en');
  });
});
