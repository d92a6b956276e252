// Display helpers: bytes, money in minor units, durations, dates.
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { currencyExponent } from './currency';

dayjs.extend(relativeTime);

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : parseFloat(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))} ${units[i]}`;
}

export function formatSpeed(kbps: number): string {
  if (kbps >= 1000 && kbps % 1000 === 0) return `${kbps / 1000} Mbit/s`;
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(1)} Mbit/s`;
  return `${kbps} kbit/s`;
}

let currency = '';
export function setCurrency(c: string): void {
  currency = c;
}

/** The installation's currency code (set from the server's locale). */
export function getCurrency(): string {
  return currency;
}

/** Digits grouped by thousands: "1234567" → "1,234,567". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * formatMoney shows minor units in the currency with its own decimals, as the server does
 * (internal/money): 150000 KES is "KES 1,500.00", 5000 UGX "UGX 5,000", 1250 KWD "KWD 1.250".
 */
export function formatMoney(minor: number | null | undefined, cur: string = currency): string {
  if (minor == null) return '—';
  const digits = currencyExponent(cur);
  const neg = minor < 0;
  let s = String(Math.abs(Math.trunc(minor)));
  let out: string;
  if (digits > 0) {
    s = s.padStart(digits + 1, '0');
    out = `${groupThousands(s.slice(0, -digits))}.${s.slice(-digits)}`;
  } else {
    out = groupThousands(s);
  }
  if (neg) out = `-${out}`;
  return cur ? `${cur} ${out}` : out;
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

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
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

export function formatDate(t: string | null | undefined): string {
  return t ? dayjs(t).format('YYYY-MM-DD') : '—';
}

export function formatDateTime(t: string | null | undefined): string {
  return t ? dayjs(t).format('YYYY-MM-DD HH:mm') : '—';
}

export function fromNow(t: string | null | undefined): string {
  return t ? dayjs(t).fromNow() : 'never';
}
