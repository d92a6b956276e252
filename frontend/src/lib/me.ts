import { createContext, useContext } from 'react';
import type { Role } from '../gql/graphql';

export interface Me {
  id: string;
  username: string;
  fullName?: string | null;
  role: Role;
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
