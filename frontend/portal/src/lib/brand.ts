// The ISP's branding applied to the page: its colour as the CSS variable --brand (with a
// readable text colour on it, --brand-ink), its name as the document title. Shared by the
// app and the expired page (no React here).

export const DEFAULT_BRAND = '#0b7285';

function validColor(c: string | null | undefined): string | null {
  if (!c) return null;
  const v = c.trim();
  if (!v || v.length > 64) return null;
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') return CSS.supports('color', v) ? v : null;
  return /^#[0-9a-f]{3,8}$/i.test(v) ? v : null;
}

/**
 * The text colour on a #rgb / #rrggbb brand colour: white while it keeps a contrast of 4:1
 * (the usual look of a coloured bar or button), else near-black (yellow, light green …).
 * White for colours given another way.
 */
export function inkFor(color: string): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return '#fff';
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (lum + 0.05) >= 4 ? '#fff' : '#111';
}

export function applyBrand(isp: { name?: string | null; color?: string | null } | null | undefined, title?: string): void {
  const color = validColor(isp?.color) ?? DEFAULT_BRAND;
  const root = document.documentElement.style;
  root.setProperty('--brand', color);
  root.setProperty('--brand-ink', inkFor(color));
  if (title) document.title = title;
}

/** Only an image data URL is shown as the logo (the setting is one, up to 100 kB). */
export function safeLogo(logo: string | null | undefined): string | null {
  return logo && /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(logo) ? logo : null;
}

/** A WhatsApp link from the setting: an https link as given, or a number made into wa.me. */
export function whatsappLink(v: string | null | undefined): string | null {
  if (!v) return null;
  const s = v.trim();
  if (/^https:\/\//i.test(s)) return s;
  const digits = s.replace(/[^\d]/g, '');
  return digits.length >= 6 ? `https://wa.me/${digits}` : null;
}

/** tel: link for a phone number as written. */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
