// The expired page (expired.html): what an expired customer's browser lands on through the
// router's redirect. The HTML already reads in full (English, filled in at build time); this
// script, small and without React, translates the data-i18n elements into the browser's
// language and adds the ISP's name, logo, colour, payment instructions and contacts from the
// `isp` query (no token). When the API cannot be reached the page stays as it is.
import '../styles.css';
import type { i18n } from 'i18next';
import { createI18n } from '../../../shared/i18n/setup';
import en from '../i18n/en.json';
import { initialPortalLanguage, loadPortalLanguage } from '../i18n/load';
import { applyBrand, safeLogo, telLink, whatsappLink } from '../lib/brand';
import { API_PATH } from '../lib/client-path';

const ISP_QUERY = `query ExpiredIsp { isp { name logo color supportPhone supportEmail supportWhatsapp paymentInstructions } }`;

export interface ExpiredIsp {
  name: string;
  logo?: string | null;
  color?: string | null;
  supportPhone?: string | null;
  supportEmail?: string | null;
  supportWhatsapp?: string | null;
  paymentInstructions?: string | null;
}

export function translate(root: ParentNode, i18n: i18n): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    const key = el.dataset.i18n!;
    // keys come from the HTML, so they are checked at run time rather than by the compiler
    if (i18n.exists(key)) el.textContent = (i18n.t as (k: string) => string)(key);
  });
}

function link(href: string, text: string, external = false): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (external) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  li.append(a);
  return li;
}

export function showIsp(doc: Document, isp: ExpiredIsp, i18n: i18n): void {
  applyBrand(isp, `${isp.name}: ${i18n.t('expired.pageTitle')}`);
  const name = doc.getElementById('isp-name');
  if (name && isp.name) {
    name.textContent = isp.name;
    name.removeAttribute('data-i18n');
  }
  const logo = safeLogo(isp.logo);
  const img = doc.getElementById('isp-logo') as HTMLImageElement | null;
  if (img && logo) {
    img.src = logo;
    img.hidden = false;
  }
  const instructions = isp.paymentInstructions?.trim();
  if (instructions) {
    doc.getElementById('pay-instructions')!.textContent = instructions;
    doc.getElementById('pay')!.hidden = false;
  }
  const list = doc.getElementById('contact-list')!;
  list.replaceChildren();
  if (isp.supportPhone) list.append(link(telLink(isp.supportPhone), i18n.t('contacts.call', { phone: isp.supportPhone })));
  if (isp.supportEmail) list.append(link(`mailto:${isp.supportEmail}`, i18n.t('contacts.email', { email: isp.supportEmail })));
  const wa = whatsappLink(isp.supportWhatsapp);
  if (wa) list.append(link(wa, i18n.t('contacts.whatsapp'), true));
  doc.getElementById('contacts')!.hidden = list.childElementCount === 0;
}

export async function fetchIsp(fetchImpl: typeof fetch = fetch): Promise<ExpiredIsp | null> {
  try {
    const r = await fetchImpl(API_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: ISP_QUERY }),
    });
    if (!r.ok) return null;
    const j = (await r.json()) as { data?: { isp?: ExpiredIsp } };
    return j.data?.isp ?? null;
  } catch {
    return null;
  }
}

export async function start(doc: Document = document): Promise<void> {
  const i18n = createI18n({ resources: { en: { portal: en } }, defaultNS: 'portal', language: 'en' });
  // the language chosen in the portal on this device, else the browser's
  await loadPortalLanguage(i18n, initialPortalLanguage()).catch(() => undefined);
  translate(doc, i18n);
  const isp = await fetchIsp();
  if (isp) showIsp(doc, isp, i18n);
}

if (!import.meta.env.VITEST) void start();
