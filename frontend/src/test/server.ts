// A mocked GraphQL server for component tests: the real schema (graph/schema/*.graphqls)
// executed over fixtures, behind the dashboard's real cache. Queries and mutations are answered
// from `root`; subscriptions stay open until the test pushes a payload with `push`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, execute, type ExecutionResult, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { Client, makeResult, type Exchange, type Operation, type OperationResult } from 'urql';
import { filter, fromPromise, makeSubject, map, mergeMap, pipe, share, takeUntil, type Subject } from 'wonka';
import { cacheExchange } from '@urql/exchange-graphcache';
import { cacheConfig } from '../lib/cache';

let schema: GraphQLSchema | null = null;

/** The server's schema, from the files gqlgen reads. */
export function serverSchema(): GraphQLSchema {
  if (!schema) {
    const dir = join(process.cwd(), 'graph', 'schema');
    const sdl = readdirSync(dir)
      .filter((f) => f.endsWith('.graphqls'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    schema = buildSchema(sdl);
    // gqlgen's Int is 64 bits (byte counters, caps): let the mock's Int carry them too
    const int = schema.getType('Int') as GraphQLScalarType;
    int.serialize = (v: unknown) => v;
    int.parseValue = (v: unknown) => v;
  }
  return schema;
}

function operationName(op: Operation): string {
  for (const d of op.query.definitions) if (d.kind === 'OperationDefinition') return d.name?.value ?? '';
  return '';
}

export interface MockServer {
  client: Client;
  /** Names of the queries and mutations sent to the server, in order. */
  sent: string[];
  /** Pushes `payload` as the value of subscription field `field` to every open subscription of it. */
  push(field: string, payload: unknown): void;
  /** How many subscriptions of `field` are open. */
  open(field: string): number;
}

/** A urql client with the dashboard's graphcache over a mocked server answering from `root`. */
export function mockServer(root: Record<string, unknown>): MockServer {
  const s = serverSchema();
  const subs = new Set<{ op: Operation; subject: Subject<OperationResult> }>();
  const sent: string[] = [];
  const run = (op: Operation, rootValue: unknown) =>
    execute({ schema: s, document: op.query, variableValues: op.variables as Record<string, unknown>, rootValue }) as ExecutionResult;

  const server: Exchange = () => (ops$) => {
    const shared = pipe(ops$, share);
    const teardown$ = pipe(shared, filter((op) => op.kind === 'teardown'));
    return pipe(
      shared,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        if (op.kind === 'subscription') {
          const entry = { op, subject: makeSubject<OperationResult>() };
          subs.add(entry);
          return pipe(entry.subject.source, takeUntil(pipe(teardown$, filter((t) => t.key === op.key))));
        }
        sent.push(operationName(op));
        return pipe(
          fromPromise(Promise.resolve().then(() => run(op, root))),
          map((r) => makeResult(op, r)),
        );
      }),
    );
  };

  const rootField = (op: Operation) => {
    for (const d of op.query.definitions) {
      if (d.kind === 'OperationDefinition') {
        const f = d.selectionSet.selections[0];
        return f.kind === 'Field' ? f.name.value : '';
      }
    }
    return '';
  };
  const client = new Client({ url: '/graphql', exchanges: [cacheExchange(cacheConfig), server], requestPolicy: 'cache-and-network' });
  return {
    client,
    sent,
    push(field, payload) {
      for (const e of subs) if (rootField(e.op) === field) e.subject.next(makeResult(e.op, run(e.op, { [field]: payload })));
    },
    open: (field) => [...subs].filter((e) => rootField(e.op) === field).length,
  };
}
