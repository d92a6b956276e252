// The RADIUS log in the browser: a router sending with a wrong shared secret (FreeRADIUS's
// radclient, signing with a secret the router record does not have) shows in the log's
// dropped packets by source and as "Wrong secret" in the routers list and on its page; an
// unknown username is in the log with its reason, found by searching for it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function radclient(addr, secret, attrs) {
  try {
    execFileSync('radclient', ['-x', '-r', '1', '-t', '1', addr, 'auth', secret], { input: attrs, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch {
    // no reply: radclient exits non-zero
  }
}

export async function radiusLogTests({ test, page, shot, authAddr, secret }) {
  const nobody = `nobody-${randomBytes(3).toString('hex')}`;
  await test('RADIUS log: a wrong-secret router and an unknown username', async () => {
    for (let i = 0; i < 3; i++) {
      radclient(authAddr, 'not-the-router-secret', 'User-Name = "e2e-wrong"\nUser-Password = "x"\nMessage-Authenticator = 0x00\n');
    }
    radclient(authAddr, secret, `User-Name = "${nobody}"\nUser-Password = "x"\nMessage-Authenticator = 0x00\n`);
    // The server adds its counts every 2 s and the service reuses them for 10 s.
    const deadline = Date.now() + 30000;
    for (;;) {
      await page.goto('/radius-log');
      await page.getByRole('heading', { name: 'RADIUS log' }).waitFor();
      const table = page.getByTestId('drops-table');
      if (await table.count() && (await table.innerText()).toLowerCase().includes('wrong secret')) break; // badges are upper-cased by CSS
      if (Date.now() > deadline) throw new Error('the wrong-secret drops never showed in the RADIUS log');
      await page.waitForTimeout(1500);
    }
    const drops = await page.getByTestId('drops-table').innerText();
    if (!drops.includes('127.0.0.1') || !drops.includes('sim-router')) throw new Error(`drops table: ${drops}`);
    await page.getByTestId('log-username').fill(nobody);
    await page.getByTestId('radius-log-table').getByText(nobody).waitFor({ timeout: 10000 });
    const log = await page.getByTestId('radius-log-table').innerText();
    if (!log.includes('unknown username')) throw new Error(`log row without its reason: ${log}`);
    await shot('radius-log');
    await page.goto('/nas');
    await page.getByTestId('nas-table').getByText('Wrong secret').waitFor({ timeout: 15000 });
    await page.getByTestId('nas-table').getByTestId('auth-failures').waitFor();
    await page.getByTestId('nas-table').getByRole('link', { name: 'sim-router' }).click();
    await page.getByTestId('radius-counts').getByText('wrong secret (Message-Authenticator mismatch)').first().waitFor({ timeout: 15000 });
    await shot('radius-router');
  });
}
