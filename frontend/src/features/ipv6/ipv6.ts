/** IPv6 of a plan or a customer (issue 18): prefixes linedesk sends and router pool names. */
import { i18n } from '../../i18n';

export interface IPv6Values {
  framedPrefix: string;
  delegatedPrefix: string;
  framedPool: string;
  delegatedPool: string;
}

export const emptyIPv6: IPv6Values = { framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '' };

/** The form's values from the server's IPv6Config (absent: all empty). */
export function ipv6Values(c?: Partial<IPv6Values> | null): IPv6Values {
  return {
    framedPrefix: c?.framedPrefix ?? '', delegatedPrefix: c?.delegatedPrefix ?? '',
    framedPool: c?.framedPool ?? '', delegatedPool: c?.delegatedPool ?? '',
  };
}

type PlanIPv6 = Partial<IPv6Values> & {
  framedPrefixPool?: { name: string } | null;
  delegatedPrefixPool?: { name: string } | null;
};

/** What a customer inherits from its plan: a prefix handed out from a pool is named by its pool. */
export function inheritedIPv6(plan?: PlanIPv6 | null): IPv6Values {
  const v = ipv6Values(plan);
  const fromPool = (own: string, pool?: { name: string } | null) => own || (pool ? i18n.t('ipv6:fields.fromPool', { name: pool.name }) : '');
  return { ...v, framedPrefix: fromPool(v.framedPrefix, plan?.framedPrefixPool), delegatedPrefix: fromPool(v.delegatedPrefix, plan?.delegatedPrefixPool) };
}

/** IPv6Input: every field sent, trimmed; an empty one clears it on the server. */
export function ipv6Input(v: IPv6Values): IPv6Values {
  return {
    framedPrefix: v.framedPrefix.trim(), delegatedPrefix: v.delegatedPrefix.trim(),
    framedPool: v.framedPool.trim(), delegatedPool: v.delegatedPool.trim(),
  };
}

/** The 8 groups of an IPv6 address, or null when it is not one. */
export function ipv6Groups(addr: string): number[] | null {
  if (!/^[0-9a-fA-F:]+$/.test(addr) || (addr.match(/::/g) ?? []).length > 1) return null;
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, null];
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const h = part(head);
  const t = tail == null ? [] : part(tail);
  if (![...h, ...t].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const missing = 8 - h.length - t.length;
  if (tail == null ? missing !== 0 : missing < 1) return null;
  return [...h, ...Array(tail == null ? 0 : missing).fill('0'), ...t].map((g) => parseInt(g, 16));
}

/** Checks a prefix as the server does: IPv6, a length within [min, max], no bits past it. */
export function validatePrefix(v: string, min: number, max: number): string | null {
  const s = v.trim();
  if (!s) return null;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  const groups = m ? ipv6Groups(m[1]) : null;
  if (!m || !groups) return i18n.t('ipv6:errors.prefix', { min });
  const bits = Number(m[2]);
  if (bits < min || bits > max) return i18n.t('ipv6:errors.range', { min, max });
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    if ((groups[i] & ~mask & 0xffff) !== 0) return i18n.t('ipv6:errors.bitsPast', { bits });
  }
  return null;
}

export function validatePool(v: string): string | null {
  const s = v.trim();
  if (s.length > 64) return i18n.t('ipv6:errors.poolLong');
  return /[\s"'\\]/.test(s) ? i18n.t('ipv6:errors.poolChars') : null;
}

/** Field errors of the IPv6 values, keyed as the form's paths under prefix (e.g. "ipv6."). */
export function validateIPv6(v: IPv6Values, prefix = 'ipv6.'): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (k: keyof IPv6Values, m: string | null) => {
    if (m) out[prefix + k] = m;
  };
  set('framedPrefix', validatePrefix(v.framedPrefix, 64, 128));
  set('delegatedPrefix', validatePrefix(v.delegatedPrefix, 40, 64));
  set('framedPool', validatePool(v.framedPool));
  set('delegatedPool', validatePool(v.delegatedPool));
  return out;
}
