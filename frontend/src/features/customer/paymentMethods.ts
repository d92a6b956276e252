// The payment methods the server accepts (billing.Methods) and their names in the dashboard's
// language (customer:paymentMethod.<method>); a method the dashboard does not know shows as sent.
import { i18n } from '../../i18n';

export const PAYMENT_METHODS = ['cash', 'mpesa', 'paystack', 'bank', 'card', 'voucher', 'other'];

/** A payment method's name in the current language ('—' for none). */
export function methodLabel(method: string | null | undefined): string {
  if (!method) return '—';
  const key = `paymentMethod.${method}`;
  if (!i18n.exists(key, { ns: 'customer' })) return method;
  return (i18n.t as unknown as (k: string, o: object) => string).call(i18n, key, { ns: 'customer' });
}

/** Select options of the methods: the value sent, the name shown. */
export function methodOptions(methods: string[]): { value: string; label: string }[] {
  return methods.map((m) => ({ value: m, label: methodLabel(m) }));
}

/**
 * The reference to show for a payment: a voucher payment's reference is the voucher's internal
 * number (it keeps the payment from being booked twice), which nobody reads; its note names the
 * code instead.
 */
export function shownReference(method: string | null | undefined, reference: string | null | undefined): string {
  return method === 'voucher' || !reference ? '—' : reference;
}
