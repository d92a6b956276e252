// End-to-end test of the subscriber portal: the real `linedesk serve` on a fresh PostgreSQL
// database, a customer set up through the staff API and dialled by the simulated MikroTik,
// and Debian's chromium (playwright-core) at 390×844, a phone:
//   sign in (a wrong password first), see usage and balance with live counters; change the
//   password with "disconnect now", then authenticate over RADIUS with radtest using the new
//   one (and see the old one refused); renew from the balance; see the expired page (also
//   without JavaScript) and the expired banner for an expired customer; 360 px wide without
//   sideways scrolling; pay by M-Pesa (an STK push answered by the simulated Daraja of
//   `linedesk sim gateways`), then see the new balance and the receipt and download it; no
//   console error (a CSP violation would be one).
//
//   make build && npm run e2e:portal          (or: make e2e-portal)
//
// It needs the portal API at /portal/graphql: until the server side of issue 15 is built it
// skips with a message saying so (and fails under CI, like the other missing parts).
// Environment as run.mjs: LINEDESK_BIN, CHROMIUM, E2E_PG, E2E_HEADFUL=1, E2E_KEEP=1,
// E2E_VERBOSE=1. Screenshots: test-results/e2e-portal/. Last line: `e2e: N passed, M failed`.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { portalLanguageTests } from './languages.mjs';
import { BIN, ROOT, createRunner, dial, freeTCP, gql, launchArgs, radtest, resetDir, startProcess, startServer, waitFor } from './harness.mjs';

const OUT = join(ROOT, 'test-results', 'e2e-portal');
const run = createRunner('e2e-portal', OUT);
const ISP = {
  isp_name: 'Kilimani Fibre E2E',
  isp_color: '#1c7ed6',
  support_phone: '+254 700 123 456',
  support_email: 'help@kilimani.example',
  support_whatsapp: '+254700123456',
  payment_instructions: 'M-Pesa Paybill 123456, account: your account number',
};
const PHONE = { width: 390, height: 844 };

let page;
async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

/** The page's width fits the viewport: nothing scrolls sideways. */
async function noSidewaysScroll(p, what) {
  const [scroll, client] = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (scroll > client + 1) throw new Error(`${what}: the page is ${scroll}px wide in a ${client}px window`);
}

/** Answers true when /portal/graphql is the portal API (the server side is built and mounted). */
async function portalAPI(base) {
  try {
    const r = await fetch(`${base}/portal/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ isp { name currency } }' }),
    });
    const type = r.headers.get('content-type') ?? '';
    if (r.status === 404 || r.status === 405 || !type.includes('json')) return `HTTP ${r.status} ${type}`;
    const j = await r.json();
    return j.data?.isp ? true : `answered ${JSON.stringify(j).slice(0, 200)}`;
  } catch (e) {
    return e.message;
  }
}

async function signIn(username, password) {
  await page.goto('/portal/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function main() {
  resetDir(OUT);
  const env = await startServer(run);
  const { base, ports, nasSecret, chromium } = env;
  const api = await portalAPI(base);
  if (api !== true) {
    await run.skipOrFail(`the portal API is not at ${base}/portal/graphql (${api}): the server side of issue 15 must be built and mounted first`);
  }
  const index = await (await fetch(`${base}/portal/`)).text();
  if (!index.includes('<div id="root">') || !index.includes('/portal/assets/')) {
    throw new Error(`${base}/portal/ does not serve the portal (built without -tags spa, or frontend.PortalHandler not mounted): ${index.slice(0, 200)}`);
  }

  // Set-up through the staff API: branding, two plans, the router, two customers.
  const staff = (q, v) => gql(base, '/graphql', token, q, v);
  const { login } = await gql(base, '/graphql', null, 'mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}', { u: 'admin', p: env.adminPassword });
  const token = login.token;
  await staff('mutation($i:[SettingInput!]!){updateSettings(input:$i){key}}', { i: Object.entries(ISP).map(([key, value]) => ({ key, value })) });
  const mkProfile = async (name, down, price) =>
    (await staff('mutation($i:CreateProfileInput!){createProfile(input:$i){id}}', {
      i: { name, downloadKbps: down, uploadKbps: down / 4, validityDays: 30, price, dataLimitBytes: 100e9 },
    })).createProfile.id;
  const home10 = await mkProfile('Home 10M', 10000, 150000);
  await mkProfile('Home 20M', 20000, 250000);
  await staff('mutation($i:CreateNasInput!){createNas(input:$i){id}}', {
    i: { name: 'sim-router', ipAddress: '127.0.0.1', secret: nasSecret, coaPort: ports.coa, disconnectMethod: 'RADIUS' },
  });
  const username = `e2e.${randomBytes(3).toString('hex')}`;
  let password = `Start-${randomBytes(4).toString('hex')}`;
  const created = await staff('mutation($i:CreateCustomerInput!){createCustomer(input:$i){customer{id accountNo}}}', {
    i: { username, password, phone: '0712 345 679', fullName: 'Portal Tester', profileID: home10, autoRenew: false },
  });
  const customerID = created.createCustomer.customer.id;
  await staff('mutation($i:RecordPaymentInput!){recordPayment(input:$i){id}}', {
    i: { customerID, amount: 200000, method: 'cash', reference: '' },
  });
  const expiredUser = `e2e.x${randomBytes(3).toString('hex')}`;
  const expiredPassword = `Gone-${randomBytes(4).toString('hex')}`;
  await staff('mutation($i:CreateCustomerInput!){createCustomer(input:$i){customer{id}}}', {
    i: {
      username: expiredUser, password: expiredPassword, phone: '0712 345 680', profileID: home10, autoRenew: false,
      expiresAt: new Date(Date.now() - 3 * 86400000).toISOString(),
    },
  });
  let sim = await dial(run, { user: username, password, ports, secret: nasSecret });

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: !process.env.E2E_HEADFUL, args: launchArgs() });
  run.cleanups.push(async () => browser.close());
  const context = await browser.newContext({ viewport: PHONE, baseURL: base, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = await context.newPage();
  run.page = page;
  page.setDefaultTimeout(15000);
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

  await run.test('sign in', async () => {
    await page.goto('/portal/');
    await page.waitForURL(/\/portal\/signin/);
    await page.getByTestId('brand').getByText(ISP.isp_name).waitFor();
    await shot('01-signin');
    await signIn(username, 'not-the-password');
    await page.getByTestId('signin-error').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Hello, Portal Tester').waitFor();
    await page.reload(); // the sign-in survives a reload
    await page.getByText('Hello, Portal Tester').waitFor();
  });

  await run.test('see usage and balance, with live counters', async () => {
    await page.goto('/portal/');
    await page.getByTestId('balance').filter({ hasText: 'KES 2,000.00' }).waitFor();
    await page.getByTestId('usage-used').filter({ hasText: /of 100 GB/ }).waitFor();
    await page.getByTestId('session-ip').filter({ hasText: /\d+\.\d+\.\d+\.\d+/ }).waitFor();
    await page.getByTestId('connection-status').filter({ hasText: 'Online' }).waitFor();
    const down = page.getByTestId('session-down');
    const before = await down.textContent();
    await waitFor(async () => {
      const now = await down.textContent();
      return now !== before && now;
    }, { timeout: 20000, what: `the downloaded bytes to grow live (were ${before})` });
    await noSidewaysScroll(page, 'home at 390 px');
    await shot('02-home');
  });

  await run.test('change the password, then RADIUS accepts the new one', async () => {
    const next = `New-${randomBytes(5).toString('hex')}`;
    await page.goto('/portal/account');
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('Disconnect me now so the new password takes effect at once').check();
    await page.getByTestId('save-password').click();
    const msg = page.getByTestId('password-message');
    await msg.waitFor();
    if (!((await msg.textContent()) ?? '').trim()) throw new Error('no message from the server about the router');
    await shot('03-password-changed');
    await waitFor(() => sim.output.includes('disconnected by linedesk') || sim.exitCode != null, { what: 'the router to drop the session' });
    const old = password;
    password = next;
    const withNew = radtest({ user: username, password: next, port: ports.auth, secret: nasSecret });
    if (withNew !== 'accept') throw new Error(`radtest with the new password: ${withNew}`);
    const withOld = radtest({ user: username, password: old, port: ports.auth, secret: nasSecret });
    if (withOld !== 'reject') throw new Error(`radtest with the old password: ${withOld}`);
    sim = await dial(run, { user: username, password: next, ports, secret: nasSecret });
  });

  await run.test('renew from the balance', async () => {
    await page.goto('/portal/pay');
    if (/\/signin/.test(page.url())) await signIn(username, password); // a password change may end the sign-in
    await page.waitForURL(/\/portal\/pay/);
    await page.getByTestId('pay-balance').filter({ hasText: 'KES 2,000.00' }).waitFor();
    await page.getByTestId('renew').click();
    await page.getByTestId('confirm-renew-yes').click();
    await page.getByTestId('renewed').waitFor();
    await page.getByTestId('pay-balance').filter({ hasText: 'KES 500.00' }).waitFor();
    await page.getByTestId('payment-instructions').filter({ hasText: 'Paybill 123456' }).waitFor();
    await shot('04-renewed');
    // with KES 500.00 left the next renewal is refused before asking, with the shortfall
    await page.getByTestId('renew-reason').filter({ hasText: 'KES 1,000.00 short' }).waitFor();
    // the staff side sees the renewal in the ledger
    const ledger = await staff('query($id:ID!){node(id:$id){... on Customer{transactions(first:5){edges{node{kind amount}}}}}}', { id: customerID });
    if (!JSON.stringify(ledger).includes('RENEWAL')) throw new Error(`no renewal in the ledger: ${JSON.stringify(ledger)}`);
  });

  await run.test('pay by M-Pesa, then see the balance and the receipt', async () => {
    // The simulated Daraja answers every push as paid after 2 s; linedesk confirms it with
    // stkpushquery before booking. Its callbacks come back to public_url.
    const mpesaPort = await freeTCP();
    const sim = startProcess(run, 'gateways', BIN, ['sim', 'gateways', '--mpesa', `127.0.0.1:${mpesaPort}`, '--paystack', '', '--auto-pay', '2s']);
    await waitFor(() => sim.output.includes('simulated Daraja at') || (sim.exitCode != null && Promise.reject(new Error(sim.output))), {
      what: 'the simulated Daraja to listen',
    });
    await staff('mutation($i:[SettingInput!]!){updateSettings(input:$i){key}}', {
      i: [{ key: 'allow_private_targets', value: 'true' }, { key: 'public_url', value: base }],
    });
    await staff('mutation($i:PaymentGatewayInput!){configurePaymentGateway(input:$i){kind enabled}}', {
      i: {
        kind: 'MPESA', enabled: true, baseUrl: `http://127.0.0.1:${mpesaPort}`, shortCode: '174379', accountType: 'PAYBILL',
        consumerKey: 'demo-key', consumerSecret: 'demo-secret', passkey: 'demo-passkey',
      },
    });
    await page.goto('/portal/pay');
    await page.reload(); // the ISP's gateways are read once per page load
    await page.getByTestId('pay-balance').filter({ hasText: 'KES 500.00' }).waitFor();
    await page.getByTestId('mpesa-amount').fill('1000');
    await page.getByTestId('mpesa-pay').click();
    await page.getByTestId('mpesa-pending').waitFor();
    await shot('05a-mpesa-pending');
    await page.getByTestId('mpesa-status').filter({ hasText: 'Paid KES 1,000.00' }).waitFor({ timeout: 40000 });
    await page.getByTestId('pay-balance').filter({ hasText: 'KES 1,500.00' }).waitFor();
    await noSidewaysScroll(page, 'pay at 390 px');
    await shot('05b-mpesa-paid');
    await page.getByTestId('to-receipts').click();
    await page.waitForURL(/\/portal\/receipts/);
    const receipt = page.getByTestId('receipt').filter({ hasText: 'KES 1,000.00' });
    await receipt.waitFor();
    if (!/R-\d{6}/.test((await receipt.textContent()) ?? '')) throw new Error('the payment shows no receipt number');
    const [file] = await Promise.all([page.waitForEvent('download'), receipt.getByTestId('receipt-download').click()]);
    const path = await file.path();
    const head = (await import('node:fs')).readFileSync(path).subarray(0, 5).toString();
    if (head !== '%PDF-') throw new Error(`the receipt download is not a PDF: ${head}`);
    await shot('05c-receipts');
  });

  await run.test('staff assign an unmatched payment in the dashboard', async () => {
    // An M-Pesa C2B payment whose account number matches nobody, as Daraja delivers it to the
    // confirmation URL that Payment gateways shows (unsigned; the URL carries the token).
    const { paymentGateways } = await staff('{paymentGateways{kind callbackUrls}}');
    const confirmURL = paymentGateways.find((g) => g.kind === 'MPESA').callbackUrls.find((u) => u.endsWith('/confirmation'));
    if (!confirmURL) throw new Error(`no confirmation URL in ${JSON.stringify(paymentGateways)}`);
    const transID = `E2E${randomBytes(4).toString('hex').toUpperCase()}`;
    const now = new Date(Date.now() + 3 * 3600000).toISOString().replace(/\D/g, '').slice(0, 14);
    const r = await fetch(confirmURL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        TransactionType: 'Pay Bill', TransID: transID, TransTime: now, TransAmount: '300.00', BusinessShortCode: '174379',
        BillRefNumber: 'NO SUCH ACCOUNT', MSISDN: '254700000999', FirstName: 'JOHN', LastName: 'DOE',
      }),
    });
    if (!r.ok) throw new Error(`the confirmation was answered HTTP ${r.status}: ${await r.text()}`);
    const balance = async () => (await staff('query($id:ID!){node(id:$id){... on Customer{balance}}}', { id: customerID })).node.balance;
    const before = await balance();
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    const d = await desk.newPage();
    d.setDefaultTimeout(15000);
    d.on('console', (m) => m.type() === 'error' && consoleErrors.push(`dashboard: ${m.text()}`));
    await d.goto('/payments/unmatched');
    await d.waitForURL(/\/login/);
    await d.getByLabel('Username').fill('admin');
    await d.getByLabel('Password', { exact: true }).fill(env.adminPassword);
    await d.getByRole('button', { name: 'Sign in' }).click();
    await d.waitForURL(/\/payments\/unmatched/);
    const row = d.getByTestId('unmatched-table').getByRole('row').filter({ hasText: transID });
    await row.getByTestId('assign-unmatched').click();
    await d.getByTestId('assign-search').fill(username);
    await d.getByTestId('assign-customer').click();
    await d.getByRole('option', { name: new RegExp(username.replace('.', '\\.')) }).click();
    await d.getByTestId('confirm-assign').click();
    await d.getByText('Payment assigned').waitFor();
    await d.screenshot({ path: join(OUT, '05d-staff-assigned.png') });
    await desk.close();
    const after = await balance();
    if (after !== before + 30000) throw new Error(`balance ${before} → ${after}, want 300.00 more`);
  });

  await run.test('history, plans and account pages render at 360 px', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const [path, heading, name] of [
      ['/portal/', null, '05-home-360'],
      ['/portal/history', 'History', '06-history-360'],
      ['/portal/connections', 'Connection attempts', '07-connections-360'],
      ['/portal/plans', 'Plans', '08-plans-360'],
      ['/portal/pay', 'Renew and pay', '09-pay-360'],
      ['/portal/receipts', 'Receipts and invoices', '09b-receipts-360'],
      ['/portal/account', 'Account', '10-account-360'],
    ]) {
      await page.goto(path);
      if (heading) await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      else await page.getByTestId('balance').waitFor();
      await noSidewaysScroll(page, `${path} at 360 px`);
      await shot(name);
    }
    await page.setViewportSize(PHONE);
  });

  await run.test('the expired page, without a token and without JavaScript', async () => {
    const anon = await browser.newContext({ viewport: PHONE, baseURL: base, isMobile: true });
    const p = await anon.newPage();
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`expired: ${m.text()}`));
    await p.goto('/portal/expired');
    await p.getByRole('heading', { name: 'Your subscription has ended' }).waitFor();
    await p.locator('#isp-name').filter({ hasText: ISP.isp_name }).waitFor();
    await p.getByText('Paybill 123456').waitFor();
    await p.getByRole('link', { name: `Call ${ISP.support_phone}` }).waitFor();
    if (!(await p.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href'))?.endsWith('/portal/signin')) throw new Error('no sign-in link');
    await noSidewaysScroll(p, 'expired page');
    await p.screenshot({ path: join(OUT, '11-expired.png'), fullPage: true });
    await anon.close();
    const noJS = await browser.newContext({ viewport: PHONE, baseURL: base, javaScriptEnabled: false });
    const q = await noJS.newPage();
    await q.goto('/portal/expired');
    await q.getByRole('heading', { name: 'Your subscription has ended' }).waitFor();
    await q.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await q.screenshot({ path: join(OUT, '12-expired-nojs.png'), fullPage: true });
    await noJS.close();
  });

  await run.test('an expired customer sees the expired banner', async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/portal\/signin/);
    await signIn(expiredUser, expiredPassword);
    await page.getByTestId('banner-expired').waitFor();
    await page.getByTestId('connection-status').filter({ hasText: 'Expired' }).waitFor();
    await shot('13-expired-customer');
  });

  await portalLanguageTests({ test: run.test, page, shot });

  await run.test('no console errors', async () => {
    // refusals are HTTP 200 with a GraphQL error: nothing here should be a browser error
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
  });
}

try {
  await main();
} catch (e) {
  run.failed++;
  run.log('FAIL set-up:', e?.stack ?? e);
}
await run.cleanup();
run.finish();
