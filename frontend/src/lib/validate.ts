// Client-side checks mirroring the server's rules (DESIGN.md); the server stays the
// authority and its field errors are shown at the same fields.

export const USERNAME_RE = /^[a-z0-9._@-]{3,64}$/;

export function validateUsername(v: string): string | null {
  if (!v) return 'Username is required';
  if (v !== v.toLowerCase()) return 'Use lower-case letters only';
  if (v.length < 3) return 'At least 3 characters';
  if (v.length > 64) return 'At most 64 characters';
  if (!USERNAME_RE.test(v)) return 'Only a–z, 0–9 and . _ @ -';
  return null;
}

export function validatePhone(v: string): string | null {
  const t = v.trim();
  if (!t) return 'Phone is required';
  const digits = t.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits)) return 'Enter a phone number, e.g. +254712345678 or 0712345678';
  return null;
}

export function validateEmail(v: string): string | null {
  if (!v.trim()) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : 'Not an e-mail address';
}

export function validateIPv4(v: string): string | null {
  if (!v.trim()) return null;
  const parts = v.trim().split('.');
  const ok = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && String(Number(p)) === p);
  return ok ? null : 'Not an IPv4 address';
}

export function normalizeMac(v: string): string {
  const hex = v.replace(/[^0-9a-fA-F]/g, '');
  if (hex.length !== 12) return v.trim();
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

export function validateMac(v: string): string | null {
  if (!v.trim()) return null;
  return /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(normalizeMac(v)) ? null : 'Not a MAC address (AA:BB:CC:DD:EE:FF)';
}

export function validatePassword(v: string, required = false): string | null {
  if (!v) return required ? 'Password is required' : null;
  if (v.length < 8) return 'At least 8 characters (or leave empty to generate one)';
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
