// The subscriber's sign-in: the token in memory, mirrored to Web Storage so a reload keeps it.
//
// Which storage: localStorage when the subscriber ticks "keep me signed in on this phone"
// (the default: the portal is opened on the subscriber's own phone, the token lasts the
// ISP's portal_token_days, and signing in again each visit would mean finding the router's
// PPPoE password or paying for another SMS code); sessionStorage otherwise (a shared or
// borrowed device: the sign-in ends with the tab). Only script on this origin can read either,
// and the CSP allows no inline or foreign script. The token never goes into a URL.
import { useSyncExternalStore } from 'react';

export interface PortalSession {
  token: string;
  /** RFC 3339; after it the server refuses the token anyway */
  expiresAt: string;
  /** Signed in with an SMS code: setPassword works without the current password. */
  byCode: boolean;
}

const KEY = 'linedesk.portal.session';
/** Set when the server ended the sign-in, so the sign-in page can say why. */
const ENDED_KEY = 'linedesk.portal.ended';
const listeners = new Set<() => void>();

function parse(raw: string | null): PortalSession | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as PortalSession;
    if (typeof s.token !== 'string' || !s.token) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
    return { token: s.token, expiresAt: String(s.expiresAt ?? ''), byCode: !!s.byCode };
  } catch {
    return null;
  }
}

function storages(): Storage[] {
  const out: Storage[] = [];
  try {
    out.push(window.localStorage);
  } catch {
    /* blocked */
  }
  try {
    out.push(window.sessionStorage);
  } catch {
    /* blocked */
  }
  return out;
}

function load(): PortalSession | null {
  for (const s of storages()) {
    const v = parse(s.getItem(KEY));
    if (v) return v;
  }
  return null;
}

let current: PortalSession | null = load();

export function getSession(): PortalSession | null {
  if (current?.expiresAt && Date.parse(current.expiresAt) <= Date.now()) current = null;
  return current;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

function emit() {
  listeners.forEach((l) => l());
}

/** Signs in: keeps the session in localStorage when `remember`, else in sessionStorage. */
export function signIn(session: PortalSession, remember: boolean): void {
  current = session;
  try {
    window.sessionStorage.removeItem(ENDED_KEY);
  } catch {
    /* ignore */
  }
  for (const s of storages()) {
    try {
      s.removeItem(KEY);
    } catch {
      /* ignore */
    }
  }
  try {
    (remember ? window.localStorage : window.sessionStorage).setItem(KEY, JSON.stringify(session));
  } catch {
    /* private mode: memory only */
  }
  emit();
}

/**
 * Forgets the session. `ended` means the server ended it (UNAUTHENTICATED, a 4403 socket
 * close): the sign-in page then says so.
 */
export function signOut(ended = false): void {
  current = null;
  for (const s of storages()) {
    try {
      s.removeItem(KEY);
    } catch {
      /* ignore */
    }
  }
  try {
    if (ended) window.sessionStorage.setItem(ENDED_KEY, '1');
    else window.sessionStorage.removeItem(ENDED_KEY);
  } catch {
    /* ignore */
  }
  emit();
}

/** Whether the last sign-out was the server's doing (read once by the sign-in page). */
export function wasEndedByServer(): boolean {
  try {
    return window.sessionStorage.getItem(ENDED_KEY) === '1';
  } catch {
    return false;
  }
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) {
      current = load();
      l();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(l);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSession(): PortalSession | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
