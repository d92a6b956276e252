// The first load carries only the English of the shell and the dashboard page
// (FIRST_NAMESPACES); the rest comes with the first other page. This follows the static
// imports from App.tsx (the shell), the dashboard page and the parts they load without waiting
// for the rest (account menu, shortcuts list, charts), and checks that every namespace their
// code names is bundled: one missing would show keys, not words.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIRST_NAMESPACES, NAMESPACES } from '.';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const f of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (existsSync(f) && !f.endsWith('/') && /\.tsx?$/.test(f)) return f;
  }
  return null;
}

/** The files reachable from roots through static relative imports (not import()). */
function reachable(roots: string[]): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f) || f.includes('/gql/')) continue;
    const code = readFileSync(f, 'utf8');
    seen.set(f, code);
    for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      if (/^import\s+type\s/.test(m[0])) continue;
      const next = resolveImport(f, m[1]);
      if (next) todo.push(next);
    }
  }
  return seen;
}

/** The namespaces a file's code names: useTranslation('x' | ['x', …]), { ns: 'x' }, t('x:…'). */
function namespacesOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/useTranslation\(\s*(\[[^\]]*\]|'[^']*')/g)) {
    for (const q of m[1].matchAll(/'([^']+)'/g)) found.add(q[1]);
  }
  for (const m of code.matchAll(/\bns:\s*'([^']+)'/g)) found.add(m[1]);
  for (const m of code.matchAll(/\bt\(\s*['`]([a-zA-Z]+):/g)) found.add(m[1]);
  return [...found].filter((ns) => NAMESPACES.includes(ns));
}

describe('the first load', () => {
  it('bundles every namespace the shell and the dashboard page use', () => {
    const roots = ['App.tsx', 'pages/DashboardPage.tsx', 'components/AccountMenu.tsx', 'components/ShortcutsHelp.tsx', 'features/dashboard/charts.tsx'];
    const files = reachable(roots.map((f) => resolve(src, f)));
    expect(files.size).toBeGreaterThan(10);
    const missing = [...files].flatMap(([f, code]) =>
      namespacesOf(code).filter((ns) => !FIRST_NAMESPACES.includes(ns)).map((ns) => `${f.slice(src.length + 1)}: ${ns}`),
    );
    expect(missing).toEqual([]);
  });

  it('leaves the other pages’ namespaces out', () => {
    expect(FIRST_NAMESPACES).not.toContain('customer');
    expect(FIRST_NAMESPACES.length).toBeLessThan(NAMESPACES.length);
  });
});
