// Staff security in the browser: changing one's own password and signing in with it, TOTP
// enrolment (the code computed here from the key the page shows) and sign-in with a code,
// an admin's password reset, and the audit log reading with names and failed sign-ins.
import { createHmac, randomBytes } from 'node:crypto';

/** RFC 4648 base32 to bytes. */
function base32(s) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let val = 0;
  const out = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    val = ((val << 5) | A.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((val >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) of secret at step. */
export function totpCode(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[19] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1e6;
  return String(n).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 30000);

export async function staffSecurityTests({ test, page, shot, gql, base, token, adminPassword }) {
  const user = `e2e.clerk.${randomBytes(2).toString('hex')}`;
  const first = `First-${randomBytes(6).toString('hex')}`;
  const second = `Second-${randomBytes(6).toString('hex')}`;
  await gql(base, token, 'mutation($u:String!,$p:String!){createStaff(input:{username:$u,password:$p,role:OPERATOR}){id}}', { u: user, p: first });

  const signIn = async (u, p) => {
    await page.goto('/login');
    await page.getByLabel('Username').fill(u);
    await page.getByLabel('Password', { exact: true }).fill(p);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const signOut = async () => {
    await page.getByTestId('account-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
  };

  await test('change own password, then sign in with it', async () => {
    await signIn(user, first);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('account-menu').click();
    await page.getByTestId('my-account').click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    const form = page.getByTestId('password-form');
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill(second);
    await form.getByLabel('New password again').fill(second);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('the current password is wrong').waitFor();
    await form.getByLabel('Current password').fill(first);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    await shot('30-my-account');
    await signOut();
    await signIn(user, first);
    await page.getByTestId('login-error').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(second);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  let enrolledStep = 0;
  let recovery = '';
  await test('TOTP enrolment and sign-in with a code', async () => {
    await page.goto('/account');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByAltText('QR code to scan with an authenticator app').waitFor();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    if (!/^[A-Z2-7]{32}$/.test(secret)) throw new Error(`TOTP key shown: ${secret}`);
    await shot('31-totp-enrol');
    enrolledStep = stepNow();
    await page.getByLabel('Code').fill(totpCode(secret, enrolledStep));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    recovery = ((await codes.locator('code').first().textContent()) ?? '').trim();
    if ((await codes.locator('code').count()) !== 10) throw new Error('not ten recovery codes');
    await shot('32-totp-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByTestId('totp-state').filter({ hasText: 'On' }).waitFor();
    await signOut();
    await signIn(user, second);
    const code = page.getByTestId('totp-code');
    await code.waitFor();
    await shot('33-totp-sign-in');
    // The enrolment spent this step's code: wait for the next step.
    while (stepNow() <= enrolledStep) await page.waitForTimeout(1000);
    await code.fill('000000' === totpCode(secret, stepNow()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-error').waitFor();
    await code.fill(totpCode(secret, stepNow()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await signOut();
    await signIn(user, second);
    await page.getByTestId('totp-code').fill(recovery);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await signOut();
  });

  await test('admin resets a password and reads the audit log', async () => {
    const { login } = await gql(base, null, 'mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}', { u: user, p: second }).catch((e) => ({ login: { error: e.message } }));
    if (!login?.error?.includes('code')) throw new Error(`login without a code: ${JSON.stringify(login)}`);
    await signIn('admin', adminPassword);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto('/staff');
    const row = page.locator('[data-testid=staff-table] tr', { hasText: user });
    await row.getByText('on', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Reset password' }).click();
    const third = `Third-${randomBytes(6).toString('hex')}`;
    await page.getByLabel('New password', { exact: true }).fill(third);
    await page.getByLabel('New password again').fill(third);
    await shot('34-staff-reset-password');
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    await page.getByText(`Password of ${user} reset`).waitFor();
    await page.goto('/audit');
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-action').click();
    await page.getByRole('option', { name: 'Failed sign-in' }).click();
    await page.locator('[data-testid=audit-row]', { hasText: 'wrong password' }).first().waitFor();
    await page.locator('[data-testid=audit-row]', { hasText: 'wrong code' }).first().waitFor();
    await shot('35-audit-failed-sign-ins');
    const text = (await page.getByTestId('audit-table').textContent()) ?? '';
    if (/[{}]|"\w+":/.test(text)) throw new Error(`raw JSON in the audit log: ${text.slice(0, 300)}`);
  });
}
