// The cache's configuration against the schema: every object type without an id is declared
// embedded (graphcache would otherwise warn and fail to store it), and the updaters that
// decide list membership invalidate what only the server can answer.
import { describe, expect, it } from 'vitest';
import { isObjectType } from 'graphql';
import { cacheExchange } from '@urql/exchange-graphcache';
import { Client, gql, makeResult } from 'urql';
import { map, pipe } from 'wonka';
import { EMBEDDED_TYPES, cacheConfig, keys } from './cache';
import { serverSchema } from '../test/server';
import { derivedStatus } from '../features/customer/cacheUpdates';

const roots = new Set(['Query', 'Mutation', 'Subscription']);

describe('cache keys', () => {
  it('declares every object type without an id, and only those', () => {
    const schema = serverSchema();
    const idless = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name) && !('id' in t.getFields()))
      .map((t) => t.name)
      .sort();
    expect(Object.keys(keys).sort()).toEqual(idless);
    expect(EMBEDDED_TYPES).not.toContain('SettingValue');
    expect(keys.SettingValue!({ __typename: 'SettingValue', key: 'currency' })).toBe('currency');
  });
});

describe('derivedStatus (the server rule, customers.StatusOf)', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  it.each([
    ['2027-01-01T00:00:00Z', true, 'ONLINE'],
    ['2027-01-01T00:00:00Z', false, 'OFFLINE'],
    ['2026-11-01T00:00:00Z', true, 'EXPIRED'],
    ['2026-12-01T00:00:00Z', false, 'EXPIRED'],
  ])('expires %s, open %s → %s', (exp, open, want) => expect(derivedStatus(exp, open, now)).toBe(want));
});

describe('list updaters', () => {
  it('a created customer invalidates the customer lists, so the list on screen is asked again', async () => {
    let asked = 0;
    const customers = () => ({
      __typename: 'CustomerConnection', totalCount: asked, pageInfo: { __typename: 'PageInfo', hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
    const client = new Client({
      url: '/graphql',
      exchanges: [
        cacheExchange(cacheConfig),
        () => (ops$) =>
          pipe(ops$, map((op) => {
            if (op.kind === 'query') asked++;
            const data = op.kind === 'query'
              ? { customers: customers() }
              : { createCustomer: { __typename: 'CreateCustomerPayload', customer: { __typename: 'Customer', id: 'C9' }, generatedPassword: null, warnings: [] } };
            return makeResult(op, { data });
          })),
      ],
    });
    const Q = gql<{ customers: { totalCount: number } }>`query CountCustomers { customers(first: 25) { totalCount } }`;
    const M = gql`mutation AddCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } generatedPassword warnings } }`;
    await client.query(Q, {}).toPromise();
    expect(asked).toBe(1);
    const seen: number[] = [];
    const sub = client.query(Q, {}).subscribe((r) => r.data && seen.push(r.data.customers.totalCount));
    await client.mutation(M, { input: { username: 'x', phone: '1', profileID: 'P1' } }).toPromise();
    await new Promise((r) => setTimeout(r, 20));
    sub.unsubscribe();
    expect(asked).toBe(2);
    expect(seen.at(-1)).toBe(2);
  });
});
