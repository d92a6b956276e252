// Bulk actions in the browser: 50 customers (10 of them online on the simulated router)
// selected as "all matching" a search, moved to another plan in one job; the job drawer's
// progress bar reaches 100 %, and the online customers' results show the router's ACK of
// their CoA (the simulated router then shapes them at the new plan's rate).
import { randomBytes } from 'node:crypto';

export async function bulkTests({ test, page, shot, gql, simDial, setCoaPort, freeUDP }) {
  const tag = `bk${randomBytes(2).toString('hex')}`;
  const password = `Bulk-${randomBytes(6).toString('hex')}`;
  const plans = await gql('{profiles(first:50){edges{node{id name}}}}');
  const byName = Object.fromEntries(plans.profiles.edges.map((e) => [e.node.name, e.node.id]));
  const prefix = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const users = [];
  for (let i = 0; i < 50; i++) {
    const u = `${tag}.${String(i).padStart(2, '0')}`;
    users.push(u);
    await gql('mutation($i:CreateCustomerInput!){createCustomer(input:$i){customer{id}}}', {
      i: { username: u, password, phone: `+254733${prefix}${String(i).padStart(3, '0')}`, profileID: byName['Home 10M'] },
    });
  }
  // The ten online customers dial on a simulated router of their own, whose CoA port the NAS
  // record now names (the earlier tests' router has done its part).
  const coa = await freeUDP();
  await setCoaPort(coa);
  await simDial(users.slice(0, 10), password, coa);

  await test('bulk plan change: 50 customers, 10 online, CoA acknowledged, progress to 100 %', async () => {
    // 25 rows a page (an earlier test may have chosen 50), so that "all 50 matching" is offered
    await page.evaluate(() => localStorage.setItem('linedesk.pageSize', '25'));
    await page.goto(`/customers?q=${tag}`);
    await page.getByTestId('customers-table').waitFor();
    await page.locator(`[data-username="${users[49]}"]`).waitFor();
    await page.getByTestId('select-page').click();
    await page.getByTestId('bulk-select-all').click();
    const count = await page.getByTestId('bulk-count').textContent();
    if (!count?.includes('All 50')) throw new Error(`selection says ${count}`);
    await page.getByTestId('bulk-actions').click();
    await page.getByTestId('bulk-CHANGE_PROFILE').click();
    const text = await page.getByTestId('bulk-confirm-text').textContent();
    if (!text?.includes('50 customers') || !text.includes('CoA')) throw new Error(`confirmation says ${text}`);
    await page.getByTestId('bulk-plan').click();
    await page.getByRole('option', { name: 'Home 20M' }).click();
    await shot('30-bulk-confirm');
    await page.getByTestId('bulk-run').click();
    await page.waitForURL(/job=\d+/);
    await page.locator('[data-testid=bulk-progress][data-value="100"]').waitFor({ timeout: 60000 });
    await page.getByTestId('bulk-job-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 20000 });
    const progress = await page.getByTestId('bulk-progress-text').textContent();
    if (!progress?.includes('100 %') || !progress.includes('50 of 50')) throw new Error(`progress says ${progress}`);
    const failed = await page.getByTestId('bulk-failed').textContent();
    if (!failed?.startsWith('0 failed')) throw new Error(failed ?? 'no failed count');
    const acks = page.locator('[data-testid=bulk-results] [data-outcome=ACK]');
    await acks.nth(9).waitFor({ timeout: 20000 });
    if ((await acks.count()) !== 10) throw new Error(`${await acks.count()} ACKs, want 10`);
    await shot('31-bulk-job');
    // the job is a link: reloading shows it again
    await page.reload();
    await page.locator('[data-testid=bulk-progress][data-value="100"]').waitFor();
    const after = await gql('query($q:String){customers(search:$q,first:100){edges{node{profile{name}}}}}', { q: tag });
    const moved = after.customers.edges.filter((e) => e.node.profile.name === 'Home 20M').length;
    if (moved !== 50) throw new Error(`${moved} of 50 customers on Home 20M`);
  });
}
