// A Vite plugin that replaces each graphql(`…`) call of the client preset by the document
// it stands for, written out where it is used. Without it, gql.ts's map of every operation in
// the project, and through it every document of graphql.ts, is in a chunk that the first page
// loads (the map is neither tree-shakeable nor minifiable; graphql.ts is one module, so one
// chunk); with it, a page's chunk holds only the documents that page uses. TypeScript still
// checks the graphql() calls (tsc runs on the sources); the plugin only changes what is
// bundled. Names and documents are read from the generated gql.ts and graphql.ts, so a call
// whose text is not there (codegen not run) fails the build instead of sending a wrong
// document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

// A template literal without interpolation (`${`) or escapes: the form codegen reads.
const CALL = /\bgraphql\(\s*`((?:[^`\\$]|\$(?!\{))*)`\s*\)/g;
const ENTRY = /^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm;
const DOCUMENT = /^export const (\w+) = (\{"kind":"Document".*\}) as unknown as DocumentNode<.*$/gm;

/** The generated documents by source text: gql.ts names them, graphql.ts holds them. */
export function documentsBySource(gqlTs: string, graphqlTs: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const m of graphqlTs.matchAll(DOCUMENT)) byName.set(m[1], m[2]);
  const bySource = new Map<string, string>();
  for (const m of gqlTs.matchAll(ENTRY)) {
    const doc = byName.get(m[2]);
    if (doc) bySource.set(JSON.parse(m[1]) as string, doc);
  }
  return bySource;
}

/**
 * Rewrites graphql(`…`) calls in `code` to their documents and returns the new code, or null
 * when there is none. Line breaks are kept, so line numbers in errors still match the source.
 */
export function rewriteCalls(code: string, documents: Map<string, string>): string | null {
  let count = 0;
  const out = code.replace(CALL, (whole: string, text: string) => {
    const doc = documents.get(text);
    if (!doc) {
      const head = text.trim().split('\n')[0];
      throw new Error(`graphql(\`${head} …\`) is not in the generated documents: run npm run codegen`);
    }
    count++;
    return doc + '\n'.repeat(whole.split('\n').length - 1);
  });
  return count === 0 ? null : out;
}

/** The plugin for the sources under `srcDir` whose generated code is in `gqlDir`. */
export function gqlDocuments(srcDir: string, gqlDir: string): Plugin {
  let documents: Map<string, string> | null = null;
  return {
    name: 'linedesk-gql-documents',
    enforce: 'pre',
    apply: 'build',
    buildStart() {
      const read = (name: string) => readFileSync(join(gqlDir, name), 'utf8');
      documents = documentsBySource(read('gql.ts'), read('graphql.ts'));
    },
    transform(code, id) {
      if (!id.startsWith(srcDir) || id.startsWith(gqlDir) || !/\.tsx?$/.test(id)) return null;
      if (!code.includes('graphql(') || !documents) return null;
      const out = rewriteCalls(code, documents);
      return out === null ? null : { code: out, map: null };
    },
  };
}
