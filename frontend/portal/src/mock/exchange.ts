// An urql exchange that answers each operation by its name from handlers instead of the
// network: the component tests and the mock mode use it behind the real client (so the
// sign-out on UNAUTHENTICATED and the document cache run as in production).
import { filter, make, mergeMap, pipe } from 'wonka';
import { getOperationName, makeErrorResult, makeResult, type Exchange, type Operation } from 'urql';

export interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

/** What a handler answers: data, GraphQL errors, or a network failure. */
export type Answer = { data?: unknown; errors?: GraphQLErrorLike[] } | { network: string };

export type Handler = (variables: Record<string, unknown>, op: Operation) => Answer | Promise<Answer>;

/** A subscription handler gets `push` and returns the function that ends it. */
export type SubscriptionHandler = (push: (a: Answer) => void, variables: Record<string, unknown>) => () => void;

export interface AnswerOptions {
  subscriptions?: Record<string, SubscriptionHandler>;
  /** every operation, in order (tests assert what was sent) */
  log?: Operation[];
  /** answer after this many ms (the mock mode shows loading states) */
  delayMs?: number;
}

/** A GraphQL error answer with extensions.code. */
export function gqlError(message: string, code?: string, extra: Record<string, unknown> = {}): Answer {
  return { errors: [{ message, extensions: code ? { code, ...extra } : extra }] };
}

function result(op: Operation, a: Answer) {
  if ('network' in a) return makeErrorResult(op, new Error(a.network));
  return makeResult(op, { data: a.data ?? null, errors: a.errors as never });
}

export function answerExchange(handlers: Record<string, Handler>, opts: AnswerOptions = {}): Exchange {
  return () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        const name = getOperationName(op.query) ?? '';
        opts.log?.push(op);
        const variables = (op.variables ?? {}) as Record<string, unknown>;
        return make((observer) => {
          let done = false;
          if (op.kind === 'subscription') {
            const sub = opts.subscriptions?.[name];
            const stop = sub ? sub((a) => !done && observer.next(result(op, a)), variables) : () => {};
            return () => {
              done = true;
              stop();
            };
          }
          const h = handlers[name];
          const answer = async () => {
            if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
            return h ? h(variables, op) : ({ network: `no mock answer for ${name}` } as Answer);
          };
          answer().then(
            (a) => {
              if (done) return;
              observer.next(result(op, a));
              observer.complete();
            },
            (err: unknown) => {
              if (done) return;
              observer.next(makeErrorResult(op, err instanceof Error ? err : new Error(String(err))));
              observer.complete();
            },
          );
          return () => {
            done = true;
          };
        });
      }),
    );
}
