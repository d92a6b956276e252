// The dashboard's routing, on wouter (the portal's router too): a few kilobytes instead of
// react-router's forty in the first load. The names and behaviour are the part of
// react-router the dashboard used (Link, Navigate, useNavigate, useLocation, useParams,
// useSearchParams; Routes, Route and MemoryRouter for the component tests), so pages did not
// change. Paths match case-insensitively with an optional trailing slash, as before; route
// parameters come decoded.
import { useMemo, type ReactNode } from 'react';
import {
  Link,
  Redirect,
  Route as WouterRoute,
  Router,
  Switch,
  useLocation as useWouterLocation,
  useParams as useWouterParams,
  useSearch,
  useSearchParams,
} from 'wouter';
import { memoryLocation } from 'wouter/memory-location';

export { Link, useSearchParams };

export interface NavigateOptions {
  replace?: boolean;
}

/** The current location: pathname, and search with its "?" (empty when none). */
export function useLocation(): { pathname: string; search: string } {
  const [pathname] = useWouterLocation();
  const search = useSearch();
  return { pathname, search: search ? `?${search}` : '' };
}

/** A function that goes to `to` (a new history entry unless replace). */
export function useNavigate(): (to: string, options?: NavigateOptions) => void {
  const [, navigate] = useWouterLocation();
  return navigate; // stable across renders (wouter's useEvent)
}

/** Goes to `to` once rendered. */
export function Navigate({ to, replace }: { to: string; replace?: boolean }) {
  return <Redirect to={to} replace={replace} />;
}

function decode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The parameters of the route matched, decoded (":id" in "/nas/:id"). */
export function useParams(): Record<string, string | undefined> {
  const raw = useWouterParams() as Record<string, string | undefined>;
  return useMemo(
    () => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === undefined ? v : decode(v)])),
    [raw],
  );
}

/** The first of its Route children whose path matches. */
export function Routes({ children }: { children: ReactNode }) {
  return <Switch>{children}</Switch>;
}

interface RouteProps {
  /** a pattern ("/customers/:id"); "*" or none matches every path */
  path?: string;
  element: ReactNode;
}

/** Renders element where path matches (inside Routes: where it is the first that does). */
export function Route({ path, element, ...rest }: RouteProps) {
  return (
    <WouterRoute path={path} {...rest}>
      {element}
    </WouterRoute>
  );
}

/** A router over an in-memory history starting at initialEntries[0] (component tests). */
export function MemoryRouter({ initialEntries, children }: { initialEntries?: string[]; children: ReactNode }) {
  const start = initialEntries?.[0] ?? '/';
  const location = useMemo(() => memoryLocation({ path: start }), [start]);
  return (
    <Router hook={location.hook} searchHook={location.searchHook}>
      {children}
    </Router>
  );
}
