// Bulk actions: the selection sent (ids, or the list's filter for "all matching"), the
// confirmation's count and words, and the job drawer's progress.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from '../../lib/router';
import type { Client } from 'urql';
import { fromValue, never } from 'wonka';
import { BulkConfirm } from './BulkConfirm';
import { BulkJobDrawer, percent } from './BulkJobDrawer';
import { BULK_ACTIONS, actionEffect, actionLabel } from './actions';
import { i18n, loadLanguage } from '../../i18n';
import { LANGUAGES } from '../../../shared/i18n/languages';
import { selectionInput } from './selection';
import { renderUI } from '../../test/render';

const job = (done: number, state: 'RUNNING' | 'DONE') => ({
  __typename: 'BulkJob' as const, id: '7', action: 'CHANGE_PROFILE', total: 50, done, failed: 0, state, actor: 'admin',
  createdAt: '2026-12-07T10:00:00Z', finishedAt: state === 'DONE' ? '2026-12-07T10:00:09Z' : null,
});

function client(answer: Record<string, unknown>) {
  const sent: { name: string; variables: Record<string, unknown> }[] = [];
  const c = {
    executeQuery: () => fromValue({ data: answer, stale: false, hasNext: false }),
    executeSubscription: () => never,
    executeMutation: (op: { variables: Record<string, unknown>; query: { definitions: { name?: { value: string } }[] } }) => {
      sent.push({ name: op.query.definitions[0].name?.value ?? '', variables: op.variables });
      return fromValue({ data: { bulkChangeProfile: job(0, 'RUNNING') }, stale: false, hasNext: false });
    },
  } as unknown as Client;
  return { c, sent };
}

describe('bulk selection', () => {
  it('sends the ids of picked rows, and the filter for all matching', () => {
    const f = { search: 'kib', status: 'ONLINE' as const, accessState: 'EXPIRED' as const, where: { profileID: 'P2' } };
    expect(selectionInput({ ids: new Set(['3', '9']), all: false }, f)).toEqual({ ids: ['3', '9'] });
    expect(selectionInput({ ids: new Set(['3']), all: true }, f)).toEqual({ search: 'kib', status: 'ONLINE', accessState: 'EXPIRED', where: { profileID: 'P2' } });
  });
});

describe('bulk confirmation', () => {
  it('says how many and what happens, and starts the job with the chosen plan', async () => {
    const { c, sent } = client({});
    const started = vi.fn();
    const action = BULK_ACTIONS.find((a) => a.action === 'CHANGE_PROFILE')!;
    renderUI(
      <MemoryRouter>
        <BulkConfirm action={action} count={50} selection={{ search: 'kib' }} plans={[{ value: 'P2', label: 'Home 20M' }]}
          onClose={() => {}} onStarted={started} onExport={() => {}} />
      </MemoryRouter>, c);
    expect(await screen.findByTestId('bulk-confirm-text')).toHaveTextContent('This applies to 50 customers');
    expect(screen.getByTestId('bulk-confirm-text')).toHaveTextContent('CoA');
    const run = screen.getByTestId('bulk-run');
    expect(run).toBeDisabled(); // no plan chosen yet
    fireEvent.click(screen.getByTestId('bulk-plan'));
    fireEvent.click(await screen.findByRole('option', { name: 'Home 20M', hidden: true }));
    expect(run).toBeEnabled();
    fireEvent.click(run);
    await waitFor(() => expect(started).toHaveBeenCalledWith('7'));
    expect(sent[0]).toMatchObject({ name: 'BulkChangeProfile', variables: { selection: { search: 'kib' }, profileID: 'P2' } });
  });
});

describe('bulk job drawer', () => {
  it('shows the progress and each customer with the router answers', async () => {
    const { c } = client({
      bulkJob: {
        ...job(50, 'DONE'),
        results: {
          __typename: 'BulkJobResultConnection', totalCount: 1,
          pageInfo: { __typename: 'BulkPageInfo', hasNextPage: false, endCursor: '1' },
          edges: [{
            __typename: 'BulkJobResultEdge', cursor: '1',
            node: {
              __typename: 'BulkJobResult', customerID: '12', state: 'DONE', message: 'Plan changed to Home 20M', finishedAt: null,
              customer: { __typename: 'Customer', id: '12', username: 'jane', fullName: 'Jane Wanjiku', accountNo: '100012' },
              routers: [{ __typename: 'BulkRouterAnswer', router: 'tower-1', outcome: 'ACK', message: '' }],
            },
          }],
        },
      },
    });
    renderUI(<MemoryRouter><BulkJobDrawer jobID="7" onClose={() => {}} /></MemoryRouter>, c);
    expect(await screen.findByTestId('bulk-progress-text')).toHaveTextContent('100 % · 50 of 50 done');
    expect(screen.getByText('Jane Wanjiku')).toBeInTheDocument();
    expect(screen.getByText(/tower-1/)).toBeInTheDocument();
    expect(screen.getByTestId('bulk-job-state')).toHaveTextContent('Finished');
    expect(percent(3, 7)).toBe(42);
    expect(percent(0, 0)).toBe(0);
  });
});

describe('bulk words in every language', () => {
  it.each(LANGUAGES)('%s keeps the message fields as written and names every action', async (lang) => {
    await loadLanguage(lang);
    try {
      for (const f of ['{{name}}', '{{account}}', '{{plan}}', '{{expiry}}', '{{amount}}']) expect(actionEffect('MESSAGE')).toContain(f);
      expect(i18n.t('bulk:confirm.defaultBody', { name: '{{name}}', account: '{{account}}', plan: '{{plan}}', expiry: '{{expiry}}', amount: '' })).toContain('{{name}}');
      for (const a of BULK_ACTIONS) expect(actionLabel(a.action)).not.toMatch(/^action\./);
      expect(actionLabel('UNKNOWN')).toBe('UNKNOWN');
    } finally {
      await loadLanguage('en');
    }
  });
});
