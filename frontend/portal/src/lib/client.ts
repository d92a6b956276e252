// The portal's GraphQL client: urql over HTTP to /portal/graphql for queries and mutations,
// graphql-ws on the same path for the one subscription (sessionUpdated). graphql-ws is
// loaded only when a subscription starts (the home page), not with the first screen.
//
// Every request carries the subscriber's token (the socket in connection_init). An
// UNAUTHENTICATED answer, or a socket closed with 4403 (the token no longer holds: password
// changed, suspended, signed out elsewhere), signs out and the app returns to sign-in.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError, type Exchange } from 'urql';
import type { Client as WSClient } from 'graphql-ws';
import { getToken, signOut } from './auth';
import { API_PATH } from './client-path';

export { API_PATH };

/** graphql-transport-ws's Forbidden: the server closes a socket whose token was refused. */
export const CLOSE_FORBIDDEN = 4403;

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

export function isForbiddenClose(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === CLOSE_FORBIDDEN;
}

/** A socket opened with `token` closed: Forbidden signs out, unless another sign-in replaced it. */
export function socketClosed(e: unknown, token: string | null): void {
  if (!isForbiddenClose(e) || !token || getToken() !== token) return;
  signOut(true);
  resetSubscriptions();
}

function wsURL(): string {
  const u = new URL(API_PATH, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

/** The graphql-ws client for `token` (webSocketImpl: for tests). */
export async function createSocketClient(token: string | null, webSocketImpl?: unknown): Promise<WSClient> {
  const { createClient } = await import('graphql-ws');
  return createClient({
    url: wsURL(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: (e) => !isForbiddenClose(e),
    retryWait: async (n) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** n, 15000))),
    connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
    on: { closed: (e) => socketClosed(e, token) },
    webSocketImpl,
  });
}

let ws: Promise<WSClient> | null = null;
let wsToken: string | null = null;

function socket(): Promise<WSClient> {
  const token = getToken();
  if (ws && wsToken !== token) resetSubscriptions();
  if (!ws) {
    wsToken = token;
    ws = createSocketClient(token);
  }
  return ws;
}

export function resetSubscriptions(): void {
  const old = ws;
  ws = null;
  wsToken = null;
  void old?.then((c) => c.dispose()).catch(() => {});
}

const subscriptions = subscriptionExchange({
  forwardSubscription(request) {
    const input = { ...request, query: request.query || '' };
    return {
      subscribe(sink) {
        let closed = false;
        let stop = () => {};
        socket()
          .then((c) => {
            if (!closed) stop = c.subscribe(input, sink);
          })
          .catch((err: unknown) => sink.error(err));
        return {
          unsubscribe() {
            closed = true;
            stop();
          },
        };
      },
    };
  },
});

/**
 * A client for the current token. `transport` replaces the network (tests and the mock mode
 * answer from fixtures); the sign-out on UNAUTHENTICATED stays in front of it. `anonymous`
 * sends no token (the `isp` query of the sign-in and every other page needs none, and a
 * stale token must not cost the page its branding).
 */
export function makeClient(transport?: Exchange, { anonymous = false } = {}): Client {
  return new Client({
    url: API_PATH,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const t = anonymous ? null : getToken();
      const headers: Record<string, string> = t ? { Authorization: `Bearer ${t}` } : {};
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error) {
          if (!anonymous && isUnauthenticated(error) && getToken()) {
            signOut(true);
            resetSubscriptions();
          }
        },
      }),
      cacheExchange,
      ...(transport ? [transport] : [fetchExchange, subscriptions]),
    ],
  });
}
