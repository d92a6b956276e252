// The mock mode (`npm run dev:portal -- --mode mock`, or a `vite build --mode mock`): every
// request is answered from fixtures, with state, so each page and action can be looked at and
// screenshotted without a server. `?mock=expired|suspended|poor|fresh` picks the account.
// Sign in with any username and password ("wrong" is refused); the SMS code is 123456.
import type { Exchange } from 'urql';
import { answerExchange, gqlError, type Answer } from './exchange';
import {
  attemptsFixture, historyFixture, homeFixture, ispFixture, isoDaysFromNow, meFixture, offeredPlansFixture, type Scenario,
} from './fixtures';

function scenario(): Scenario {
  const fromUrl = new URLSearchParams(window.location.search).get('mock');
  if (fromUrl) sessionStorage.setItem('linedesk.portal.mock', fromUrl);
  return (sessionStorage.getItem('linedesk.portal.mock') as Scenario | null) ?? 'active';
}

const session = (byCode: boolean): Answer => ({
  data: { token: 'mock-token', expiresAt: isoDaysFromNow(30), byCode },
});

export function mockTransport(): Exchange {
  const sc = scenario();
  let me = meFixture(sc);
  const plans = offeredPlansFixture();
  const wrap = (a: Answer, field: string): Answer => ('data' in a ? { data: { [field]: a.data } } : a);
  return answerExchange(
    {
      Isp: () => ({ data: { isp: ispFixture() } }),
      Me: () => ({ data: { me } }),
      Home: () => ({ data: { me: homeFixture(sc) } }),
      History: () => ({ data: { me: historyFixture() } }),
      Attempts: () => ({ data: { me: { connectionAttempts: attemptsFixture() } } }),
      Plans: () => ({ data: { offeredPlans: plans } }),
      PortalLogin: (v) =>
        v.password === 'wrong' ? gqlError('wrong username or password', 'UNAUTHENTICATED') : v.password === 'many' ? gqlError('too many sign-in attempts; try again in 5 minutes', 'TOO_MANY_REQUESTS') : wrap(session(false), 'portalLogin'),
      PortalRequestCode: () => ({ data: { portalRequestCode: true } }),
      PortalVerifyCode: (v) => (v.code === '123456' ? wrap(session(true), 'portalVerifyCode') : gqlError('the code is wrong or has expired', 'BAD_USER_INPUT')),
      PortalLogout: () => ({ data: { portalLogout: true } }),
      ChangePassword: (v) =>
        v.current === 'wrong'
          ? gqlError('the current password is wrong', 'BAD_USER_INPUT', { field: 'current' })
          : { data: { changePassword: { disconnected: !!v.disconnectNow, message: 'Your router needs the new password: enter it in the router’s PPPoE settings.', subscriber: { connectionStatus: me.connectionStatus } } } },
      SetPassword: (v) => ({ data: { setPassword: { disconnected: !!v.disconnectNow, message: 'Your router needs the new password: enter it in the router’s PPPoE settings.', subscriber: { connectionStatus: me.connectionStatus } } } }),
      Renew: () => {
        if (me.balance < me.profile.price) return gqlError(`balance is less than the price of ${me.profile.name}`, 'BAD_USER_INPUT');
        me = { ...me, balance: me.balance - me.profile.price, expiresAt: isoDaysFromNow(42), daysLeft: 42, connectionStatus: 'OFFLINE' };
        return { data: { renew: { expiresAt: me.expiresAt, daysLeft: me.daysLeft, balance: me.balance, connectionStatus: me.connectionStatus } } };
      },
      SetAutoRenew: (v) => {
        me = { ...me, autoRenew: !!v.on };
        return { data: { setAutoRenew: { autoRenew: me.autoRenew } } };
      },
      PlanChange: (v) => {
        const p = plans.find((x) => x.id === v.profileID)!;
        me = { ...me, pendingProfile: { id: p.id, name: p.name } };
        return { data: { changePlan: { appliedNow: false, transaction: null, subscriber: { expiresAt: me.expiresAt, balance: me.balance, profile: me.profile, pendingProfile: me.pendingProfile } } } };
      },
      UpdateEmail: (v) => {
        me = { ...me, email: (v.email as string) || null };
        return { data: { updateEmail: { email: me.email } } };
      },
      RequestPhoneChange: () => ({ data: { requestPhoneChange: true } }),
      ConfirmPhoneChange: (v) => {
        me = { ...me, phone: String(v.phone) };
        return { data: { confirmPhoneChange: { phone: me.phone } } };
      },
    },
    {
      delayMs: 150,
      subscriptions: {
        SessionUpdated: (push) => {
          const s = homeFixture(sc).currentSession;
          if (!s) return () => {};
          let n = 0;
          const id = setInterval(() => {
            n++;
            push({ data: { sessionUpdated: { ...s, bytesOut: s.bytesOut + n * 4_000_000, bytesIn: s.bytesIn + n * 300_000, updatedAt: new Date().toISOString() } } });
          }, 2000);
          return () => clearInterval(id);
        },
      },
    },
  );
}
