// The staff side of the subscriber portal in the dashboard's end-to-end run (run.mjs calls
// portalStaffTests): a plan offered in the portal and given an expired pool through the
// profiles page, the portal and branding settings, ending a customer's portal sessions on its
// page, the router page's expired-page lines, and a subscriber actor in the audit log.
//
// The subscriber's own sign-ins come from the portal API; here they are rows written straight
// into the database (as a sign-in would leave them), so this run needs nothing of the portal.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {object} o
 * @param {(name: string, fn: () => Promise<void>) => Promise<void>} o.test
 * @param {() => import('playwright-core').Page} o.page
 * @param {(name: string) => Promise<void>} o.shot
 * @param {(query: string, variables?: object) => Promise<any>} o.gql  as the admin
 * @param {string} o.dbURL  the run's database
 * @param {string} o.base   linedesk's address
 * @param {string} o.username  the customer the run added
 * @param {string} o.dir    a scratch directory
 */
export async function portalStaffTests({ test, page, shot, gql, dbURL, base, username, dir }) {
  const sql = (statement) => execFileSync('psql', [dbURL, '-v', 'ON_ERROR_STOP=1', '-tAqc', statement], { encoding: 'utf8' }).trim();
  const { customers } = await gql('query($q:String){customers(search:$q, first:1){edges{node{id accountNo}}}}', { q: username });
  const cust = customers.edges[0].node;
  const fail = (msg) => {
    throw new Error(msg);
  };

  await test('profiles: a plan offered in the subscriber portal, with an expired pool', async () => {
    const p = page();
    await p.goto('/profiles');
    await p.getByRole('button', { name: 'Edit Home 20M' }).click();
    const box = p.getByRole('checkbox', { name: /Offered in the subscriber portal/ });
    if (await box.isChecked()) fail('a plan is offered in the portal before anyone said so');
    await box.check();
    await p.getByLabel('Expired pool').fill('expired');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    const { profiles } = await gql('{profiles(first:10){edges{node{id name portalVisible expiredPool}}}}');
    const home20 = profiles.edges.map((e) => e.node).find((n) => n.name === 'Home 20M');
    if (!home20?.portalVisible || home20.expiredPool !== 'expired') fail(`saved as ${JSON.stringify(home20)}`);
    await p.getByTestId(`portal-${home20.id}`).getByText('offered').waitFor();
    await shot('30-profile-offered-in-portal');
  });

  await test('settings: subscriber portal & branding', async () => {
    const p = page();
    await p.goto('/settings');
    const group = p.getByRole('heading', { name: 'Subscriber portal & branding' });
    await group.waitFor();
    await p.getByLabel('Public URL').fill(`${base}`);
    await p.getByLabel('ISP name').fill('E2E Fibre');
    await p.getByTestId('portal-plan-change').click();
    await p.getByRole('option', { name: /prorated charge or credit/ }).click();
    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), Buffer.alloc(90 * 1024)]));
    await p.getByTestId('isp-logo-file').setInputFiles(big);
    await p.getByText(/may be at most 100 kB/).waitFor();
    const small = join(dir, 'logo.svg');
    writeFileSync(small, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#0b7285"/></svg>');
    await p.getByTestId('isp-logo-file').setInputFiles(small);
    await p.getByTestId('isp-logo-preview').waitFor();
    await shot('31-settings-portal');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.getByText(/^Saved \d+ settings?$/).waitFor();
    const { settings } = await gql('{settings{key value}}');
    const v = Object.fromEntries(settings.map((s) => [s.key, s.value]));
    if (v.public_url !== base || v.isp_name !== 'E2E Fibre' || v.portal_plan_change !== 'prorate' || !v.isp_logo?.startsWith('data:image/svg+xml;base64,')) {
      fail(`stored ${JSON.stringify({ ...v, isp_logo: v.isp_logo?.slice(0, 40) })}`);
    }
  });

  await test('customer page: portal last used, and End portal sessions', async () => {
    const p = page();
    sql(`UPDATE customers SET portal_last_used_at = now() - interval '2 hours' WHERE id = ${Number(cust.id)}`);
    for (const h of ['e2e-a', 'e2e-b']) {
      sql(`INSERT INTO portal_tokens (customer_id, token_hash, created_at, expires_at) VALUES (${Number(cust.id)}, '${h}', now(), now() + interval '30 days')`);
    }
    await p.goto(`/customers/${cust.id}`);
    await p.getByTestId('portal-last-used').filter({ hasText: 'Portal: last used 2 hours ago' }).waitFor();
    await p.getByTestId('end-portal-sessions').click();
    await p.getByText(/signed out of the subscriber portal on every phone/).waitFor();
    await shot('32-end-portal-sessions-confirm');
    await p.getByTestId('confirm-end-portal-sessions').click();
    await p.getByTestId('portal-sessions-ended').filter({ hasText: 'Ended 2 portal sessions.' }).waitFor();
    const open = sql(`SELECT count(*) FROM portal_tokens WHERE customer_id = ${Number(cust.id)} AND revoked_at IS NULL`);
    if (open !== '0') fail(`${open} portal tokens still open`);
    await shot('33-end-portal-sessions-done');
  });

  await test("router page: the expired page's lines, copied", async () => {
    const p = page();
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await p.goto('/nas');
    await p.getByRole('link', { name: 'sim-router' }).click();
    await p.getByRole('heading', { name: 'sim-router' }).waitFor();
    const block = p.getByTestId('expired-redirect-script');
    const script = (await block.textContent()) ?? '';
    const host = new URL(base);
    for (const want of ['RouterOS 6 and 7', 'name="expired"', `to-addresses=${host.hostname} to-ports=${host.port}`, '/ip firewall nat']) {
      if (!script.includes(want)) fail(`the script lacks ${want}:\n${script}`);
    }
    await p.getByTestId('copy-expired-redirect').click();
    await p.getByTestId('copy-expired-redirect').filter({ hasText: 'Copied' }).waitFor();
    const copied = await p.evaluate(() => navigator.clipboard.readText());
    if (copied !== script) fail('the clipboard does not hold the script');
    await shot('34-router-expired-redirect');
  });

  await test('audit log: staff ending portal sessions, and a subscriber as actor', async () => {
    const p = page();
    sql(`INSERT INTO audit_logs (actor, action, target_type, target_id, created_at) VALUES ('customer:${cust.accountNo}', 'portalLogin', 'customer', '${cust.id}', now())`);
    await p.goto('/audit');
    await p.getByTestId('audit-table').getByText('Ended portal sign-ins').first().waitFor();
    const row = p.getByTestId('audit-table').locator('tr', { hasText: 'Signed in to the portal' });
    await row.getByText('subscriber').waitFor();
    await row.getByRole('link', { name: cust.accountNo }).waitFor();
    if ((await row.textContent())?.includes('customer:')) fail('the raw actor name is shown');
    await shot('35-audit-subscriber');
  });
}
