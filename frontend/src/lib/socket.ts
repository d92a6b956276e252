// The dashboard's graphql-ws client (subscriptions), its own chunk: lib/client.ts fetches it
// with the first subscription. Every socket carries the token; a socket closed with 4403
// (Forbidden: the token no longer holds) logs out and is not reconnected.
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { getToken, setToken } from './auth';
import { resetSubscriptions } from './client';

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
