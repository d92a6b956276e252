// No user-visible string in the dashboard's code: every .tsx file outside pending.txt passes
// its text through t(). pending.txt lists the files not translated yet; it only shrinks (a
// listed file that has become clean fails the test until its line is removed).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalTexts } from './literals';

const SRC = resolve(__dirname, '..');

function tsxFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!['gql', 'test'].includes(name)) tsxFiles(p, out);
    } else if (name.endsWith('.tsx') && !name.endsWith('.test.tsx')) out.push(p);
  }
  return out;
}

const pending = new Set(
  readFileSync(resolve(__dirname, 'pending.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

describe('dashboard strings', () => {
  const files = tsxFiles(SRC).map((f) => ({ file: relative(SRC, f), code: readFileSync(f, 'utf8') }));

  it('no literal text outside t() in translated files', () => {
    const found = files.filter((f) => !pending.has(f.file)).flatMap(({ file, code }) => literalTexts(code).map((l) => `${file}:${l}`));
    expect(found).toEqual([]);
  });

  it('pending.txt lists only files that still hold literal text', () => {
    const clean = files.filter((f) => pending.has(f.file) && literalTexts(f.code).length === 0).map((f) => f.file);
    const gone = [...pending].filter((p) => !files.some((f) => f.file === p));
    expect([...clean, ...gone]).toEqual([]);
  });
});
