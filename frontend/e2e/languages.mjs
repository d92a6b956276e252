// The dashboard and the portal in Swahili and French: the language is chosen as a person
// would (the chooser on My account / the portal's Account page), then the main pages are read
// and must hold none of the English words of those pages. Only the page's own content is read
// (<main>): the frame (navigation) is checked with the pages that own it. At the end the
// language goes back to English, so later tests read English.

/** English words of each page that a translated page must not show (whole words, case-sensitive). */
const DASHBOARD = {
  '/': ['Live overview of PPPoE subscribers', 'Online sessions, last 24 hours'],
  '/customers': ['PPPoE subscribers', 'Account No', 'Username', 'Phone', 'Joined', 'Expires'],
  '/sessions': ['Online sessions', 'Every open PPPoE session, with live counters'],
  '/nas': ["Each router's health: tell a customer problem from a router problem"],
  '/profiles': ['Internet plans: speed, data cap, validity and price'],
  '/radius-log': ['Every login attempt with its answer, and the packets that got none'],
  '/audit': ['Audit log', 'Every change made by staff, API tokens and subscribers in the portal, and every failed sign-in'],
  '/payments': ['Export CSV', 'From', 'Method', 'Source', 'Kind', 'Load more', 'No payments match'],
  '/vouchers': ['Vouchers', 'Recharge cards sold for cash through agents', 'Show voided batches'],
  '/reports': ['Reports', 'Customers', 'Revenue', 'Expiring', 'Top users', 'Months', 'New and churned customers'],
  '/reports?tab=revenue': ['Payments minus refunds', 'By day', 'By month', 'By method', 'Renewal charges by plan'],
  '/reports?tab=expiring': ['Expiring from', 'Auto-renew', 'Export CSV'],
  '/staff': ['Staff & API tokens', 'Add staff member', 'Username', 'Last sign-in', 'Reset password', 'Sign-ins'],
  '/settings': ['Settings', 'General', 'Reminders & messages', 'Save settings', 'No changes', 'Currency', 'Time zone'],
  '/payments/unmatched': ['Unmatched payments', 'Waiting', 'Assigned', 'Refunded', 'Received', 'Payer'],
  '/account': ['My account', 'Two-factor sign-in', 'Current password', 'Where you are signed in', 'Change password'],
};

const PORTAL = {
  '/portal/': ['Balance', 'Plan', 'Expires on', 'Data used this period', 'Current connection'],
  '/portal/history': ['History', 'Connections', 'Payments and charges'],
  '/portal/plans': ['Your plan', 'Plans you can move to'],
  '/portal/pay': ['Renew and pay', 'Renew from your balance', 'Redeem a voucher', 'How to pay'],
  '/portal/account': ['Your details', 'Account number', 'Change your password', 'Automatic renewal', 'Sign out'],
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English words of `words` that `text` shows. */
export function englishLeft(text, words) {
  return words.filter((w) => new RegExp(`(^|[^\\p{L}])${escape(w)}($|[^\\p{L}])`, 'u').test(text));
}

async function readMain(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return page.locator('main').first().innerText();
}

async function checkPages(page, pages, lang, what) {
  const faults = [];
  for (const [path, words] of Object.entries(pages)) {
    await page.goto(path);
    const left = englishLeft(await readMain(page), words);
    if (left.length) faults.push(`${what} ${path} in ${lang}: ${left.join(', ')}`);
  }
  if (faults.length) throw new Error(faults.join('\n'));
}

/** The dashboard in Swahili and French, chosen on My account. `page` is signed in as an admin. */
export async function dashboardLanguageTests({ test, page, shot }) {
  for (const lang of ['sw', 'fr']) {
    await test(`dashboard in ${lang}: no English left on the main pages`, async () => {
      await page.goto('/account');
      await page.getByTestId('language-select').selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await checkPages(page, DASHBOARD, lang, 'dashboard');
      await page.goto('/payments');
      await shot(`lang-${lang}-payments`);
    });
  }
  await test('dashboard back in English', async () => {
    await page.goto('/account');
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('heading', { name: 'My account', exact: true }).waitFor();
  });
}

/** The portal in Swahili and French, chosen on its Account page. `page` is a signed-in subscriber. */
export async function portalLanguageTests({ test, page, shot }) {
  for (const lang of ['sw', 'fr']) {
    await test(`portal in ${lang}: no English left on the main pages`, async () => {
      await page.goto('/portal/account');
      await page.getByTestId('language').selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await checkPages(page, PORTAL, lang, 'portal');
      await page.goto('/portal/');
      await shot(`lang-${lang}-home`);
    });
  }
  await test('portal back in English', async () => {
    await page.goto('/portal/account');
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
  });
}
