// The network engineer's plan features in the browser (issue 18): the speed-window editor on
// the Profiles page, the staff data top-up on the customer page, and IPv6 on the plan form,
// the customer's edit dialog and the customer's sessions (reported by FreeRADIUS's radclient,
// one prefix malformed: the session is stored and the attribute shown as malformed).
import { execFileSync } from 'node:child_process';

function radclient(addr, secret, kind, attrs) {
  return execFileSync('radclient', ['-x', '-r', '3', '-t', '2', addr, kind, secret], { input: attrs, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

export async function netPlanTests({ test, page, shot, gql, customerPath, username, acctAddr, secret }) {
  await test('speed windows: add a night boost, see it saved, and a refused window explained', async () => {
    await page.goto('/profiles');
    await page.getByRole('button', { name: 'Speed windows of Home 20M' }).click();
    const dialog = page.getByRole('dialog', { name: /Speed by time of day/ });
    await dialog.getByTestId('add-window').click();
    const row = dialog.getByTestId('window-0');
    await row.getByLabel('From').fill('00:00');
    await row.getByLabel('To').fill('06:00');
    await row.getByLabel('Download (Mbit/s)').fill('50');
    await row.getByLabel('Upload (Mbit/s)').fill('25');
    await dialog.getByTestId('save-windows').click();
    await page.getByText('Speed windows saved').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const saved = await gql('{ profiles(first: 50) { edges { node { name windows { days start end downloadKbps uploadKbps } } } } }');
    const plan = saved.profiles.edges.map((e) => e.node).find((p) => p.name === 'Home 20M');
    const w = plan?.windows?.[0];
    if (!w || w.start !== '00:00' || w.end !== '06:00' || w.downloadKbps !== 50000 || w.uploadKbps !== 25000 || w.days.length !== 7) {
      throw new Error(`windows saved: ${JSON.stringify(plan?.windows)}`);
    }
    // opened again, the window is there; a time that is not one is refused with the reason
    await page.getByRole('button', { name: 'Speed windows of Home 20M' }).click();
    await dialog.getByTestId('window-0').getByLabel('Download (Mbit/s)').waitFor();
    if ((await dialog.getByTestId('window-0').getByLabel('Download (Mbit/s)').inputValue()) !== '50') throw new Error('saved window not shown');
    await shot('netplans-windows');
    await dialog.getByTestId('window-0').getByLabel('To').fill('25:00');
    await dialog.getByTestId('save-windows').click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test('IPv6 on the plan form: a prefix with host bits is refused, a good one saved', async () => {
    await page.goto('/profiles');
    await page.getByRole('button', { name: 'Edit Home 20M' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit profile' });
    await dialog.getByLabel('Delegated prefix', { exact: true }).fill('2001:db8:0:1::/56');
    await dialog.getByLabel('Delegation pool').fill('e2e-pd');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Bits set past /56').waitFor();
    await dialog.getByLabel('Delegated prefix', { exact: true }).fill('2001:db8:100::/56');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Edit Home 20M' }).click();
    if ((await dialog.getByLabel('Delegated prefix', { exact: true }).inputValue()) !== '2001:db8:100::/56') throw new Error('plan IPv6 not saved');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test('IPv6 on the customer: its own WAN prefix over the plan\'s values', async () => {
    const id = decodeURIComponent(customerPath.split('/').pop());
    const q = 'query($id: ID!) { customer(id: $id) { profile { ipv6 { delegatedPrefix delegatedPool } } ipv6InEffect { framedPrefix delegatedPrefix delegatedPool } } }';
    const plan = (await gql(q, { id })).customer.profile.ipv6;
    await page.goto(customerPath);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${username}` });
    const placeholder = await dialog.getByLabel('Delegation pool').getAttribute('placeholder');
    if (plan.delegatedPool && placeholder !== `plan: ${plan.delegatedPool}`) throw new Error(`the plan's pool is not shown: ${placeholder}`);
    await dialog.getByLabel('IPv6 WAN prefix').fill('2001:db8:1:2::/64');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const v6 = (await gql(q, { id })).customer.ipv6InEffect;
    if (v6.framedPrefix !== '2001:db8:1:2::/64' || v6.delegatedPrefix !== plan.delegatedPrefix || v6.delegatedPool !== plan.delegatedPool) {
      throw new Error(`in effect: ${JSON.stringify(v6)}, plan ${JSON.stringify(plan)}`);
    }
  });

  await test('IPv6 the router reports shows in the customer\'s sessions, a malformed prefix marked', async () => {
    const sid = `e2e-v6-${Date.now()}`;
    const out = radclient(acctAddr, secret, 'acct', `User-Name = "${username}"\nAcct-Session-Id = "${sid}"\nAcct-Status-Type = Start\n` +
      'NAS-IP-Address = 127.0.0.1\nFramed-IPv6-Prefix = 2001:db8:1:2::/64\nAttr-123 = 0x00c82001\n');
    if (!out.includes('Accounting-Response')) throw new Error(`radclient: ${out}`);
    radclient(acctAddr, secret, 'acct', `User-Name = "${username}"\nAcct-Session-Id = "${sid}"\nAcct-Status-Type = Stop\nNAS-IP-Address = 127.0.0.1\nAcct-Terminate-Cause = User-Request\n`);
    await page.goto(customerPath);
    const table = page.getByTestId('sessions-table');
    await table.getByText('2001:db8:1:2::/64').first().waitFor({ timeout: 15000 });
    await table.getByText('malformed IPv6').first().waitFor();
    await shot('netplans-session-ipv6');
  });

  await test('staff data top-up from the customer page', async () => {
    await gql('mutation { updateSettings(input: [{ key: "topup_price_per_gb", value: "100" }]) { key } }');
    await page.goto(customerPath);
    await page.getByTestId('top-up').click();
    const dialog = page.getByRole('dialog', { name: /Data top-up for/ });
    await dialog.getByTestId('topup-gb').fill('2');
    await dialog.getByTestId('confirm-topup').click();
    await page.getByText('Data added').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const id = decodeURIComponent(customerPath.split('/').pop());
    const t = await gql('query($id: ID!) { customer(id: $id) { transactions(first: 5) { edges { node { kind amount } } } } }', { id });
    const topup = t.customer.transactions.edges.map((e) => e.node).find((n) => n.kind === 'TOPUP');
    if (!topup || topup.amount !== -200) throw new Error(`ledger: ${JSON.stringify(t.customer.transactions)}`);
    // the ledger shows the TOPUP entry without a reload
    await page.getByRole('tab', { name: /Ledger/ }).click();
    await page.getByTestId('ledger-table').getByText(/top-?up/i).first().waitFor();
    await shot('netplans-topup');
  });
}
