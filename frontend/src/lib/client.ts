// The GraphQL client: urql over HTTP for queries and mutations, graphql-ws for
// subscriptions, all through the normalised cache (lib/cache.ts). Every request carries the
// token; an UNAUTHENTICATED answer, or a socket closed with 4403 (Forbidden: the token no
// longer holds), logs out.
import { Client, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { getToken, setToken } from './auth';
import { graphcacheExchange } from './cache';

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

function wsURL(): string {
  const u = new URL('/graphql', window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

/**
 * Close code with which the server ends a socket whose token was refused or no longer holds
 * (revoked, expired, staff disabled, role lowered): graphql-transport-ws's Forbidden.
 */
export const CLOSE_FORBIDDEN = 4403;

/** Whether a graphql-ws close event (or error) is the server's Forbidden. */
export function isForbiddenClose(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === CLOSE_FORBIDDEN;
}

/** Sockets are retried after any failure but Forbidden: that one means signed out. */
export function shouldRetrySocket(e: unknown): boolean {
  return !isForbiddenClose(e);
}

/**
 * Called when a socket opened with `token` closes: a Forbidden close signs out, unless
 * another login has replaced that token meanwhile.
 */
export function socketClosed(e: unknown, token: string | null): void {
  if (!isForbiddenClose(e) || !token || getToken() !== token) return;
  setToken(null);
  resetSubscriptions();
}

/** The graphql-ws client for `token` (webSocketImpl: for tests). */
export function createSocketClient(token: string | null, webSocketImpl?: unknown): WSClient {
  return createWSClient({
    url: wsURL(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: shouldRetrySocket,
    retryWait: async (n) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** n, 10000))),
    connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
    on: { closed: (e) => socketClosed(e, token) },
    webSocketImpl,
  });
}

let ws: WSClient | null = null;
let wsToken: string | null = null;

function wsClient(): WSClient {
  const token = getToken();
  if (ws && wsToken !== token) {
    ws.dispose();
    ws = null;
  }
  if (!ws) {
    wsToken = token;
    ws = createSocketClient(token);
  }
  return ws;
}

export function resetSubscriptions(): void {
  ws?.dispose();
  ws = null;
  wsToken = null;
}

export function makeClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const t = getToken();
      const headers: Record<string, string> = t ? { Authorization: `Bearer ${t}` } : {};
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error) && getToken()) {
            setToken(null);
            resetSubscriptions();
          }
        },
      }),
      graphcacheExchange(),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = wsClient().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
