// The GraphQL client: urql over HTTP for queries and mutations, graphql-ws for
// subscriptions. Every request carries the token; an UNAUTHENTICATED answer logs out.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { getToken, setToken } from './auth';

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

function wsURL(): string {
  const u = new URL('/graphql', window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
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
    ws = createWSClient({
      url: wsURL(),
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: async (n) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** n, 10000))),
      connectionParams: () => {
        const t = getToken();
        return t ? { Authorization: `Bearer ${t}` } : {};
      },
    });
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
      cacheExchange,
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
