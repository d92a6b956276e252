// Every shipped language is complete, in the dashboard (locales/<lang>/<ns>.json), the portal
// (portal/src/i18n/<lang>.json) and the server errors both show (shared/i18n/errors/<lang>.json):
// the same keys as English, every plural category the language's Intl.PluralRules uses, the
// same {{placeholders}}, and no empty string.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages';

type Tree = Record<string, unknown>;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flat(o: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flat(v as Tree, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort().join(',');

/** What is wrong with a translation of `en` into `lang`, one line per fault. */
export function faults(lang: string, en: Tree, tr: Tree): string[] {
  const e = flat(en);
  const t = flat(tr);
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const out: string[] = [];
  const wanted = new Map<string, string>(); // key wanted in lang → the English text it renders
  for (const [k, v] of e) {
    if (!PLURAL.test(k)) wanted.set(k, v);
    else for (const c of categories) wanted.set(k.replace(PLURAL, `_${c}`), e.get(k.replace(PLURAL, '_other')) ?? v);
  }
  for (const [k, v] of wanted) {
    const got = t.get(k);
    if (got === undefined) out.push(`${lang}: missing ${k}`);
    else if (!got.trim()) out.push(`${lang}: empty ${k}`);
    else if (placeholders(got) !== placeholders(v) && !(PLURAL.test(k) && placeholders(got).replace('count', '') === placeholders(v).replace('count', ''))) {
      out.push(`${lang}: ${k} has {{${placeholders(got)}}}, English {{${placeholders(v)}}}`);
    }
  }
  for (const k of t.keys()) {
    const base = k.replace(PLURAL, '');
    if (!wanted.has(k) && ![...e.keys()].some((ek) => ek.replace(PLURAL, '') === base)) out.push(`${lang}: unknown key ${k}`);
  }
  return out;
}

const read = (p: string): Tree => JSON.parse(readFileSync(p, 'utf8')) as Tree;
const DASH = resolve(__dirname, 'locales');
const PORTAL = resolve(__dirname, '../../portal/src/i18n');
const ERRORS = resolve(__dirname, '../../shared/i18n/errors');

describe('languages are complete', () => {
  const namespaces = readdirSync(resolve(DASH, 'en')).filter((f) => f.endsWith('.json'));

  it.each(LANGUAGES.filter((l) => l !== 'en'))('dashboard: %s', (lang) => {
    const out = namespaces.flatMap((ns) => {
      const p = resolve(DASH, lang, ns);
      if (!existsSync(p)) return [`${lang}: no ${ns}`];
      return faults(lang, read(resolve(DASH, 'en', ns)), read(p)).map((f) => `${ns} ${f}`);
    });
    expect(out).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('portal: %s', (lang) => {
    const p = resolve(PORTAL, `${lang}.json`);
    expect(existsSync(p) ? faults(lang, read(resolve(PORTAL, 'en.json')), read(p)) : [`${lang}: no ${lang}.json`]).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('server errors: %s', (lang) => {
    const p = resolve(ERRORS, `${lang}.json`);
    expect(existsSync(p) ? faults(lang, read(resolve(ERRORS, 'en.json')), read(p)) : [`${lang}: no ${lang}.json`]).toEqual([]);
  });

  it('finds a missing key, a missing plural category and a lost placeholder', () => {
    const en = { a: 'Hello {{name}}', n_one: '{{count}} item', n_other: '{{count}} items' };
    expect(faults('fr', en, { a: 'Bonjour', n_one: '{{count}} article' })).toEqual([
      'fr: a has {{}}, English {{name}}',
      'fr: missing n_many',
      'fr: missing n_other',
    ]);
  });
});
