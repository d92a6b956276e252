// What the first page does not need (the account menu, the toasts' container) is fetched a
// moment after the page has loaded, so it does not compete with the page's own code and data.
import { useEffect, useState } from 'react';

/** How long after the load event the deferred parts are fetched. */
export const LATER_MS = 1500;

let due = false;
const waiting = new Set<() => void>();

function start(): void {
  setTimeout(() => {
    due = true;
    waiting.forEach((f) => f());
    waiting.clear();
  }, LATER_MS);
}

if (typeof window !== 'undefined') {
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

/** False until LATER_MS after the page's load event, then true (for good). */
export function useLater(): boolean {
  const [now, setNow] = useState(due);
  useEffect(() => {
    if (due) {
      setNow(true);
      return;
    }
    const f = () => setNow(true);
    waiting.add(f);
    return () => {
      waiting.delete(f);
    };
  }, []);
  return now;
}

/**
 * False until `ready` has been true for one painted frame, then true (for good): what is
 * drawn after the figures (the charts) starts loading only once the figures are on screen.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}
