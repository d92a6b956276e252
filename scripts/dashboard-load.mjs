// dashboard-load.mjs [RUNS]: how fast the staff dashboard's first page loads over loopback, in
// chromium (issue 19, item 7: under 1 s, its first JavaScript under 200 kB compressed).
//
//   npm run build && go build -tags spa -o bin/linedesk ./cmd/linedesk && node scripts/dashboard-load.mjs
//
// Starts `linedesk serve` on a temporary embedded database and free loopback ports, loads the demo
// data with `linedesk demo --simulate 100` (100 subscribers online through the simulated
// router, so the page has live figures, history and expiring customers), signs in through the
// API, then opens / signed in, in a fresh browser context (empty cache) each time: one warm-up
// (the server compresses each file on its first request), then RUNS measured loads (default 5).
// Per load: first contentful paint, the load event, when the four figures show numbers (the
// page is usable), and the JavaScript as compressed bytes on the wire: the first (what
// index.html names: its module script and the modules it preloads, as scripts/first-load.sh
// counts it), all fetched by the time the figures show (with the dashboard page's own chunks
// and the live socket), and all with what loads after (the charts, the account menu, the
// toasts' container); then the medians. Exit status 1 when the median figures time is 1 s or
// more or the first JavaScript 200 kB or more. Environment: LINEDESK_BIN, CHROMIUM as for the
// e2e suite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = resolve(ROOT, process.env.LINEDESK_BIN ?? 'bin/linedesk');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUNS = Number(process.argv[2] ?? 5);
const PASSWORD = 'load-' + randomBytes(9).toString('hex');
const LIMIT_MS = 1000;
const LIMIT_JS = 200_000;

const freeTCP = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const freeUDP = () =>
  new Promise((ok) => {
    const s = createSocket('udp4').bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const children = [];
function start(args, env = {}) {
  const p = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (out += d));
  children.push(p);
  return { proc: p, output: () => out.slice(-2000) };
}

async function until(what, check, timeout = 60000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function gql(base, token, query, variables) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Serves a fresh installation with the demo data on it; returns its URL and a token. */
async function serveDemo(dataDir) {
  const ports = { http: await freeTCP(), auth: await freeUDP(), acct: await freeUDP() };
  const common = ['--data-dir', dataDir, '--db', `sqlite://${join(dataDir, 'linedesk.db')}`, '--radius-auth', `127.0.0.1:${ports.auth}`, '--radius-acct', `127.0.0.1:${ports.acct}`];
  const secret = randomBytes(32).toString('hex');
  const server = start(['serve', '--http', `127.0.0.1:${ports.http}`, '--secret-key', secret, ...common], { LINEDESK_ADMIN_PASSWORD: PASSWORD });
  const base = `http://127.0.0.1:${ports.http}`;
  await until(`linedesk serve at ${base}: ${server.output()}`, async () => (await fetch(`${base}/healthz`)).ok);
  const demo = start(['demo', '--simulate', '100', '--secret-key', secret, ...common]);
  const { login } = await gql(base, null, 'mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}', { u: 'admin', p: PASSWORD });
  const online = async () => (await gql(base, login.token, '{dashboard{online}}')).dashboard.online;
  await until(`the demo's subscribers online: ${demo.output()}`, async () => (await online()) >= 100, 120000);
  return { base, token: login.token };
}

/** In the page: notes when every figure shows a number instead of "…" (the page is usable). */
function watchFigures() {
  const ids = ['stat-online', 'stat-offline', 'stat-expired', 'stat-revenue'];
  const shown = () =>
    ids.every((id) => {
      const v = document.querySelector(`[data-testid="${id}"] [data-value]`)?.textContent ?? '…';
      return v !== '' && !v.includes('…');
    });
  new MutationObserver((_, obs) => {
    if (shown()) {
      window.__figuresAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** One load of / in a fresh context (empty cache), signed in with token. */
async function measure(browser, base, token) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript((t) => localStorage.setItem('linedesk.token', t), token);
  await context.addInitScript(watchFigures);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__figuresAt, null, { timeout: 30000 });
  await page.waitForLoadState('load');
  await page.waitForTimeout(2500); // what loads later (charts, account menu, toasts)
  const m = await page.evaluate(async () => {
    const at = window.__figuresAt;
    const html = await (await fetch('/')).text();
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
    const first = js.filter((r) => r.responseEnd <= at);
    const bytes = (rs) => rs.reduce((n, r) => n + r.encodedBodySize, 0);
    // the first JavaScript: what index.html names (its module script and the modules it preloads)
    const named = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((x) => location.origin + x[1]));
    const entry = js.filter((r) => named.has(r.name));
    return { fcp, load: nav.loadEventEnd, figures: at, entry: bytes(entry), jsBytes: bytes(first), jsFiles: first.length, jsAll: bytes(js) };
  });
  await context.close();
  return m;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'linedesk-load-'));
  let browser;
  try {
    const { base, token } = await serveDemo(dataDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
    await measure(browser, base, token); // warm-up: the server compresses each file once
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await measure(browser, base, token);
      runs.push(r);
      console.log(`run ${i + 1}: fcp ${r.fcp.toFixed(0)} ms, load ${r.load.toFixed(0)} ms, figures ${r.figures.toFixed(0)} ms; JS: first ${r.entry} bytes, by the figures ${r.jsBytes} in ${r.jsFiles} files, with what loads after ${r.jsAll}`);
    }
    const med = (k) => median(runs.map((r) => r[k]));
    console.log(`median of ${RUNS}: fcp ${med('fcp').toFixed(0)} ms, load ${med('load').toFixed(0)} ms, figures ${med('figures').toFixed(0)} ms; JS: first ${med('entry')} bytes, by the figures ${med('jsBytes')}, with what loads after ${med('jsAll')}`);
    const ok = med('figures') < LIMIT_MS && med('entry') < LIMIT_JS;
    console.log(`${ok ? 'within' : 'OVER'} the targets (figures < 1 s, first JavaScript < 200 kB)`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser?.close();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  for (const c of children) c.kill('SIGKILL');
  process.exit(2);
});
