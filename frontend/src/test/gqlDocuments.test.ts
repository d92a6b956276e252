// The build's graphql() rewriting (frontend/shared/gqlDocuments.ts): every call in the
// sources is found in the generated documents and replaced by exactly that document.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentsBySource, rewriteCalls } from '../../shared/gqlDocuments';

const src = join(__dirname, '..');
const documents = documentsBySource(
  readFileSync(join(src, 'gql/gql.ts'), 'utf8'),
  readFileSync(join(src, 'gql/graphql.ts'), 'utf8'),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gql' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('gqlDocuments', () => {
  it('replaces every graphql() call of the dashboard by its document, keeping the lines', () => {
    let calls = 0;
    for (const file of sources(src)) {
      const code = readFileSync(file, 'utf8');
      const out = rewriteCalls(code, documents);
      if (out === null) continue;
      calls += code.split('graphql(`').length - 1;
      expect(out, file).not.toMatch(/\bgraphql\(`/);
      expect(out.split('\n').length, file).toBe(code.split('\n').length);
    }
    expect(calls).toBeGreaterThan(50);
  });

  it.each([
    ['a known query', 'graphql(`\n  query Me {\n    me { id username fullName role language }\n  }\n`)', /"kind":"Document".*"value":"Me"/],
    ['text that codegen did not see', 'graphql(`query Nope { me { id } }`)', /not in the generated documents/],
  ])('%s', (_, code, want) => {
    if (want.source.includes('generated')) {
      expect(() => rewriteCalls(code, documents)).toThrow(want);
    } else {
      expect(rewriteCalls(code, documents)).toMatch(want);
    }
  });

  it('leaves code without calls, and interpolated templates, alone', () => {
    expect(rewriteCalls('const a = 1;', documents)).toBeNull();
    expect(rewriteCalls('graphql(`query A { ${x} }`)', documents)).toBeNull();
  });
});
