import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useNavigate } from '../lib/router';

// The list of shortcuts (a modal): its own chunk, fetched the first time `?` is pressed.
const ShortcutsHelp = lazy(() => import('./ShortcutsHelp').then((m) => ({ default: m.ShortcutsHelp })));

/** The key that starts a go-to shortcut. */
export const GO_KEY = 'g';

/** The `g` shortcuts: `g` then the key opens the page. */
export const GO_TO = [
  { key: 'd', to: '/', label: 'dashboard' },
  { key: 'c', to: '/customers', label: 'customers' },
  { key: 'p', to: '/profiles', label: 'profiles' },
  { key: 'r', to: '/nas', label: 'nas' },
] as const;

/** Whether a key press belongs to a field being typed in (shortcuts leave it alone). */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/** focusSearch puts the cursor in the page's search box; false when the page has none. */
export function focusSearch(): boolean {
  const el = document.querySelector<HTMLInputElement>('[data-search-input]');
  if (!el) return false;
  el.focus();
  el.select();
  return true;
}

/**
 * Keyboard shortcuts of the dashboard: `/` focuses the search (on the customers list when the
 * page has none), `g d`, `g c`, `g p`, `g r` go to a page, `?` shows them all.
 */
export function Shortcuts() {
  const navigate = useNavigate();
  const [help, setHelp] = useState(false);
  const [shown, setShown] = useState(false); // once shown, kept mounted (its closing transition)
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp((h) => !h);
        setShown(true);
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        if (!focusSearch()) {
          navigate('/customers');
          setTimeout(focusSearch, 50);
        }
        return;
      }
      if (Date.now() - pendingG.current < 1500) {
        pendingG.current = 0;
        const target = GO_TO.find((g) => g.key === e.key);
        if (target) {
          e.preventDefault();
          setHelp(false);
          navigate(target.to);
        }
        return;
      }
      if (e.key === GO_KEY) pendingG.current = Date.now();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
  if (!shown) return null;
  return (
    <Suspense fallback={null}>
      <ShortcutsHelp opened={help} onClose={() => setHelp(false)} />
    </Suspense>
  );
}
