// The staff desk in the browser: one access state per customer with a filter for every state,
// archiving and restoring a customer (out of the list, found with the Archived filter), a
// router and a plan, the customer's notes timeline, the reports page with its CSV exports,
// and the dashboard's figure cards opening the lists they count.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const STATES = ['ONLINE', 'OFFLINE', 'EXPIRED', 'CAPPED', 'SUSPENDED', 'DISABLED', 'ARCHIVED'];

export async function deskTests({ test, page, shot, gql }) {
  const tag = randomBytes(2).toString('hex');
  const profiles = await gql('{ profiles(first: 10) { edges { node { id name } } } }');
  const home = profiles.profiles.edges.find((e) => e.node.name === 'Home 10M').node.id;
  const mkCustomer = async (name, phone, extra = {}) =>
    (await gql('mutation($i:CreateCustomerInput!){createCustomer(input:$i){customer{id}}}', {
      i: { username: `${name}.${tag}`, phone, profileID: home, ...extra },
    })).createCustomer.customer.id;
  const suspended = await mkCustomer('desk.susp', '0733000001');
  await gql('mutation($id:ID!){suspendCustomer(id:$id){id}}', { id: suspended });
  const expired = await mkCustomer('desk.exp', '0733000002', { expiresAt: new Date(Date.now() - 86400_000).toISOString() });
  const archivable = await mkCustomer('desk.arch', '0733000003');
  const rowOf = (u) => page.locator(`[data-testid=customers-table] tr[data-username="${u}.${tag}"]`);

  await test('desk: one state per customer, with its detail, and a filter for every state', async () => {
    await page.goto(`/customers?q=desk.`);
    await rowOf('desk.susp').locator('[data-access-state=SUSPENDED]').waitFor();
    await rowOf('desk.exp').locator('[data-access-state=EXPIRED]').waitFor();
    const detail = await rowOf('desk.exp').getByTestId('access-detail').textContent();
    if (!/^since \S.*\d{4}$/.test(detail ?? '')) throw new Error(`expired detail reads ${detail}`);
    if ((await rowOf('desk.exp').locator('[data-access-state]').count()) !== 1) throw new Error('more than one state on a row');
    await shot('desk-01-states');
    for (const s of STATES) {
      await page.getByTestId('state-filter').click();
      await page.getByRole('option', { name: new RegExp(`^${s[0]}${s.slice(1).toLowerCase()}$`) }).click();
      await page.waitForURL(new RegExp(`state=${s}`));
      // the rows of the new filter replace the old ones once its answer arrives
      let shown = [];
      for (let i = 0; i < 60; i++) {
        await page.waitForTimeout(250);
        if ((await page.getByTestId('customers-table').getAttribute('aria-busy')) === 'true') continue;
        shown = await page.locator('[data-testid=customers-table] [data-access-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-access-state')));
        if (shown.every((x) => x === s)) break;
      }
      if (shown.some((x) => x !== s)) throw new Error(`the ${s} filter shows ${shown.join(',')}`);
    }
    await page.goto(`/customers?q=desk.&state=SUSPENDED`);
    await rowOf('desk.susp').waitFor();
    if (await rowOf('desk.exp').count()) throw new Error('the Suspended filter shows an expired customer');
  });

  await test('desk: archive a customer, find it with the Archived filter, restore it', async () => {
    await page.goto(`/customers/${archivable}`);
    await page.getByTestId('archive').click();
    await page.getByTestId('confirm-archive').click();
    await page.getByTestId('archived-note').waitFor();
    await page.locator('[data-access-state=ARCHIVED]').first().waitFor();
    await shot('desk-02-archived');
    await page.goto(`/customers?q=desk.arch.${tag}`);
    await page.getByText('No customers found').waitFor();
    await page.goto(`/customers?q=desk.arch.${tag}&state=ARCHIVED`);
    await rowOf('desk.arch').locator('[data-access-state=ARCHIVED]').waitFor();
    await rowOf('desk.arch').getByRole('link', { name: `desk.arch.${tag}` }).click();
    await page.getByTestId('restore').click();
    await page.locator('[data-access-state=OFFLINE]').first().waitFor();
    await page.goto(`/customers?q=desk.arch.${tag}`);
    await rowOf('desk.arch').waitFor();
  });

  await test('desk: notes and events on the customer timeline, newest first', async () => {
    await gql('mutation($i:RecordPaymentInput!){recordPayment(input:$i){id}}', {
      i: { customerID: expired, amount: 150000, method: 'cash', reference: `DESK-${tag}` },
    });
    await page.goto(`/customers/${expired}`);
    const note = `Called ${tag}: will pay on Friday`;
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('add-note').click();
    const first = page.getByTestId('timeline').locator('[data-kind]').first();
    await first.getByText(note).waitFor();
    if ((await first.getAttribute('data-kind')) !== 'NOTE') throw new Error('the new note is not first');
    await page.getByTestId('timeline').locator('[data-kind=PAYMENT]').first().getByText('KES 1,500.00').waitFor();
    const text = await page.getByTestId('timeline').textContent();
    if (/150000|\{"|"profileID"/.test(text ?? '')) throw new Error(`timeline shows raw values: ${text}`);
    await shot('desk-03-timeline');
  });

  await test('desk: reports page with charts and CSV exports', async () => {
    await page.goto('/reports');
    await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();
    await page.getByTestId('growth-table').locator('tbody tr').first().waitFor();
    await shot('desk-04-reports-customers');
    const [growth] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-growth').click()]);
    const gcsv = readFileSync(await growth.path(), 'utf8');
    if (!gcsv.startsWith('month,new,churned,active,revenue,arpu')) throw new Error(`growth CSV: ${gcsv.slice(0, 80)}`);
    if (!/,1500\.00,/.test(gcsv) && !/\.\d\d\n/.test(gcsv)) throw new Error(`growth CSV money not in currency units: ${gcsv}`);
    await page.getByTestId('tab-expiring').click();
    await page.getByLabel('to', { exact: true }).fill(new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10));
    await page.getByTestId('expiring-table').locator('tbody tr').first().waitFor();
    await shot('desk-05-reports-expiring');
    const [exp] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-expiring').click()]);
    const ecsv = readFileSync(await exp.path(), 'utf8');
    if (!ecsv.startsWith('account_no,username')) throw new Error(`expiring CSV: ${ecsv.slice(0, 80)}`);
    await page.getByTestId('tab-traffic').click();
    await page.getByText('No traffic recorded in this range.').or(page.getByTestId('top-users-table')).first().waitFor();
    await shot('desk-06-reports-traffic');
    await page.getByTestId('tab-revenue').click();
    await page.getByTestId('revenue-net').waitFor();
  });

  await test('desk: each dashboard figure opens the list it counts', async () => {
    for (const [card, url, count] of [
      ['stat-online', /\/customers\?status=ONLINE$/, 'online'],
      ['stat-offline', /\/customers\?status=OFFLINE$/, 'offline'],
      ['stat-expired', /\/customers\?status=EXPIRED$/, 'expired'],
    ]) {
      await page.goto('/');
      const value = await page.getByTestId(card).locator('[data-value]').filter({ hasText: /^\d+$/ }).textContent();
      await page.getByTestId(card).click();
      await page.waitForURL(url);
      await page.getByTestId('link-filters').waitFor();
      let total = -1;
      for (let i = 0; i < 60 && total !== Number(value); i++) {
        await page.waitForTimeout(250);
        const range = (await page.getByTestId('page-range').textContent()) ?? '';
        if (range) total = Number(range.split(' of ')[1]);
        else if (await page.getByText('No customers found').count()) total = 0;
      }
      if (total !== Number(value)) throw new Error(`${count}: the card says ${value}, the list holds ${total}`);
    }
    await page.goto('/');
    await page.getByTestId('stat-new').locator('[data-value]').filter({ hasText: /^\d+$/ }).waitFor();
    await page.getByTestId('revenue-trend').waitFor();
    await shot('desk-07-dashboard');
    await page.getByTestId('stat-new').click();
    await page.waitForURL(/\/customers\?joined=\d{4}-\d\d-01/);
    await page.getByTestId('link-filters').waitFor();
  });

  await test('desk: archive and restore a router; a plan in use cannot be deleted', async () => {
    await gql('mutation($i:CreateNasInput!){createNas(input:$i){id}}', { i: { name: `old-router-${tag}`, ipAddress: '192.0.2.77', secret: 'old-router-secret' } });
    await page.goto('/nas');
    page.once('dialog', (d) => d.accept());
    await page.getByTestId(`nas-archive-old-router-${tag}`).click();
    await page.getByText(`old-router-${tag} archived`).waitFor();
    await page.getByTestId('show-archived-nas').click();
    await page.getByTestId(`nas-restore-old-router-${tag}`).click();
    await page.getByText(`old-router-${tag} restored`).waitFor();
    await page.goto('/profiles');
    const del = page.getByTestId('delete-profile-Home 10M');
    await del.waitFor();
    if (!(await del.isDisabled())) throw new Error('a plan with customers can be deleted');
    await del.hover({ force: true });
    await shot('desk-08-profiles');
  });
}

// Run alone: `node frontend/e2e/desk.mjs` (after `make build`) runs only these tests on their
// own server and database, logged in as admin; run.mjs runs them within the staff suite.
async function runAlone() {
  const { createRunner, gql, launchArgs, resetDir, startServer, ROOT } = await import('./harness.mjs');
  const { join } = await import('node:path');
  const OUT = join(ROOT, 'test-results', 'e2e-desk');
  resetDir(OUT);
  const run = createRunner('e2e-desk', OUT);
  try {
    const env = await startServer(run);
    const q = async (query, v) => gql(env.base, '/graphql', token, query, v);
    let token = null;
    token = (await q('mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}', { u: 'admin', p: env.adminPassword })).login.token;
    await q('mutation($i:CreateProfileInput!){createProfile(input:$i){id}}', {
      i: { name: 'Home 10M', downloadKbps: 10000, uploadKbps: 2500, validityDays: 30, price: 150000, dataLimitBytes: 100e9 },
    });
    const browser = await env.chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: launchArgs() });
    run.cleanups.push(async () => browser.close());
    const context = await browser.newContext({ viewport: { width: 1366, height: 850 }, baseURL: env.base, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    run.page = page;
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(env.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const shot = async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    };
    await deskTests({ test: run.test.bind(run), page, shot, gql: q });
  } finally {
    await run.cleanup();
  }
  run.finish();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await runAlone();
