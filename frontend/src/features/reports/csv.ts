// CSV for the reports: amounts in the currency's units (its own decimals), never minor units.
import { currencyExponent } from '../../lib/currency';
import { getCurrency } from '../../lib/format';

/** decimalOf writes minor units as a plain decimal of the installation's currency ("1500.00"). */
export function decimalOf(minor: number, cur = getCurrency()): string {
  const d = currencyExponent(cur);
  return d > 0 ? (minor / 10 ** d).toFixed(d) : String(minor);
}

/** csvCell quotes a value when it holds a comma, quote or line break, and defuses formulas. */
export function csvCell(v: string | number | null | undefined): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@]/.test(s) && typeof v === 'string' && !/^\+\d+$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** csvOf joins a header and rows into CSV text. */
export function csvOf(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
