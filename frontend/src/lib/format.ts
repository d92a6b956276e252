// Display helpers: bytes, money in minor units, durations, dates.
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

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

export function formatMoney(minor: number | null | undefined): string {
  if (minor == null) return '—';
  const v = (minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${currency} ${v}` : v;
}

/** parseMoney reads "1,500.50" as 150050 minor units; null when not a number. */
export function parseMoney(s: string): number | null {
  const t = s.replace(/[,\s]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(parseFloat(t) * 100);
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

export function formatDate(t: string | null | undefined): string {
  return t ? dayjs(t).format('YYYY-MM-DD') : '—';
}

export function formatDateTime(t: string | null | undefined): string {
  return t ? dayjs(t).format('YYYY-MM-DD HH:mm') : '—';
}

export function fromNow(t: string | null | undefined): string {
  return t ? dayjs(t).fromNow() : 'never';
}
