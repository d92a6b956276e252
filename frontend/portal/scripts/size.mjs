// The portal's download budget (npm run test:portal, so `npm test` and `make test`): builds the
// portal into a temporary directory and fails when the JavaScript a first visit needs is over
// 150 kB gzip-compressed. Three first visits are measured, each the entry's chunk plus every
// chunk it imports statically (what the browser fetches before the page works):
//   sign-in      index.html's entry (a visitor without a session)
//   home         the entry + the home page's chunk + graphql-ws (a signed-in subscriber)
//   expired      expired.html's entry (the page the router redirects an expired customer to)
import { build } from 'vite';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const KB = 1000;
// PORTAL_BUDGET_KB lowers the limit, to see the check fail
const LIMIT = Number(process.env.PORTAL_BUDGET_KB ?? 150) * KB;
const BUDGET = { 'sign-in': LIMIT, home: LIMIT, expired: Math.min(LIMIT, 40 * KB) };

const out = mkdtempSync(join(tmpdir(), 'portal-size-'));
try {
  await build({
    configFile: join(ROOT, 'frontend/portal/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, manifest: true },
  });
  const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
  const gz = (file) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length;

  /** the chunks `keys` load before running: themselves and their static imports */
  const closure = (keys) => {
    const seen = new Set();
    const visit = (k) => {
      if (seen.has(k)) return;
      seen.add(k);
      for (const i of manifest[k].imports ?? []) visit(i);
    };
    keys.forEach(visit);
    return [...seen].map((k) => manifest[k].file);
  };
  const find = (pred, what) => {
    const k = Object.keys(manifest).find(pred);
    if (!k) throw new Error(`no ${what} in the build manifest`);
    return k;
  };
  const entry = find((k) => k.endsWith('index.html'), 'index.html entry');
  const expired = find((k) => k.endsWith('expired.html'), 'expired.html entry');
  const home = find((k) => k.endsWith('src/pages/HomePage.tsx'), 'home page chunk');
  const ws = find((k) => k.includes('node_modules/graphql-ws/'), 'graphql-ws chunk');

  const sets = { 'sign-in': closure([entry]), home: closure([entry, home, ws]), expired: closure([expired]) };
  let failed = false;
  let passed = 0;
  for (const [name, files] of Object.entries(sets)) {
    const js = files.filter((f) => f.endsWith('.js'));
    const size = js.reduce((n, f) => n + gz(f), 0);
    const ok = size <= BUDGET[name];
    failed ||= !ok;
    if (ok) passed++;
    console.log(
      `portal size: ${name.padEnd(8)} ${(size / KB).toFixed(1).padStart(6)} kB gzip JS in ${js.length} files ` +
        `(budget ${BUDGET[name] / KB} kB) ${ok ? 'ok' : 'OVER BUDGET'}`,
    );
  }
  const mock = Object.keys(manifest).filter((k) => k.includes('src/mock/'));
  if (mock.length) console.log(`portal size: the mock fixtures are in the production build: ${mock.join(', ')}`);
  else passed++;
  const total = Object.keys(sets).length + 1;
  failed ||= mock.length > 0;
  console.log(`size: ${passed} passed, ${total - passed} failed`);
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(out, { recursive: true, force: true });
}
