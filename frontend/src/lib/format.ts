// Display helpers: bytes, money in minor units, speeds, durations, dates and relative times,
// all through Intl in the dashboard's current language (i18n.language) and, for dates, the
// installation's time zone (Locale.timeZone, set by the shell). The Intl work is shared with
// the portal (shared/i18n/format.ts); this file keeps the dashboard's call signatures.
import dayjs from 'dayjs';
import { formatLocale, makeFormatter, type Formatter } from '../../shared/i18n/format';
import { i18n } from '../i18n';
import { currencyExponent } from './currency';

const DASH = '—';

let currency = '';
let timeZone = browserZone();

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function setCurrency(c: string): void {
  currency = c;
}

/** The installation's currency code (set from the server's locale). */
export function getCurrency(): string {
  return currency;
}

/** Sets the installation's IANA time zone (from the server's locale) dates are shown in. */
export function setTimeZone(zone: string): void {
  if (zone) timeZone = zone;
}

/** The time zone dates are shown in: the installation's once known, else the browser's. */
export function getTimeZone(): string {
  return timeZone;
}

/** The Intl locale of the dashboard's language ("en-KE" for English in a Kenyan browser). */
export function currentLocale(): string {
  return formatLocale(i18n.language || 'en');
}

const formatters = new Map<string, Formatter>();

/** The formatter for the current language, the given currency and time zone (cached). */
function formatter(cur: string = currency, zone: string = timeZone): Formatter {
  const locale = currentLocale();
  const key = `${locale}|${cur}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = makeFormatter({ locale, currency: cur, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** A plain number in the language's digits and separators: 1234567 → "1,234,567". */
export function formatNumber(n: number | null | undefined): string {
  return n == null ? DASH : formatter().number(n);
}

/** Decimal units (1 kB = 1000 bytes): 1500 → "1.5 kB", 25300000 → "25.3 MB". */
export function formatBytes(n: number | null | undefined): string {
  return n == null ? DASH : formatter().bytes(n);
}

/** A speed in kbit/s: 20000 → "20 Mbit/s", 1500 → "1.5 Mbit/s", 512 → "512 kbit/s". */
export function formatSpeed(kbps: number): string {
  const nf = (digits: number) => new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: digits });
  if (kbps >= 1000) return `${nf(kbps % 1000 === 0 ? 0 : 1).format(kbps / 1000)} Mbit/s`;
  return `${nf(0).format(kbps)} kbit/s`;
}

/**
 * formatMoney shows minor units in the currency with its own decimals, as the server does
 * (internal/money), in the language's separators: 150000 KES is "KES 1,500.00" in English
 * ("1 500,00 KES" in French), 5000 UGX "UGX 5,000", 1250 KWD "KWD 1.250".
 */
export function formatMoney(minor: number | null | undefined, cur: string = currency): string {
  if (minor == null) return DASH;
  return formatter(cur).money(Math.trunc(minor));
}

/** moneyToMajor turns minor units into the number staff type (150000 KES → 1500). */
export function moneyToMajor(minor: number, cur: string = currency): number {
  return minor / 10 ** currencyExponent(cur);
}

/** moneyToMinor turns a typed amount into minor units (1500.5 KES → 150050). */
export function moneyToMinor(major: number, cur: string = currency): number {
  return Math.round(major * 10 ** currencyExponent(cur));
}

/**
 * parseMoney reads "1,500.50" as 150050 minor units (KES), with at most the currency's own
 * decimals (none for UGX, three for KWD); null when not such an amount.
 */
export function parseMoney(s: string, cur: string = currency): number | null {
  const t = s.replace(/[,\s]/g, '');
  const digits = currencyExponent(cur);
  const re = digits > 0 ? new RegExp(`^-?\\d+(\\.\\d{1,${digits}})?$`) : /^-?\d+$/;
  if (!re.test(t)) return null;
  return moneyToMinor(parseFloat(t), cur);
}

/** "1d 1h 1m", "3h 5m", "1m 1s", "59s" in English; the language's short units elsewhere. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return DASH;
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const locale = currentLocale();
  const u = (n: number, unit: string) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(n);
  if (d > 0) return `${u(d, 'day')} ${u(h, 'hour')} ${u(m, 'minute')}`;
  if (h > 0) return `${u(h, 'hour')} ${u(m, 'minute')}`;
  if (m > 0) return `${u(m, 'minute')} ${u(s % 60, 'second')}`;
  return u(s, 'second');
}

/**
 * sessionDuration is how long a session has lasted: an open one until now (the router's
 * Acct-Session-Time only moves at each interim update, and is 0 before the first), a closed
 * one as the router reported it (or from start to stop when it reported none).
 */
export function sessionDuration(
  s: { open: boolean; sessionTime: number; startedAt: string; stoppedAt?: string | null },
  now = dayjs(),
): number {
  if (s.open) return Math.max(s.sessionTime, now.diff(dayjs(s.startedAt), 'second'));
  if (s.sessionTime > 0 || !s.stoppedAt) return s.sessionTime;
  return Math.max(0, dayjs(s.stoppedAt).diff(dayjs(s.startedAt), 'second'));
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date in the installation's time zone ("Dec 3, 2026" in American English, "3 déc. 2026" in
 * French). A calendar day without a time ("2026-12-03") is shown as that day, in no zone.
 */
export function formatDate(t: string | null | undefined): string {
  if (!t) return DASH;
  if (CALENDAR_DAY.test(t)) return formatter(currency, 'UTC').date(`${t}T00:00:00Z`);
  return formatter().date(t);
}

/** Date and time in the installation's time zone: "3 Dec 2026, 10:32". */
export function formatDateTime(t: string | null | undefined): string {
  return t ? formatter().dateTime(t) : DASH;
}

/** The time of day in the installation's time zone: "10:32". */
export function formatTime(t: string | null | undefined): string {
  return t ? formatter().time(t) : DASH;
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** relativeTime says how far t is from now: "3 hours ago", "in 2 days", "yesterday". */
export function relativeTime(t: string, now: Date = new Date()): string {
  let v = (new Date(t).getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' });
  for (const [unit, next] of STEPS) {
    if (Math.abs(v) < next || unit === 'year') return rtf.format(Math.round(v), unit);
    v /= next;
  }
  return rtf.format(Math.round(v), 'year');
}

/** fromNow is relativeTime, or "never" when there is no time. */
export function fromNow(t: string | null | undefined): string {
  return t ? relativeTime(t) : i18n.t('format.never', { ns: 'common' });
}

/** A calendar month ("2026-05") as "May 2026", or "May" when short, in the current language. */
export function formatMonth(ym: string, short = false): string {
  const f = new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', month: 'short', ...(short ? {} : { year: 'numeric' }) });
  return f.format(new Date(`${ym.slice(0, 7)}-01T00:00:00Z`));
}

/** A calendar day ("2026-12-03") shortly, without the year: "3 Dec" / "Dec 3". */
export function formatDay(ymd: string): string {
  return formatter().day(ymd.slice(0, 10));
}

/**
 * isoDate is the day as "2026-12-03" in the installation's time zone, the same in every
 * language: for files (CSV) read by programs, not for reading on screen.
 */
export function isoDate(t: string | null | undefined): string {
  if (!t) return '';
  if (CALENDAR_DAY.test(t)) return t;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
