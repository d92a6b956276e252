// The signed-in subscriber (the `me` query), loaded once by the shell and shared with every
// page: status, restriction, plan, balance, expiry. Mutations answer with a Subscriber, and
// urql's document cache then refetches every query holding one.
import { createContext, useContext } from 'react';
import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';

export const MeDocument = graphql(`
  query Me {
    me {
      accountNo
      username
      fullName
      phone
      email
      status
      connectionStatus
      restriction
      autoRenew
      language
      expiresAt
      daysLeft
      balance
      profile {
        id
        name
        description
        downloadKbps
        uploadKbps
        dataLimitBytes
        validityDays
        price
      }
      pendingProfile {
        id
        name
      }
    }
  }
`);

export type Me = MeQuery['me'];

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('MeContext missing');
  return me;
}

/** Why this subscriber may not act (suspended or disabled), or null when they may. */
export function useRestriction(): string | null {
  return useMe().restriction ?? null;
}
