import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql';
import { renderUI } from '../../test/render';
import { CustomerActions, CustomerActionsFragment } from './CustomerActions';

describe('CustomerActions', () => {
  it.each([
    ['ONLINE', true],
    ['OFFLINE', false],
    ['EXPIRED', false],
  ] as const)('a %s customer: Disconnect enabled %s', async (connectionStatus, enabled) => {
    const c = makeFragmentData({ id: 'C1', status: 'ACTIVE', connectionStatus }, CustomerActionsFragment);
    renderUI(<CustomerActions customer={c} onOpen={() => {}} />);
    const b = await screen.findByTestId('disconnect');
    if (enabled) expect(b).toBeEnabled();
    else expect(b).toBeDisabled();
  });
});
