// Every user-visible string goes through t(): no text in JSX, no literal in a visible
// attribute; every key the code asks for is in en.json, and en.json holds no key nobody uses.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import en from './en.json';

const SRC = resolve(__dirname, '..');
const VISIBLE_ATTRS = new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'label', 'hint', 'summary']);
const LETTER = /\p{L}/u;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!['gql', 'mock', 'test'].includes(name)) files(p, out);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

type Node = { type: string; start: number; [k: string]: unknown };

function walk(node: unknown, visit: (n: Node, parent: Node | null) => void, parent: Node | null = null) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit, parent));
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') visit(n, parent);
  for (const [k, v] of Object.entries(n)) if (k !== 'type' && v && typeof v === 'object') walk(v, visit, typeof n.type === 'string' ? n : parent);
}

function lineOf(code: string, pos: number) {
  return code.slice(0, pos).split('\n').length;
}

const sources = files(SRC).map((f) => ({ file: relative(SRC, f), code: readFileSync(f, 'utf8') }));

function flatKeys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? flatKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const ALL = new Set(flatKeys(en));
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('strings', () => {
  it('no literal text in JSX', () => {
    const found: string[] = [];
    for (const { file, code } of sources.filter((s) => s.file.endsWith('.tsx'))) {
      walk(parseAst(code, { lang: 'tsx' }), (n, parent) => {
        if (n.type === 'JSXText' && LETTER.test(String(n.value))) found.push(`${file}:${lineOf(code, n.start)} text "${String(n.value).trim()}"`);
        if (n.type === 'JSXAttribute') {
          const name = (n.name as { name?: string }).name ?? '';
          const v = n.value as Node | null;
          if (VISIBLE_ATTRS.has(name) && v?.type === 'Literal' && LETTER.test(String(v.value))) found.push(`${file}:${lineOf(code, n.start)} ${name}="${String(v.value)}"`);
        }
        if (n.type === 'Literal' && parent?.type === 'JSXExpressionContainer' && typeof n.value === 'string' && LETTER.test(n.value)) {
          found.push(`${file}:${lineOf(code, n.start)} {"${n.value}"}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('every key asked for is in en.json, and every key in en.json is used', () => {
    const used = new Set<string>();
    const prefixes: string[] = [];
    const missing: string[] = [];
    const html = ['index.html', 'expired.html'].map((f) => readFileSync(resolve(SRC, '..', f), 'utf8')).join('\n');
    for (const m of html.matchAll(/\{\{t:([\w.]+)\}\}/g)) used.add(m[1]);
    for (const { file, code } of sources) {
      walk(parseAst(code, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }), (n) => {
        // a key kept in a constant (the tab bar's list) counts as used
        if (n.type === 'Literal' && typeof n.value === 'string' && ALL.has(n.value)) used.add(n.value);
        if (n.type !== 'CallExpression') return;
        const callee = n.callee as Node & { name?: string; property?: { name?: string } };
        const isT = callee.name === 't' || callee.property?.name === 't';
        if (!isT) return;
        const arg = (n.arguments as Node[])[0];
        if (arg?.type === 'Literal' && typeof arg.value === 'string') {
          used.add(arg.value);
          const hasPlural = [...ALL].some((k) => base(k) === arg.value && k !== arg.value);
          if (!ALL.has(arg.value) && !hasPlural) missing.push(`${file}:${lineOf(code, n.start)} ${arg.value}`);
        } else if (arg?.type === 'TemplateLiteral') {
          const q = (arg.quasis as { value: { raw: string } }[])[0].value.raw;
          prefixes.push(q);
          if (![...ALL].some((k) => k.startsWith(q))) missing.push(`${file}:${lineOf(code, n.start)} ${q}…`);
        }
      });
    }
    expect(missing).toEqual([]);
    const unused = [...ALL].filter((k) => !used.has(k) && !used.has(base(k)) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('plural keys come in _one/_other pairs and use {{count}}', () => {
    for (const k of ALL) {
      if (!/_(one|other)$/.test(k)) continue;
      expect(ALL.has(`${base(k)}_one`) && ALL.has(`${base(k)}_other`), k).toBe(true);
      const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) as string;
      expect(v, k).toContain('{{count}}');
    }
  });
});
