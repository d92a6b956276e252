// Renders the whole portal at a path with the GraphQL API answered from handlers (the real
// urql client in front, so the document cache and the sign-out on UNAUTHENTICATED run).
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Operation } from 'urql';
import { App } from '../App';
import { createPortalI18n } from '../i18n';
import { signIn, type PortalSession } from '../lib/auth';
import { answerExchange, type Handler, type SubscriptionHandler } from '../mock/exchange';
import {
  attemptsFixture, historyFixture, homeFixture, ispFixture, meFixture, offeredPlansFixture, type Scenario,
} from '../mock/fixtures';

export const SESSION: PortalSession = { token: 'tok-1', expiresAt: new Date(Date.now() + 86400000).toISOString(), byCode: false };

/** Answers for every query, for an account in `scenario`. */
export function defaultHandlers(scenario: Scenario = 'active'): Record<string, Handler> {
  return {
    Isp: () => ({ data: { isp: ispFixture() } }),
    Me: () => ({ data: { me: meFixture(scenario) } }),
    Home: () => ({ data: { me: homeFixture(scenario) } }),
    History: () => ({ data: { me: historyFixture() } }),
    Attempts: () => ({ data: { me: { connectionAttempts: attemptsFixture() } } }),
    Plans: () => ({ data: { offeredPlans: offeredPlansFixture() } }),
  };
}

export interface RenderOptions {
  path?: string;
  session?: PortalSession | null;
  scenario?: Scenario;
  handlers?: Record<string, Handler>;
  subscriptions?: Record<string, SubscriptionHandler>;
}

export function renderPortal({ path = '/', session = SESSION, scenario = 'active', handlers = {}, subscriptions }: RenderOptions = {}) {
  if (session) signIn(session, false);
  window.history.replaceState(null, '', `/portal${path}`);
  const log: Operation[] = [];
  const transport = answerExchange({ ...defaultHandlers(scenario), ...handlers }, { log, subscriptions });
  const i18n = createPortalI18n('en');
  const view = render(
    <I18nextProvider i18n={i18n}>
      <App transport={transport} />
    </I18nextProvider>,
  );
  /** the operations sent with this name, in order */
  const sent = (name: string) =>
    log.filter((op) => op.kind !== 'teardown' && op.query.definitions.some((d) => 'name' in d && d.name?.value === name));
  return { ...view, log, sent };
}

/** Normalises the no-break spaces Intl puts into money and units. */
export function plain(s: string | null | undefined): string {
  return (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
}
