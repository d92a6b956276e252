// The portal's graphql-ws client against a scripted server: the token goes in
// connection_init; a socket the server closes with 4403 signs out (and is not retried);
// another close does not sign out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSession, signIn, signOut, wasEndedByServer } from './auth';
import { createSocketClient, isForbiddenClose, makeClient } from './client';

type Handler = ((e: unknown) => void) | null;

class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static instances: FakeSocket[] = [];
  static onInit: (s: FakeSocket, payload: unknown) => void = () => {};

  readyState = FakeSocket.CONNECTING;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;

  constructor(public url: string) {
    FakeSocket.instances.push(this);
    setTimeout(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.({});
    }, 0);
  }

  send(data: string) {
    const m = JSON.parse(data) as { type: string; payload?: unknown };
    if (m.type === 'connection_init') FakeSocket.onInit(this, m.payload);
  }

  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const session = { token: 'tok-ws', expiresAt: new Date(Date.now() + 864e5).toISOString(), byCode: false };

async function subscribeWith(onInit: (s: FakeSocket, payload: unknown) => void) {
  FakeSocket.instances = [];
  FakeSocket.onInit = onInit;
  signIn(session, false);
  const client = await createSocketClient('tok-ws', FakeSocket);
  const seen = { error: null as unknown };
  client.subscribe({ query: 'subscription { sessionUpdated { open } }' }, { next: () => {}, error: (e) => (seen.error = e), complete: () => {} });
  return { client, seen };
}

afterEach(() => signOut());

describe('subscription socket', () => {
  it('sends the token in connection_init, to /portal/graphql', async () => {
    let payload: unknown;
    const { client } = await subscribeWith((s, p) => {
      payload = p;
      s.onmessage?.({ data: JSON.stringify({ type: 'connection_ack' }) });
    });
    await sleep(30);
    expect(payload).toEqual({ Authorization: 'Bearer tok-ws' });
    expect(FakeSocket.instances[0].url).toMatch(/^ws:\/\/[^/]+\/portal\/graphql$/);
    await client.dispose();
  });

  it('signs out when the server closes with 4403, and does not reconnect', async () => {
    const { client } = await subscribeWith((s) => s.close(4403, 'Forbidden'));
    await sleep(100);
    expect(getSession()).toBeNull();
    expect(wasEndedByServer()).toBe(true);
    expect(FakeSocket.instances).toHaveLength(1);
    await client.dispose();
  });

  it('stays signed in after another close (the socket is retried)', async () => {
    const { client } = await subscribeWith((s) => s.close(1011, 'internal error'));
    await sleep(100);
    expect(getSession()?.token).toBe('tok-ws');
    await client.dispose();
  });

  it('recognises only 4403 as Forbidden', () => {
    expect(isForbiddenClose({ code: 4403 })).toBe(true);
    expect(isForbiddenClose({ code: 4401 })).toBe(false);
    expect(isForbiddenClose(new Error('x'))).toBe(false);
  });
});

describe('HTTP client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token as a bearer header; the anonymous client (isp) sends none and signs nobody out', async () => {
    signIn(session, false);
    const calls: { url: string; auth: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url: String(url), auth: new Headers(init.headers).get('Authorization') });
      const body = { data: null, errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] };
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    });
    await makeClient(undefined, { anonymous: true }).query('query Isp { isp { name } }', {}).toPromise();
    expect(getSession()?.token).toBe('tok-ws');
    await makeClient().query('query Me { me { username } }', {}).toPromise();
    expect(calls).toEqual([
      { url: '/portal/graphql', auth: null },
      { url: '/portal/graphql', auth: 'Bearer tok-ws' },
    ]);
    // UNAUTHENTICATED on the subscriber's own client signs out
    expect(getSession()).toBeNull();
    expect(window.location.href).not.toContain('tok-ws');
  });
});
