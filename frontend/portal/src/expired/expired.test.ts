// The expired page without React: the built HTML reads in full; the script translates it and
// adds the ISP's name, colour, payment instructions and contacts from `isp` (no token).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../shared/i18n/setup';
import en from '../i18n/en.json';
import { ispFixture } from '../mock/fixtures';
import { fetchIsp, showIsp, translate } from './main';

const html = readFileSync(resolve(__dirname, '../../expired.html'), 'utf8');

function page() {
  document.documentElement.innerHTML = html.replace(/^<!doctype html>\s*<html[^>]*>/i, '').replace(/<\/html>\s*$/, '');
  return document;
}

const i18n = createI18n({ resources: { en: { portal: en } }, defaultNS: 'portal', language: 'en' });

describe('expired page', () => {
  it('has a text for every {{t:…}} placeholder', () => {
    const keys = [...html.matchAll(/\{\{t:([\w.]+)\}\}/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(5);
    for (const k of keys) expect(i18n.exists(k), k).toBe(true);
    // the same key in data-i18n as in the placeholder, so translating replaces like for like
    for (const m of html.matchAll(/data-i18n="([\w.]+)">\{\{t:([\w.]+)\}\}/g)) expect(m[1]).toBe(m[2]);
  });

  it("shows the ISP's branding, payment instructions and contacts", () => {
    const doc = page();
    translate(doc, i18n);
    expect(doc.querySelector('h1')?.textContent).toBe('Your subscription has ended');
    showIsp(doc, ispFixture(), i18n);
    expect(doc.getElementById('isp-name')?.textContent).toBe('Kilimani Fibre');
    expect(doc.getElementById('pay')?.hidden).toBe(false);
    expect(doc.getElementById('pay-instructions')?.textContent).toContain('M-Pesa Paybill 123456');
    const links = [...doc.querySelectorAll('#contact-list a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Call +254 700 123 456', 'tel:+254700123456'],
      ['E-mail help@kilimani.example', 'mailto:help@kilimani.example'],
      ['WhatsApp', 'https://wa.me/254700123456'],
    ]);
    expect(doc.documentElement.style.getPropertyValue('--brand')).toBe('#1c7ed6');
    expect(doc.querySelector('a[href="/portal/signin"]')).not.toBeNull();
    expect(doc.title).toBe('Kilimani Fibre: Your subscription has ended');
  });

  it('puts the instructions in as text, never as HTML', () => {
    const doc = page();
    showIsp(doc, { ...ispFixture(), paymentInstructions: '<img src=x onerror=alert(1)>Pay here', logo: 'javascript:alert(1)' }, i18n);
    expect(doc.getElementById('pay-instructions')?.innerHTML).toBe('&lt;img src=x onerror=alert(1)&gt;Pay here');
    expect((doc.getElementById('isp-logo') as HTMLImageElement).hidden).toBe(true);
  });

  it('keeps the page as it is when the API cannot be reached', async () => {
    expect(await fetchIsp(async () => new Response('not found', { status: 404 }))).toBeNull();
    expect(await fetchIsp(async () => Promise.reject(new TypeError('offline')))).toBeNull();
    const isp = await fetchIsp(async (url, init) => {
      expect(url).toBe('/portal/graphql');
      expect(new Headers(init?.headers).get('Authorization')).toBeNull();
      return new Response(JSON.stringify({ data: { isp: ispFixture() } }), { status: 200 });
    });
    expect(isp?.name).toBe('Kilimani Fibre');
  });
});
