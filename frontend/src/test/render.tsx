import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';

/** A urql client stub answering queries with `answer(query variables)`, or never. */
export function stubClient(answer?: (variables: Record<string, unknown>) => unknown): Client {
  return {
    executeQuery: ({ variables }: { variables: Record<string, unknown> }) =>
      answer ? fromValue({ data: answer(variables), stale: false, hasNext: false }) : never,
    executeMutation: () => never,
    executeSubscription: () => never,
  } as unknown as Client;
}

export function renderUI(ui: ReactElement, client: Client = stubClient()) {
  return render(
    <Provider value={client}>
      <MantineProvider>{ui}</MantineProvider>
    </Provider>,
  );
}
