// The dashboard's graphql-ws client against a scripted server: a socket the server closes with
// 4403 (the token no longer holds) signs out and is not reconnected; other closes are retried.
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketClient, shouldRetrySocket } from './socket';
import { getToken, setToken } from './auth';

type Handler = ((e: unknown) => void) | null;

/** How the scripted server answers: after connection_init, after subscribe. */
interface Script {
  onInit(s: FakeSocket): void;
  onSubscribe?(s: FakeSocket, id: string): void;
}

class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static instances: FakeSocket[] = [];
  static script: Script;

  readyState = FakeSocket.CONNECTING;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;

  constructor(
    public url: string,
    public protocol: string,
  ) {
    FakeSocket.instances.push(this);
    setTimeout(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.({});
    }, 0);
  }

  send(data: string) {
    const m = JSON.parse(data) as { type: string; id?: string };
    if (m.type === 'connection_init') FakeSocket.script.onInit(this);
    if (m.type === 'subscribe') FakeSocket.script.onSubscribe?.(this, m.id ?? '');
  }

  /** A message from the server. */
  push(msg: unknown) {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(msg) }), 0);
  }

  /** The server (or the client) closes the socket. */
  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribes once and collects what the sink sees. */
function run(token: string, script: Script) {
  FakeSocket.instances = [];
  FakeSocket.script = script;
  setToken(token);
  const client = createSocketClient(token, FakeSocket);
  const seen = { next: 0, error: null as unknown, complete: false };
  client.subscribe(
    { query: 'subscription { sessionUpdated { id } }' },
    {
      next: () => seen.next++,
      error: (e) => (seen.error = e),
      complete: () => (seen.complete = true),
    },
  );
  return { client, seen };
}

afterEach(() => setToken(null));

describe('WebSocket close codes', () => {
  it('never retries Forbidden (4403), retries the rest', () => {
    expect(shouldRetrySocket({ code: 4403, reason: 'Unauthenticated: the token was revoked' })).toBe(false);
    expect(shouldRetrySocket({ code: 1013, reason: 'try again' })).toBe(true);
    expect(shouldRetrySocket({ code: 1006, reason: '' })).toBe(true);
    expect(shouldRetrySocket(new Error('network'))).toBe(true);
  });

  it('signs out and does not reconnect when a live socket is closed with 4403', async () => {
    const { client, seen } = run('tok-live', {
      onInit: (s) => s.push({ type: 'connection_ack' }),
      onSubscribe: (s, id) => {
        s.push({ type: 'next', id, payload: { data: { sessionUpdated: { id: '1' } } } });
        setTimeout(() => s.close(4403, 'Unauthenticated: the token was revoked'), 20);
      },
    });
    await sleep(1600); // the first retry would come after 1 s
    expect(seen.next).toBe(1);
    expect((seen.error as { code?: number } | null)?.code).toBe(4403);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(getToken()).toBeNull();
    client.dispose();
  });

  it('signs out and does not reconnect when connection_init is refused with 4403', async () => {
    const { client, seen } = run('tok-refused', { onInit: (s) => s.close(4403, 'Unauthenticated: the token is not valid') });
    await sleep(1600);
    expect((seen.error as { code?: number } | null)?.code).toBe(4403);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(getToken()).toBeNull();
    client.dispose();
  });

  it('keeps the login and reconnects after another close (1013: try again later)', async () => {
    const { client, seen } = run('tok-retry', {
      onInit: (s) => (FakeSocket.instances.length === 1 ? s.close(1013, 'try again') : s.push({ type: 'connection_ack' })),
    });
    await sleep(1600);
    expect(FakeSocket.instances.length).toBeGreaterThanOrEqual(2);
    expect(seen.error).toBeNull();
    expect(getToken()).toBe('tok-retry');
    client.dispose();
  });

  it('a 4403 of a replaced login does not sign the new one out', async () => {
    const { client } = run('tok-old', {
      onInit: (s) => {
        setToken('tok-new'); // another login happened meanwhile
        s.close(4403, 'Unauthenticated: the token was revoked');
      },
    });
    await sleep(100);
    expect(getToken()).toBe('tok-new');
    client.dispose();
  });
});
