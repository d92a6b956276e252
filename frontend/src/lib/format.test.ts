// The dashboard's formatters follow the current language and the installation's time zone.
import { afterEach, describe, expect, it } from 'vitest';
import { loadLanguage } from '../i18n';
import { formatDate, formatDateTime, formatDuration, formatMoney, formatSpeed, fromNow, isoDate, relativeTime, setTimeZone } from './format';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('locale-aware formatting', () => {
  afterEach(async () => {
    await loadLanguage('en');
    setTimeZone('UTC');
  });

  it('keeps English as it was', () => {
    expect([59, 61, 3600, 90061].map(formatDuration)).toEqual(['59s', '1m 1s', '1h 0m', '1d 1h 1m']);
    expect(formatSpeed(1500)).toBe('1.5 Mbit/s');
    expect(fromNow(null)).toBe('never');
  });

  it('follows the language', async () => {
    await loadLanguage('fr');
    expect(plain(formatMoney(150000, 'KES'))).toBe('1 500,00 KES');
    expect(formatSpeed(1500)).toBe('1,5 Mbit/s');
    expect(plain(formatDuration(3660))).toBe('1h 1min');
    expect(relativeTime('2026-12-07T09:00:00Z', new Date('2026-12-07T12:10:00Z'))).toBe('il y a 3 heures');
    await loadLanguage('sw');
    expect(fromNow(undefined)).toBe('haijawahi');
  });

  it('says relative times in words', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(relativeTime('2026-12-07T09:10:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-12-07T11:58:00Z', now)).toBe('2 minutes ago');
    expect(relativeTime('2026-12-06T11:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-12-10T12:00:00Z', now)).toBe('in 3 days');
  });

  it('shows times in the installation time zone, and calendar days as they are', () => {
    const late = '2026-12-02T22:30:00Z';
    setTimeZone('Africa/Nairobi');
    expect(plain(formatDateTime(late))).toMatch(/Dec 3, 2026|3 Dec 2026/);
    setTimeZone('America/Lima');
    expect(plain(formatDate(late))).toMatch(/Dec 2, 2026|2 Dec 2026/);
    expect(plain(formatDate('2026-12-03'))).toMatch(/Dec 3, 2026|3 Dec 2026/);
  });
});

describe('isoDate', () => {
  it('is the day in the installation time zone, whatever the language', async () => {
    await loadLanguage('fr');
    setTimeZone('Africa/Nairobi');
    expect(isoDate('2026-12-02T22:30:00Z')).toBe('2026-12-03');
    expect(isoDate('2026-05-03')).toBe('2026-05-03');
    expect(isoDate(null)).toBe('');
    await loadLanguage('en');
  });
});
