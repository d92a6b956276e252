import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MeContext } from '../../lib/me';
import { setCurrency } from '../../lib/format';
import { renderUI, stubClient } from '../../test/render';
import { TimelineCard } from './TimelineCard';

const entries = [
  { at: '2026-05-03T10:00:00Z', kind: 'NOTE', title: 'Note', detail: 'Will pay Friday', actor: 'alice', amount: null },
  { at: '2026-05-02T10:00:00Z', kind: 'PAYMENT', title: 'Payment', detail: 'mpesa · ref QX12', actor: 'bob', amount: 150000 },
  { at: '2026-05-01T10:00:00Z', kind: 'PLAN_CHANGE', title: 'Plan changed', detail: 'to Fibre 20', actor: 'bob', amount: null },
];

function show(role: 'VIEWER' | 'OPERATOR') {
  setCurrency('KES');
  return renderUI(
    <MeContext.Provider value={{ id: 'S1', username: 'u', role }}>
      <TimelineCard customerID="C1" />
    </MeContext.Provider>,
    stubClient(() => ({ customer: { __typename: 'Customer', id: 'C1', timeline: entries } })),
  );
}

describe('TimelineCard', () => {
  it('shows notes and events in the order given, money in the currency', async () => {
    show('OPERATOR');
    await screen.findByText('Will pay Friday');
    const kinds = [...document.querySelectorAll('[data-kind]')].map((e) => e.getAttribute('data-kind'));
    expect(kinds).toEqual(['NOTE', 'PAYMENT', 'PLAN_CHANGE']);
    expect(screen.getByText('KES 1,500.00')).toBeInTheDocument();
    expect(screen.queryByText('150000')).toBeNull();
    expect(screen.getByTestId('note-input')).toBeInTheDocument();
  });

  it('hides the note box from a viewer', async () => {
    show('VIEWER');
    await screen.findByText('Will pay Friday');
    expect(screen.queryByTestId('note-input')).toBeNull();
  });
});
