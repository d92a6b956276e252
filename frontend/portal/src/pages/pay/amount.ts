// Amounts typed by the subscriber in the currency's major unit ("500", "1,500.50"), as minor
// units; null for anything that is not a positive amount with at most two decimals.
export function toMinor(typed: string): number | null {
  const s = typed.replace(/[\s,]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const n = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}
