// Screenshots of every portal page with made-up data (the mock mode: no server needed), at
// 390×844 and 360 px wide, into test-results/portal-shots/ (not committed). For looking at
// the layout after a change:  node frontend/portal/scripts/shots.mjs
import { createServer } from 'vite';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const OUT = join(ROOT, 'test-results', 'portal-shots');
const { chromium } = await import('playwright-core');

const server = await createServer({ configFile: join(ROOT, 'frontend/portal/vite.config.ts'), mode: 'mock', server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls.local[0].replace(/\/portal\/?$/, '').replace(/\/$/, '');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const errors = [];
const ISP = {
  name: 'Kilimani Fibre', logo: null, color: '#1c7ed6', supportPhone: '+254 700 123 456', supportEmail: 'help@kilimani.example',
  supportWhatsapp: '+254700123456', paymentInstructions: 'M-Pesa Paybill 123456\nAccount: your account number', currency: 'KES', timeZone: 'Africa/Nairobi',
};
const session = JSON.stringify({ token: 'mock-token', expiresAt: new Date(Date.now() + 864e5).toISOString(), byCode: false });

async function shoot(width, height, scenario, path, name, { signedIn = true, before } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  if (signedIn) await ctx.addInitScript((s) => sessionStorage.setItem('linedesk.portal.session', s), session);
  const page = await ctx.newPage();
  // the expired page asks the real API (no mock transport there): answer it here
  await page.route('**/portal/graphql', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: { isp: ISP } }) }));
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${name}: ${m.text()}`));
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}mock=${scenario}`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(600);
  if (before) await before(page);
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (sw > cw + 1) errors.push(`${name} @${width}: scrolls sideways (${sw} > ${cw})`);
  await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
  await ctx.close();
}

for (const [w, h] of [[390, 844], [360, 780]]) {
  await shoot(w, h, 'active', '/portal/signin', 'signin', { signedIn: false });
  await shoot(w, h, 'active', '/portal/signin', 'signin-code', {
    signedIn: false,
    before: async (p) => {
      await p.getByTestId('switch-mode').click();
      await p.getByLabel('Phone number').fill('0712 345 678');
      await p.getByRole('button', { name: 'Send code' }).click();
      await p.getByTestId('code-sent').waitFor();
    },
  });
  await shoot(w, h, 'active', '/portal/', 'home');
  await shoot(w, h, 'expired', '/portal/', 'home-expired');
  await shoot(w, h, 'suspended', '/portal/', 'home-suspended');
  await shoot(w, h, 'active', '/portal/history', 'history');
  await shoot(w, h, 'active', '/portal/connections', 'connections');
  await shoot(w, h, 'active', '/portal/plans', 'plans', {
    before: async (p) => p.locator('[data-plan="Home 20M"]').getByRole('button', { name: 'Choose this plan' }).click(),
  });
  await shoot(w, h, 'poor', '/portal/pay', 'pay-poor');
  await shoot(w, h, 'active', '/portal/pay', 'pay', { before: async (p) => p.getByTestId('renew').click() });
  await shoot(w, h, 'active', '/portal/account', 'account', {
    before: async (p) => {
      await p.getByLabel('Current password').fill('old-pass');
      await p.getByLabel('New password', { exact: true }).fill('Blue-Kettle-88');
      await p.getByTestId('save-password').click();
      await p.getByTestId('password-message').waitFor();
    },
  });
  await shoot(w, h, 'suspended', '/portal/account', 'account-suspended');
  await shoot(w, h, 'active', '/portal/expired.html', 'expired', { signedIn: false });
}
await shoot(1280, 900, 'active', '/portal/', 'home-desktop');
await browser.close();
await server.close();
console.log(`screenshots in ${OUT}`);
if (errors.length) {
  console.log(errors.join('\n'));
  process.exitCode = 1;
}
