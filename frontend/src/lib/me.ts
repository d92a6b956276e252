import { createContext, useContext } from 'react';
import type { Role } from '../gql/graphql';

export interface Me {
  id: string;
  username: string;
  fullName?: string | null;
  role: Role;
  /** The dashboard language chosen by this staff member; null: the installation's. */
  language?: string | null;
}

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me | null {
  return useContext(MeContext);
}

export function useIsAdmin(): boolean {
  return useMe()?.role === 'ADMIN';
}

export function useCanWrite(): boolean {
  const r = useMe()?.role;
  return r === 'ADMIN' || r === 'OPERATOR';
}
