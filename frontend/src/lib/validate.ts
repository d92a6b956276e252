// Client-side checks mirroring the server's rules (DESIGN.md); the server stays the
// authority and its field errors are shown at the same fields. Messages are in the current
// language (customers:validate.*).
import { i18n } from '../i18n';
import type customers from '../i18n/locales/en/customers.json';

// keys are checked by the parameter's type; the options' type is i18next's per-key union
const translate = i18n.t.bind(i18n) as (key: string, params?: Record<string, string>) => string;
const msg = (key: keyof (typeof customers)['validate'], params?: Record<string, string>) => translate(`customers:validate.${key}`, params);

/** The phone numbers the form's hints show as examples. */
export const PHONE_EXAMPLES = { intl: '+254712345678', local: '0712345678' };
/** The MAC address format shown as the example. */
export const MAC_EXAMPLE = 'AA:BB:CC:DD:EE:FF';

export const USERNAME_RE = /^[a-z0-9._@-]{3,64}$/;

export function validateUsername(v: string): string | null {
  if (!v) return msg('usernameRequired');
  if (v !== v.toLowerCase()) return msg('lowerCase');
  if (v.length < 3) return msg('atLeast3');
  if (v.length > 64) return msg('atMost64');
  if (!USERNAME_RE.test(v)) return msg('usernameChars');
  return null;
}

export function validatePhone(v: string): string | null {
  const t = v.trim();
  if (!t) return msg('phoneRequired');
  const digits = t.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits)) return msg('phone', PHONE_EXAMPLES);
  return null;
}

export function validateEmail(v: string): string | null {
  if (!v.trim()) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : msg('email');
}

export function validateIPv4(v: string): string | null {
  if (!v.trim()) return null;
  const parts = v.trim().split('.');
  const ok = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && String(Number(p)) === p);
  return ok ? null : msg('ipv4');
}

export function normalizeMac(v: string): string {
  const hex = v.replace(/[^0-9a-fA-F]/g, '');
  if (hex.length !== 12) return v.trim();
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

export function validateMac(v: string): string | null {
  if (!v.trim()) return null;
  return /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(normalizeMac(v)) ? null : msg('mac', { example: MAC_EXAMPLE });
}

export function validatePassword(v: string, required = false): string | null {
  if (!v) return required ? msg('passwordRequired') : null;
  if (v.length < 8) return msg('passwordShort');
  return null;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A strong password without look-alike characters, easy to read over the phone. */
export function generatePassword(length = 14): string {
  const out: string[] = [];
  const buf = new Uint32Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(buf);
    for (const n of buf) {
      // rejection sampling keeps the distribution uniform
      if (n < Math.floor(0x100000000 / ALPHABET.length) * ALPHABET.length) out.push(ALPHABET[n % ALPHABET.length]);
      if (out.length === length) break;
    }
  }
  return out.join('');
}
