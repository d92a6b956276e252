// The GraphQL client: urql over HTTP for queries and mutations, graphql-ws for
// subscriptions, all through the normalised cache (lib/cache.ts). Every request carries the
// token; an UNAUTHENTICATED answer, or a socket closed with 4403 (Forbidden: the token no
// longer holds), logs out.
import { Client, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import type { Client as WSClient, ExecutionResult, Sink, SubscribePayload } from 'graphql-ws';
import { getToken, setToken } from './auth';
import { graphcacheExchange } from './cache';

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

// graphql-ws is fetched with the first subscription (lib/socket.ts), not with the first load.
let ws: Promise<WSClient> | null = null;
let wsToken: string | null = null;

function wsClient(): Promise<WSClient> {
  const token = getToken();
  if (ws && wsToken !== token) resetSubscriptions();
  if (!ws) {
    wsToken = token;
    ws = import('./socket').then((m) => m.createSocketClient(token));
  }
  return ws;
}

export function resetSubscriptions(): void {
  const old = ws;
  ws = null;
  wsToken = null;
  void old?.then((c) => c.dispose(), () => undefined);
}

/** A subscription through the socket, which is set up (fetched) on first use. */
function subscribeLater(request: SubscribePayload, sink: Sink<ExecutionResult>): { unsubscribe: () => void } {
  let unsubscribe: (() => void) | null = null;
  let done = false;
  wsClient().then(
    (c) => {
      if (!done) unsubscribe = c.subscribe(request, sink);
    },
    (err: unknown) => sink.error(err),
  );
  return {
    unsubscribe: () => {
      done = true;
      unsubscribe?.();
    },
  };
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
          return { subscribe: (sink) => subscribeLater(input, sink) };
        },
      }),
    ],
  });
}
