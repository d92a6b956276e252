// Address pools in the browser: an admin creates a pool on the Pools page, a plan in pool mode
// uses it, a customer logs in (FreeRADIUS's radclient, with an Acct-Session-Id as MikroTik
// sends) and gets an address of the pool, and the page and the dashboard show it used.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function radclient(addr, secret, attrs) {
  try {
    return execFileSync('radclient', ['-x', '-r', '2', '-t', '2', addr, 'auth', secret], { input: attrs, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    return String(e.stdout ?? '');
  }
}

export async function poolTests({ test, page, shot, gql, authAddr, secret }) {
  const tag = randomBytes(3).toString('hex');
  const name = `e2e-pool-${tag}`;
  await test('Pools: create a pool, a login takes an address, usage shows it', async () => {
    await page.goto('/pools');
    await page.getByRole('heading', { name: 'Address pools' }).waitFor();
    await page.getByTestId('new-pool').click();
    await page.getByTestId('pool-name').fill(name);
    await page.getByTestId('pool-ranges').fill('10.77.0.1-10.77.0.20');
    await page.getByTestId('pool-save').click();
    const row = page.getByTestId(`pool-${name}`);
    await row.getByText('0 used (0 static) · 20 free').waitFor({ timeout: 10000 });
    const pools = (await gql('{ pools { id name } }')).pools;
    const poolID = pools.find((p) => p.name === name).id;
    const plan = (await gql('mutation($i:CreateProfileInput!){createProfile(input:$i){id}}', {
      i: { name: `Pool plan ${tag}`, downloadKbps: 10000, uploadKbps: 5000, validityDays: 30, price: 100, addressPoolID: poolID },
    })).createProfile.id;
    const user = `pool.${tag}`;
    await gql('mutation($i:CreateCustomerInput!){createCustomer(input:$i){customer{id}}}', {
      i: { username: user, password: 'pool-pass-1', phone: '0712000777', profileID: plan },
    });
    // RADIUS sees the new customer within a second (change feed).
    let out = '';
    for (let i = 0; i < 10 && !out.includes('Access-Accept'); i++) {
      await page.waitForTimeout(500);
      out = radclient(authAddr, secret, `User-Name = "${user}"\nUser-Password = "pool-pass-1"\nAcct-Session-Id = "e2e-${tag}"\nMessage-Authenticator = 0x00\n`);
    }
    if (!/Framed-IP-Address = 10\.77\.0\.\d+/.test(out)) throw new Error(`no address of the pool in the Accept: ${out}`);
    await page.reload();
    await page.getByTestId(`pool-${name}`).getByText('1 used (0 static) · 19 free').waitFor({ timeout: 10000 });
    await shot('pools');
    await page.goto('/');
    await page.getByTestId('pool-usage').getByText(name).waitFor({ timeout: 10000 });
  });
}
