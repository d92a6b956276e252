// Shared set-up of the browser end-to-end scripts: a fresh PostgreSQL database, the real
// `linedesk serve` on free ports, the simulated MikroTik router, GraphQL for set-up, a tiny
// test runner that prints `e2e: N passed, M failed`, and Debian's chromium through
// playwright-core. frontend/e2e/portal.mjs uses it (run.mjs, older, has its own copy).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = resolve(ROOT, process.env.LINEDESK_BIN ?? 'bin/linedesk');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const PG = process.env.E2E_PG ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
export const CI = !!process.env.CI;

/** The runner: test(), skipOrFail(), finish(), cleanups, and the page for failure screenshots. */
export function createRunner(tag, outDir) {
  const r = {
    passed: 0,
    failed: 0,
    cleanups: [],
    page: null,
    log: (...a) => console.log(`[${tag}]`, ...a),
    async test(name, fn) {
      const t0 = Date.now();
      try {
        await fn();
        r.passed++;
        r.log(`ok   ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        r.failed++;
        r.log(`FAIL ${name}: ${e?.stack ?? e}`);
        if (r.page) await r.page.screenshot({ path: join(outDir, `FAILED-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
      }
    },
    finish(code) {
      console.log(`e2e: ${r.passed} passed, ${r.failed} failed`);
      process.exit(code ?? (r.failed > 0 ? 1 : 0));
    },
    /** Skips loudly; under CI a missing part is a failure. */
    async skipOrFail(why) {
      await r.cleanup();
      if (CI) {
        console.error(`[${tag}] FAIL: ${why} (CI is set, so this is a failure)`);
        r.failed++;
        r.finish(1);
      }
      console.error(`\n[${tag}] ******** SKIPPED: ${why} ********\n`);
      r.finish(0);
    },
    async cleanup() {
      for (const c of r.cleanups.splice(0).reverse()) {
        try {
          await c();
        } catch (e) {
          r.log('cleanup:', e.message);
        }
      }
    },
  };
  process.on('SIGINT', async () => {
    await r.cleanup();
    r.finish(130);
  });
  return r;
}

export function freeTCP() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function freeUDP() {
  return new Promise((res, rej) => {
    const s = createSocket('udp4');
    s.on('error', rej);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function pgURL(db) {
  const u = new URL(PG);
  u.pathname = '/' + db;
  return u.toString();
}

export function psql(sql) {
  execFileSync('psql', [PG, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function waitFor(fn, { timeout = 20000, interval = 200, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export function startProcess(runner, name, cmd, args, env = {}) {
  const p = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  p.output = '';
  const onData = (d) => {
    p.output += d.toString();
    if (process.env.E2E_VERBOSE) process.stdout.write(`[${name}] ${d}`);
  };
  p.stdout.on('data', onData);
  p.stderr.on('data', onData);
  p.exited = new Promise((r) => p.on('exit', (code, sig) => r({ code, sig })));
  runner.cleanups.push(async () => {
    if (p.exitCode == null && p.signalCode == null) {
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 8000);
      await p.exited;
      clearTimeout(t);
    }
  });
  return p;
}

/** A GraphQL request; throws on errors. `path` is /graphql (staff) or /portal/graphql. */
export async function gql(base, path, token, query, variables = {}) {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const j = await r.json();
  if (j.errors?.length) throw new Error(`${j.errors.map((e) => e.message).join('; ')}`);
  return j.data;
}

/**
 * Checks the machine (chromium, the binary, PostgreSQL, playwright-core), then starts
 * `linedesk serve` on a fresh database and free ports. Returns { base, ports, server,
 * adminPassword, nasSecret, dataDir, chromium }.
 */
export async function startServer(runner) {
  if (!existsSync(CHROMIUM)) await runner.skipOrFail(`no chromium at ${CHROMIUM} (apt-get install chromium)`);
  if (!existsSync(BIN)) await runner.skipOrFail(`no ${BIN}: run \`make build\` first`);
  try {
    psql('SELECT 1');
  } catch (e) {
    await runner.skipOrFail(`PostgreSQL is not reachable at ${PG}: ${e.stderr?.toString().trim() ?? e.message}`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    await runner.skipOrFail('playwright-core is not installed (npm ci)');
  }
  const adminPassword = 'e2e-' + randomBytes(9).toString('hex');
  const nasSecret = 'e2e-secret-' + randomBytes(6).toString('hex');
  const db = `linedesk_e2e_${Date.now()}_${process.pid}`;
  psql(`CREATE DATABASE ${db}`);
  if (!process.env.E2E_KEEP) runner.cleanups.push(async () => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  const dataDir = mkdtempSync(join(tmpdir(), 'linedesk-e2e-'));
  runner.cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const ports = { http: await freeTCP(), auth: await freeUDP(), acct: await freeUDP(), coa: await freeUDP() };
  runner.log(`database ${db}, ports`, ports);
  const server = startProcess(runner, 'serve', BIN, [
    'serve',
    '--db', pgURL(db),
    '--http', `127.0.0.1:${ports.http}`,
    '--radius-auth', `127.0.0.1:${ports.auth}`,
    '--radius-acct', `127.0.0.1:${ports.acct}`,
    '--data-dir', dataDir,
    '--secret-key', randomBytes(32).toString('hex'),
  ], { LINEDESK_ADMIN_PASSWORD: adminPassword });
  const base = `http://127.0.0.1:${ports.http}`;
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, { timeout: 30000, what: `linedesk serve at ${base}: ${server.output}` });
  return { base, ports, server, adminPassword, nasSecret, dataDir, chromium };
}

/** The simulated MikroTik dialling `user` (see run.mjs's dial). */
export async function dial(runner, { user, password, ports, secret }) {
  const p = startProcess(runner, 'sim', BIN, [
    'sim', 'dial',
    '--auth', `127.0.0.1:${ports.auth}`,
    '--acct', `127.0.0.1:${ports.acct}`,
    '--coa', `127.0.0.1:${ports.coa}`,
    '--secret', secret,
    '--user', user,
    '--password', password,
    '--interim', '2s',
    '--traffic', '200k/2M',
    '--hold', '10m',
  ]);
  await waitFor(() => p.output.includes(`${user} online`) || (p.exitCode != null && Promise.reject(new Error(p.output))), {
    timeout: 20000,
    what: `the simulated router to dial ${user}`,
  });
  return p;
}

/** radtest (freeradius-utils): PAP Access-Request; resolves to 'accept', 'reject' or throws. */
export function radtest({ user, password, port, secret }) {
  let out = '';
  try {
    out = execFileSync('radtest', [user, password, `127.0.0.1:${port}`, '0', secret], { encoding: 'utf8', timeout: 20000 });
  } catch (e) {
    out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  // radtest prints "Received Access-Reject …" and, on a reject, "Expected Access-Accept got
  // Access-Reject": the received packet decides.
  if (/Received Access-Reject/.test(out)) return 'reject';
  if (/Received Access-Accept/.test(out)) return 'accept';
  if (/Access-Accept/.test(out)) return 'accept';
  if (/Access-Reject/.test(out)) return 'reject';
  throw new Error(`radtest gave no answer: ${out}`);
}

export function launchArgs() {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
}

export function resetDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
